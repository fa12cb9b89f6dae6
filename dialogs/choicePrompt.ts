import { Activity, ActivityTypes, CardAction, CardFactory, InputHints, MessageFactory, TurnContext } from 'botbuilder';
import { Prompt, PromptOptions, PromptRecognizerResult, PromptValidator } from './framework';
import { ChoiceOption, messageText, recognizeChoice } from '../src/conversation/recognizer';
import { turnLanguage } from '../src/turnState';
import { readsSentences } from '../src/conversation/classify';

export type { ChoiceOption };

/** What the waterfall step receives: the chosen value, or free text when the prompt allows it. */
export interface ChoiceAnswer {
    value?: string;
    text: string;
}

/**
 * How a prompt reads what the user sends, which decides what may interrupt it:
 * - `choice`: buttons, their words and sentences of their sense ("ok I'm there", "not yet");
 * - `menu`: buttons and their exact words; any other text is a question or a name for the menu;
 * - `text`: a name, an e-mail, a description: taken as typed, only exact command words interrupt;
 * - `entity`: a network, country or hospital, also named inside a sentence ("we're in Italy").
 */
export type PromptKind = 'choice' | 'menu' | 'text' | 'entity';

/** Which catalogue list an `entity` prompt resolves, and in which scope. */
export interface EntityScope {
    kind: 'ern' | 'country' | 'hcp' | 'global';
    ern?: string;
    country?: string;
}

export interface ChoiceValidations {
    options: ChoiceOption[];
    /** Text that picks no option is still an answer (a name, a question, a hospital). */
    freeText?: boolean;
    kind?: PromptKind;
    entity?: EntityScope;
    /** The question in one line, asked again after an interruption ("Do you already have an EU Login?"). */
    short?: string;
    /** A prompt of the access guide: asked again as "Back to step N". */
    guide?: boolean;
}

export interface ChoicePromptOptions extends PromptOptions {
    validations: ChoiceValidations;
}

/** Where the root dialog leaves its decision for the prompt, so both read a message the same way. */
const DECIDED_KEY = Symbol('cpms.decidedAnswer');

/** The root dialog decided that this message answers the prompt: with this option, or as text (a name). */
export function setDecidedAnswer(context: TurnContext, option: ChoiceOption | undefined): void {
    context.turnState.set(DECIDED_KEY, { option });
}

/** Longest free-text answer kept; longer messages are refused before dialogs run. */
const MAX_ANSWER_LENGTH = 4000;

/** The text of a message: typed text, a button's text, or an Adaptive Card's `choice`. */
export const answerText = (activity: Partial<Activity>): string => messageText(activity);

/** The option a message picks at a prompt (click value, words, then sentences where the prompt reads them). */
export function recognizeOption(context: TurnContext, validations: ChoiceValidations): ChoiceOption | undefined {
    const activity = context.activity;
    const text = answerText(activity).slice(0, MAX_ANSWER_LENGTH);
    const sentences = readsSentences(validations.kind);
    // at an organisation question a name beats the cues of a sentence: the dialog searches the text
    const cues = sentences && validations.kind !== 'entity';
    return recognizeChoice(turnLanguage(context), text, activity.value, validations.options, { sentences: cues, prefix: cues, typos: sentences });
}

/**
 * A prompt that takes an answer by button or by typing in any supported language.
 *
 * @remarks
 * botbuilder's ChoicePrompt and ConfirmPrompt have no Romanian recogniser and read no sentences, so
 * options carry their words from `locales/<lng>/common.json` and the recogniser in
 * `src/conversation/recognizer.ts` reads them. Buttons are `messageBack` actions on a hero card: the
 * title is shown and sent as text, and the option's value travels beside it, in Teams (every scope),
 * Web Chat and the Emulator alike, so a click never depends on how its title reads.
 */
export class WordChoicePrompt extends Prompt<ChoiceAnswer> {
    /**
     * @param recognize How this prompt reads a message when no root dialog decided it (an organisation
     * question asks the catalogue); by default {@link recognizeOption}.
     */
    constructor(
        dialogId: string,
        validator?: PromptValidator<ChoiceAnswer>,
        private readonly recognize: (context: TurnContext, validations: ChoiceValidations) => ChoiceOption | undefined = recognizeOption,
    ) {
        super(dialogId, validator);
    }

    protected async onPrompt(context: TurnContext, _state: object, options: PromptOptions, isRetry: boolean): Promise<void> {
        const activity = isRetry && options.retryPrompt ? options.retryPrompt : options.prompt;
        if (activity) await context.sendActivity(activity as Partial<Activity>);
    }

    protected async onRecognize(context: TurnContext, _state: object, options: PromptOptions): Promise<PromptRecognizerResult<ChoiceAnswer>> {
        const activity = context.activity;
        if (activity.type !== ActivityTypes.Message) return { succeeded: false };
        const validations = (options as ChoicePromptOptions).validations;
        const text = answerText(activity).slice(0, MAX_ANSWER_LENGTH);
        const decided = context.turnState.get(DECIDED_KEY) as { option?: ChoiceOption } | undefined;
        const option = decided ? decided.option : this.recognize(context, validations);
        if (option) return { succeeded: true, value: { value: option.value, text } };
        if (validations.freeText && text !== '') return { succeeded: true, value: { text } };
        return { succeeded: false };
    }
}

/** A button that sends its title as text and its option's value beside it. */
export function choiceButton(option: ChoiceOption & { title: string }): CardAction {
    return { type: 'messageBack', title: option.title, text: option.title, displayText: option.title, value: { choice: option.value } };
}

/** Teams shows at most six buttons on a hero card: a longer list of options goes on several cards. */
export const MAX_BUTTONS_PER_CARD = 6;

/** A message with text (Markdown) and the options' buttons, six to a card, the cards one under the other. */
export function choiceMessage(text: string, options: ChoiceOption[]): Partial<Activity> {
    const buttons = options.filter((o): o is ChoiceOption & { title: string } => o.title !== undefined).map(choiceButton);
    if (buttons.length === 0) return MessageFactory.text(text, undefined, InputHints.ExpectingInput);
    const cards = [];
    for (let i = 0; i < buttons.length; i += MAX_BUTTONS_PER_CARD) cards.push(CardFactory.heroCard('', undefined, buttons.slice(i, i + MAX_BUTTONS_PER_CARD)));
    if (cards.length === 1) return MessageFactory.attachment(cards[0], text, undefined, InputHints.ExpectingInput);
    return MessageFactory.list(cards, text, undefined, InputHints.ExpectingInput);
}

/** Prompt options for {@link WordChoicePrompt}. */
export function choicePromptOptions(
    text: string,
    options: ChoiceOption[],
    retryText: string,
    freeText = false,
    extra: Omit<ChoiceValidations, 'options' | 'freeText'> = {},
): ChoicePromptOptions {
    return {
        prompt: choiceMessage(text, options) as Activity,
        retryPrompt: choiceMessage(retryText, options) as Activity,
        validations: { options, freeText, ...extra },
    };
}
