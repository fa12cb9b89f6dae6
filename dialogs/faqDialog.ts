import { Activity, CardFactory, CardAction, MessageFactory, TurnContext } from 'botbuilder';
import { ComponentDialog, DialogTurnResult, WaterfallDialog, WaterfallStepContext } from './framework';
import type { FaqEntry } from '../src/faq';
import { textToKeep } from '../src/faq/redact';
import { isPosition, Position } from '../src/journey';
import { isThanks } from '../src/conversation/recognizer';
import { ChoiceAnswer, ChoiceOption, choicePromptOptions, WordChoicePrompt } from './choicePrompt';
import { getJourney } from './journeyState';
import { noOption, option, yesOption } from './options';
import { DialogServices, StateAccessors } from '../src/services';
import { turnLanguage, turnT } from '../src/turnState';

export const FAQ_DIALOG = 'faq';
const WATERFALL = 'faq.waterfall';
const QUESTION_PROMPT = 'faq.question';
const FOLLOW_UP_PROMPT = 'faq.followUp';

/** Most unanswered questions kept in the journey for the helpdesk e-mail. */
const MAX_UNANSWERED_IN_JOURNEY = 10;

export interface FaqOptions {
    /** The question, when the user already asked it (at the menu or mid-dialog). */
    question?: string;
    /** Answer this entry directly (a "did you mean" pick). */
    entryId?: string;
}

/** How the FAQ dialog ends: the caller may take the user to a guide step or to the helpdesk. */
export interface FaqResult {
    goto?: Position;
    helpdesk?: boolean;
}

/**
 * Keeps a question the bot could not answer, redacted: in the helpdesk's statistics and in the
 * user's journey (the escalation e-mail lists it).
 */
export async function keepUnanswered(context: TurnContext, state: StateAccessors, services: Pick<DialogServices, 'feedback'>, question: string): Promise<void> {
    if (question.trim() === '') return;
    const redacted = textToKeep(question).slice(0, 500);
    services.feedback.recordUnanswered(redacted, turnLanguage(context));
    const journey = await getJourney(context, state);
    journey.unanswered = [...journey.unanswered, redacted].slice(-MAX_UNANSWERED_IN_JOURNEY);
}

/**
 * Answers a question from the knowledge base in the user's language, asks whether it helped, and
 * says honestly when it does not know (offering to rephrase or contact the helpdesk).
 */
export class FaqDialog extends ComponentDialog {
    constructor(private readonly state: StateAccessors, private readonly services: DialogServices) {
        super(FAQ_DIALOG);
        if (!services?.faq) throw new Error("[FaqDialog] missing 'faq'");
        this.addDialog(new WordChoicePrompt(QUESTION_PROMPT));
        this.addDialog(new WordChoicePrompt(FOLLOW_UP_PROMPT));
        this.addDialog(new WaterfallDialog(WATERFALL, [this.askStep.bind(this), this.answerStep.bind(this), this.followUpStep.bind(this)]));
        this.initialDialogId = WATERFALL;
    }

    /** Asks the question unless it came with the options. */
    private async askStep(step: WaterfallStepContext<FaqOptions>): Promise<DialogTurnResult> {
        const opts = step.options ?? {};
        if (opts.question || opts.entryId) return step.next({ text: opts.question ?? '' } satisfies ChoiceAnswer);
        const t = turnT(step.context);
        return step.prompt(QUESTION_PROMPT, choicePromptOptions(t('common:faq.ask'), [], t('common:faq.ask'), true, { kind: 'menu', short: t('common:faq.ask') }));
    }

    /** Answers, offers "did you mean", declines medical questions, or admits it does not know. */
    private async answerStep(step: WaterfallStepContext<FaqOptions>): Promise<DialogTurnResult> {
        const t = turnT(step.context);
        const lng = turnLanguage(step.context);
        const opts = step.options ?? {};
        const question = (step.result as ChoiceAnswer).text;
        // "thanks", "bye" typed where a question was expected: a polite reply, not "I don't know"
        if (!opts.entryId && isThanks(lng, question)) {
            await step.context.sendActivity(MessageFactory.text(t('common:faq.youAreWelcome')));
            return step.endDialog({} satisfies FaqResult);
        }
        const direct = opts.entryId ? this.services.faq.entry(lng, opts.entryId) : undefined;
        const matched = direct ? { kind: 'answer' as const, entry: direct, score: 0 } : this.services.faq.match(question, lng);
        // a question matched through another language's phrasing ("hello" is Italian-looking, mixed
        // languages) is still answered in the user's language
        const outcome = matched.kind === 'answer' ? { ...matched, entry: this.services.faq.entry(lng, matched.entry.id) ?? matched.entry } : matched;
        switch (outcome.kind) {
            case 'answer': {
                (step.values as { entryId?: string }).entryId = outcome.entry.id;
                this.services.feedback.recordAnswered(outcome.entry.id, lng);
                await sendAnswer(step.context, outcome.entry);
                // one feedback style everywhere: the same 👍 / 👎 buttons as under answers given mid-journey
                const options = [
                    yesOption(step.context, 'common:faq.helpfulYes'),
                    noOption(step.context, 'common:faq.helpfulNo'),
                    ...this.actionOptions(step.context, outcome.entry),
                ];
                return step.prompt(FOLLOW_UP_PROMPT, choicePromptOptions(t('common:faq.helpful'), options, t('common:faq.helpful'), true, { kind: 'menu', short: t('common:faq.helpful') }));
            }
            case 'suggest': {
                const options: ChoiceOption[] = outcome.entries.map((e) => ({ value: `entry:${e.id}`, title: e.questions[0] }));
                options.push(option(step.context, 'none', 'common:faq.noneOfThese', 'no'));
                return step.prompt(FOLLOW_UP_PROMPT, choicePromptOptions(t('common:faq.didYouMean'), options, t('common:faq.didYouMean'), true, { kind: 'menu', short: t('common:faq.didYouMean') }));
            }
            case 'medical':
                await step.context.sendActivity(MessageFactory.text(t('common:faq.medical')));
                return step.endDialog({} satisfies FaqResult);
            default:
                return this.notKnown(step, question);
        }
    }

    /** Records whether the answer helped, or follows the chosen next action. */
    private async followUpStep(step: WaterfallStepContext<FaqOptions>): Promise<DialogTurnResult> {
        const t = turnT(step.context);
        const answer = step.result as ChoiceAnswer;
        const entryId = (step.values as { entryId?: string }).entryId;
        const value = answer.value ?? '';
        if (value.startsWith('entry:')) return step.replaceDialog(WATERFALL, { entryId: value.slice('entry:'.length) } satisfies FaqOptions);
        if (value.startsWith('step:') && isPosition(value.slice(5))) return step.endDialog({ goto: value.slice(5) as Position } satisfies FaqResult);
        if (value === 'helpdesk') return step.endDialog({ helpdesk: true } satisfies FaqResult);
        if (value === 'none') return this.notKnown(step, '');
        // "thanks!" under an answer says it helped
        const helpful = value === 'yes' || (value === '' && isThanks(turnLanguage(step.context), answer.text ?? ''));
        if (entryId && (helpful || value === 'no')) {
            this.services.feedback.recordHelpful(entryId, helpful);
            await step.context.sendActivity(MessageFactory.text(t(helpful ? 'common:faq.thanks' : 'common:faq.sorry')));
            return step.endDialog({} satisfies FaqResult);
        }
        // Another question typed instead of yes/no: answer it.
        if (answer.value === undefined && answer.text) return step.replaceDialog(WATERFALL, { question: answer.text } satisfies FaqOptions);
        return step.endDialog({} satisfies FaqResult);
    }

    /** Says honestly that the bot does not know, keeps the (redacted) question for the helpdesk. */
    private async notKnown(step: WaterfallStepContext<FaqOptions>, question: string): Promise<DialogTurnResult> {
        const t = turnT(step.context);
        await keepUnanswered(step.context, this.state, this.services, question);
        const options = [option(step.context, 'helpdesk', 'common:buttons.helpdesk', 'helpdesk')];
        await step.context.sendActivity(MessageFactory.text(t('common:faq.unknown')));
        return step.prompt(FOLLOW_UP_PROMPT, choicePromptOptions(t('common:faq.rephrase'), options, t('common:faq.rephrase'), true, { kind: 'menu', short: t('common:faq.rephrase') }));
    }

    /** Buttons for an entry's next actions: a guide step, the helpdesk. */
    private actionOptions(context: TurnContext, entry: FaqEntry): ChoiceOption[] {
        const t = turnT(context);
        const options: ChoiceOption[] = [];
        for (const action of entry.actions) {
            if (action.type === 'step') {
                options.push({ value: `step:${action.step === 'requestAccess' ? 'requestAccess.application' : action.step}`, title: t('common:faq.goToStep', { title: t(`guide:steps.${action.step}.title`) }), synonyms: [] });
            } else if (action.type === 'helpdesk') {
                options.push(option(context, 'helpdesk', 'common:buttons.helpdesk', 'helpdesk'));
            }
        }
        return options;
    }
}

/** What a "helpful?" button of a mid-dialog answer sends back (messageBack value). */
export interface FaqFeedbackValue {
    faqFeedback: string;
    helpful: boolean;
}

export function faqFeedbackOf(value: unknown): FaqFeedbackValue | undefined {
    const v = value as Partial<FaqFeedbackValue> | undefined;
    return v && typeof v.faqFeedback === 'string' && typeof v.helpful === 'boolean' ? { faqFeedback: v.faqFeedback, helpful: v.helpful } : undefined;
}

/**
 * The answer with its links as buttons. Mid-dialog answers also carry "helpful / not helpful"
 * buttons (messageBack with a value), so the user can rate them without leaving the step.
 */
export async function sendAnswer(context: TurnContext, entry: FaqEntry, feedbackButtons = false): Promise<void> {
    const t = turnT(context);
    const buttons: CardAction[] = entry.actions
        .filter((a): a is { type: 'url'; url: string } => a.type === 'url')
        .map((a) => ({ type: 'openUrl', title: t('common:faq.openLink', { host: hostOf(a.url) }), value: a.url }));
    if (feedbackButtons) {
        for (const helpful of [true, false]) {
            const title = t(helpful ? 'common:faq.helpfulYes' : 'common:faq.helpfulNo');
            buttons.push({ type: 'messageBack', title, displayText: title, text: '', value: { faqFeedback: entry.id, helpful } satisfies FaqFeedbackValue });
        }
    }
    const message: Partial<Activity> = buttons.length > 0 ? MessageFactory.attachment(CardFactory.heroCard('', undefined, buttons), entry.answer) : MessageFactory.text(entry.answer);
    await context.sendActivity(message);
}

function hostOf(url: string): string {
    try {
        return new URL(url).host;
    } catch {
        return url;
    }
}
