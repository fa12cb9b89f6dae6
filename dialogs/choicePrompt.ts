import { Activity, ActivityTypes, CardFactory, InputHints, MessageFactory, TurnContext } from 'botbuilder';
import { Prompt, PromptOptions, PromptRecognizerResult, PromptValidator } from 'botbuilder-dialogs';
import { normalizeText } from '../src/text/normalize';
import { matchesWords } from './words';

/** One answer a prompt accepts: the button title, the value the step receives, typed synonyms. */
export interface ChoiceOption {
    value: string;
    title: string;
    synonyms?: string[];
}

/** What the waterfall step receives: the chosen value, or free text when the prompt allows it. */
export interface ChoiceAnswer {
    value?: string;
    text: string;
}

export interface ChoicePromptOptions extends PromptOptions {
    validations: { options: ChoiceOption[]; freeText?: boolean };
}

/** Longest free-text answer kept; longer messages are refused before dialogs run. */
const MAX_ANSWER_LENGTH = 4000;

/** Reads the answer from typed text, an imBack button (text) or an Adaptive Card submit (value.choice). */
export function answerText(activity: Partial<Activity>): string {
    const value = activity.value as { choice?: unknown } | undefined;
    if (typeof value?.choice === 'string') return value.choice;
    return (activity.text ?? '').trim();
}

export function findOption(text: string, options: ChoiceOption[]): ChoiceOption | undefined {
    const n = normalizeText(text);
    if (n === '') return undefined;
    const exact = options.find(
        (o) => normalizeText(o.value) === n || normalizeText(o.title) === n || (o.synonyms ?? []).some((s) => normalizeText(s) === n),
    );
    if (exact) return exact;
    return options.find((o) => matchesWords(text, (o.synonyms ?? []).map(normalizeText).filter((s) => s !== '')));
}

/**
 * A prompt that takes an answer by button or by typing in any supported language.
 *
 * @remarks
 * botbuilder's ChoicePrompt and ConfirmPrompt have no Romanian recogniser, so options carry their
 * synonyms from `locales/<lng>/common.json`. Buttons are imBack actions on a hero card, which work in
 * Teams (every scope), Web Chat and the Emulator alike.
 */
export class WordChoicePrompt extends Prompt<ChoiceAnswer> {
    constructor(dialogId: string, validator?: PromptValidator<ChoiceAnswer>) {
        super(dialogId, validator);
    }

    protected async onPrompt(context: TurnContext, _state: object, options: PromptOptions, isRetry: boolean): Promise<void> {
        const activity = isRetry && options.retryPrompt ? options.retryPrompt : options.prompt;
        if (activity) await context.sendActivity(activity as Partial<Activity>);
    }

    protected async onRecognize(context: TurnContext, _state: object, options: PromptOptions): Promise<PromptRecognizerResult<ChoiceAnswer>> {
        const activity = context.activity;
        if (activity.type !== ActivityTypes.Message) return { succeeded: false };
        const text = answerText(activity).slice(0, MAX_ANSWER_LENGTH);
        const { options: choices, freeText } = (options as ChoicePromptOptions).validations;
        const option = findOption(text, choices);
        if (option) return { succeeded: true, value: { value: option.value, text } };
        if (freeText && text !== '') return { succeeded: true, value: { text } };
        return { succeeded: false };
    }
}

/** A message with text (Markdown) and imBack buttons. */
export function choiceMessage(text: string, options: ChoiceOption[]): Partial<Activity> {
    if (options.length === 0) return MessageFactory.text(text, undefined, InputHints.ExpectingInput);
    const card = CardFactory.heroCard(
        '',
        undefined,
        options.map((o) => ({ type: 'imBack', title: o.title, value: o.title })),
    );
    const message = MessageFactory.attachment(card, text, undefined, InputHints.ExpectingInput);
    return message;
}

/** Prompt options for {@link WordChoicePrompt}. */
export function choicePromptOptions(
    text: string,
    options: ChoiceOption[],
    retryText: string,
    freeText = false,
): ChoicePromptOptions {
    return {
        prompt: choiceMessage(text, options) as Activity,
        retryPrompt: choiceMessage(retryText, options) as Activity,
        validations: { options, freeText },
    };
}
