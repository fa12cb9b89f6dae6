import { MessageFactory, TurnContext } from 'botbuilder';
import { ComponentDialog, DialogTurnResult, WaterfallDialog, WaterfallStepContext } from './framework';
import { AccessPath, Position, stepOf } from '../src/journey';
import { Command, isGreeting, isThanks, recognizeChoice, recognizeCommand } from '../src/conversation/recognizer';
import { searchLevel } from '../src/conversation/entities';
import { Language } from '../src/i18n';
import { DialogServices, StateAccessors } from '../src/services';
import { turnLanguage, turnT } from '../src/turnState';
import { normalizeText } from '../src/text/normalize';
import { ChoiceAnswer, ChoiceOption, choicePromptOptions, WordChoicePrompt } from './choicePrompt';
import { getJourney, inProgress, stepHeader } from './journeyState';
import { option } from './options';

export const MENU_DIALOG = 'menu';
const WATERFALL = 'menu.waterfall';
export const MENU_PROMPT = 'menu.prompt';
const RESUME_PROMPT = 'menu.resume';

/** What the user chose at the menu (or by their first message); the main dialog carries it out. */
export type MenuChoice =
    | { action: 'journey'; position?: Position; path?: AccessPath; restart?: boolean }
    | { action: 'faq'; question?: string }
    | { action: 'organisation'; query: string }
    | { action: 'helpdesk' | 'forget' }
    | { action: 'menu' }
    | { action: 'language'; language?: Language };

export interface MenuOptions {
    /** Show the menu even when a journey could be resumed. */
    menuOnly?: boolean;
    /** The menu after a finished task reads "What else can I do for you?". */
    again?: boolean;
    /** The message that started the conversation: a command, a menu choice or a question is followed at once. */
    initialText?: string;
}

/** Free text of at most this many words at the start is not taken for a question. */
const MAX_WORDS_OF_NON_QUESTION = 2;
/** Longer text at the menu is a sentence, not a hospital name. */
const MAX_WORDS_OF_NAME = 8;

/**
 * The menu: the offer to continue a journey, the five things the bot does, and whatever the user
 * types there (a question, a hospital name). The first message of a conversation is read here too.
 * Ends with a {@link MenuChoice}.
 */
export class MenuDialog extends ComponentDialog {
    constructor(private readonly state: StateAccessors, private readonly services: DialogServices) {
        super(MENU_DIALOG);
        if (!state) throw new Error("[MenuDialog] missing 'state'");
        if (!services?.faq || !services.catalogue) throw new Error("[MenuDialog] missing 'faq' or 'catalogue'");
        this.addDialog(new WordChoicePrompt(MENU_PROMPT));
        this.addDialog(new WordChoicePrompt(RESUME_PROMPT));
        this.addDialog(new WaterfallDialog(WATERFALL, [this.offerStep.bind(this), this.chooseStep.bind(this)]));
        this.initialDialogId = WATERFALL;
    }

    /** Follows a first message, or offers to continue the journey, or shows the menu. */
    private async offerStep(step: WaterfallStepContext<MenuOptions>): Promise<DialogTurnResult> {
        const opts = step.options ?? {};
        if (opts.initialText !== undefined) {
            const followed = await this.followFirstMessage(step.context, opts.initialText);
            if (followed) return step.endDialog(followed);
        }
        const t = turnT(step.context);
        const journey = await getJourney(step.context, this.state);
        if (!opts.menuOnly && !opts.again && inProgress(journey)) {
            const current = stepOf(journey.position);
            const where = current ? stepHeader(t, current) : t('guide:path.title');
            const options = [
                option(step.context, 'continue', 'common:resume.continue', 'start', 'yes'),
                option(step.context, 'restart', 'common:resume.restart'),
                option(step.context, 'menu', 'common:buttons.menu', 'menu', 'no'),
            ];
            const text = t('common:resume.ask', { where });
            return step.prompt(RESUME_PROMPT, choicePromptOptions(text, options, t('common:errors.chooseOne'), false, { short: text }));
        }
        const text = t(opts.again ? 'common:menu.again' : 'common:menu.prompt');
        return step.prompt(MENU_PROMPT, choicePromptOptions(text, menuOptions(step.context), text, true, { kind: 'menu', short: text }));
    }

    /** Turns the answer into a choice. */
    private async chooseStep(step: WaterfallStepContext<MenuOptions>): Promise<DialogTurnResult> {
        const answer = step.result as ChoiceAnswer;
        const journey = await getJourney(step.context, this.state);
        switch (answer.value) {
            case 'continue':
                return step.endDialog({ action: 'journey', position: journey.position } satisfies MenuChoice);
            case 'restart':
                return step.endDialog({ action: 'journey', restart: true } satisfies MenuChoice);
            case 'menu':
                return step.endDialog({ action: 'menu' } satisfies MenuChoice);
            case 'start':
                return step.endDialog({ action: 'journey', position: inProgress(journey) ? journey.position : undefined } satisfies MenuChoice);
            case 'guest':
                return step.endDialog({ action: 'journey', path: 'guest' } satisfies MenuChoice);
            case 'ask':
                return step.endDialog({ action: 'faq' } satisfies MenuChoice);
            case 'helpdesk':
                return step.endDialog({ action: 'helpdesk' } satisfies MenuChoice);
            case 'language':
                return step.endDialog({ action: 'language' } satisfies MenuChoice);
        }
        const choice = await this.freeText(step.context, answer.text, false);
        return step.endDialog(choice);
    }

    /**
     * The first message of a conversation is not lost: a command or menu choice is followed and a
     * question answered. Greetings and stray words give undefined: the usual welcome flow.
     */
    private async followFirstMessage(context: TurnContext, text: string): Promise<MenuChoice | undefined> {
        const lng = turnLanguage(context);
        const command = recognizeCommand(lng, text, { sentences: true });
        if (command) return this.commandChoice(context, command);
        if (isGreeting(lng, text)) return undefined;
        const chosen = recognizeChoice(lng, text, context.activity.value, menuOptions(context), { sentences: false });
        if (chosen) {
            const journey = await getJourney(context, this.state);
            if (chosen.value === 'start') return { action: 'journey', position: inProgress(journey) ? journey.position : undefined };
            if (chosen.value === 'guest') return { action: 'journey', path: 'guest' };
            if (chosen.value === 'ask') return { action: 'faq' };
            if (chosen.value === 'helpdesk') return { action: 'helpdesk' };
            if (chosen.value === 'language') return { action: 'language' };
        }
        return this.freeText(context, text, true);
    }

    private async commandChoice(context: TurnContext, command: Command): Promise<MenuChoice | undefined> {
        switch (command.kind) {
            case 'start': {
                const journey = await getJourney(context, this.state);
                return { action: 'journey', position: inProgress(journey) ? journey.position : undefined };
            }
            case 'helpdesk':
            case 'forget':
                return { action: command.kind };
            case 'language':
                return { action: 'language', language: command.language };
            case 'help':
                await context.sendActivity(MessageFactory.text(turnT(context)('common:help.general')));
                return undefined;
            default:
                return undefined;
        }
    }

    /**
     * Text typed at the menu: a question, a hospital, or something the bot did not understand. As
     * the first message, a stray word ("ok", "yes" to a question asked days ago) gives undefined.
     */
    private async freeText(context: TurnContext, text: string, firstMessage: boolean): Promise<MenuChoice | undefined> {
        const lng = turnLanguage(context);
        // "hello" at the menu is a greeting, not a question: the menu again
        if (isGreeting(lng, text)) return firstMessage ? undefined : { action: 'menu' };
        // "thanks", "bye": a polite answer, not a question the FAQ failed (and logged as unanswered)
        if (isThanks(lng, text)) {
            await context.sendActivity(MessageFactory.text(turnT(context)('common:faq.youAreWelcome')));
            return firstMessage ? undefined : { action: 'menu' };
        }
        const outcome = this.services.faq.match(text, lng);
        if (outcome.kind === 'answer' || outcome.kind === 'medical') return { action: 'faq', question: text };
        const words = normalizeText(text).split(' ').filter(Boolean).length;
        const question = text.includes('?') || words > MAX_WORDS_OF_NAME;
        // A hospital name typed at the menu ("AOU Pisana") finds network, country and hospital at once;
        // a sentence that mentions a city is a question, not a hospital.
        if (!question && searchLevel(this.services.catalogue.search, { kind: 'global' }, text).confidence !== 'none') {
            return { action: 'organisation', query: text };
        }
        if (firstMessage && !question && words <= MAX_WORDS_OF_NON_QUESTION) return undefined;
        if (outcome.kind === 'suggest' || question || words > MAX_WORDS_OF_NON_QUESTION) return { action: 'faq', question: text };
        await context.sendActivity(MessageFactory.text(turnT(context)('common:errors.notUnderstood')));
        return { action: 'menu' };
    }
}

/** The five things the bot does. */
export function menuOptions(context: TurnContext): ChoiceOption[] {
    return [
        option(context, 'start', 'common:menu.start', 'start'),
        option(context, 'guest', 'common:menu.guest', 'guest'),
        option(context, 'ask', 'common:menu.ask', 'question'),
        option(context, 'helpdesk', 'common:menu.helpdesk', 'helpdesk'),
        option(context, 'language', 'common:menu.language', 'language'),
    ];
}
