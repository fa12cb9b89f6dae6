import { ActivityTypes, MessageFactory, StatePropertyAccessor, TurnContext } from 'botbuilder';
import {
    ComponentDialog,
    Dialog,
    DialogContext,
    DialogSet,
    DialogState,
    DialogTurnResult,
    DialogTurnStatus,
    WaterfallDialog,
    WaterfallStepContext,
} from 'botbuilder-dialogs';
import { AccessPath, newJourney, nextStepPosition, Position, previousPosition, stepOf } from '../src/journey';
import { ChoiceAnswer, ChoiceOption, answerText, choicePromptOptions, findOption, WordChoicePrompt } from './choicePrompt';
import { ESCALATION_DIALOG, EscalationDialog } from './escalationDialog';
import { FAQ_DIALOG, FaqDialog, faqFeedbackOf, FaqOptions, FaqResult, sendAnswer } from './faqDialog';
import { FORGET_ME_DIALOG, ForgetMeDialog, FORGOTTEN } from './forgetMeDialog';
import { getJourney, inProgress, stepHeader } from './journeyState';
import { JOURNEY_DIALOG, JourneyDialog, JourneyOptions } from './journeyDialog';
import { applyLanguage, LANGUAGE_DIALOG, languageFromText, LanguageDialog } from './languageDialog';
import { option } from './options';
import { ORGANISATION_DIALOG, OrganisationDialog, OrganisationOptions, OrganisationResult } from './organisationDialog';
import { DialogServices, StateAccessors } from './services';
import { turnLanguage, turnT } from './turnState';
import { isWord, synonyms } from './words';
import { localizedCountryName } from '../src/catalogue';
import { normalizeText } from '../src/text/normalize';
import { Language } from '../src/i18n';

export const MAIN_DIALOG = 'main';
const WATERFALL = 'main.waterfall';
const MENU_PROMPT = 'main.menu';

/** What the main flow starts with; interruptions restart it with an action. */
export interface MainOptions {
    action?: 'journey' | 'language' | 'helpdesk' | 'forget';
    position?: Position;
    path?: AccessPath;
    /** Show the menu even when a journey could be resumed. */
    menuOnly?: boolean;
    /** The menu after a finished task reads "What else can I do for you?". */
    again?: boolean;
    /** The message that started the conversation: a command, a menu choice or a question is followed at once. */
    initialText?: string;
}

/** Commands that work at any prompt; back, skip and stuck only inside the guide. */
type Command =
    | { kind: 'menu' | 'start' | 'forget' | 'helpdesk' | 'help' | 'back' | 'skip' | 'stuck' }
    | { kind: 'language'; lng?: Language };

type Route = 'task' | 'language' | 'resume' | 'menu' | 'organisation' | 'forget';

/** Free text of at most this many words at the menu is not taken for a question. */
const MAX_WORDS_OF_NON_QUESTION = 2;
/** Longer text at the menu is a sentence, not a hospital name. */
const MAX_WORDS_OF_NAME = 8;

/**
 * The root dialog: welcome, resume offer and menu, and the commands that work at any time
 * (menu, start, help, language, helpdesk, forget me; back, skip and "I'm stuck" in the guide; a
 * clear question is answered from the FAQ mid-dialog and the same step is asked again).
 */
export class MainDialog extends ComponentDialog {
    constructor(private readonly state: StateAccessors, private readonly services: DialogServices) {
        super(MAIN_DIALOG);
        if (!state) throw new Error("[MainDialog] missing 'state'");
        if (!services) throw new Error("[MainDialog] missing 'services'");
        this.addDialog(new WordChoicePrompt(MENU_PROMPT));
        this.addDialog(new JourneyDialog(state, services));
        this.addDialog(new FaqDialog(state, services));
        this.addDialog(new EscalationDialog(state, services));
        this.addDialog(new LanguageDialog(state));
        this.addDialog(new ForgetMeDialog(services));
        this.addDialog(new OrganisationDialog(services));
        this.addDialog(new WaterfallDialog(WATERFALL, [this.startStep.bind(this), this.routeStep.bind(this), this.afterTaskStep.bind(this)]));
        this.initialDialogId = WATERFALL;
    }

    /** Continues the conversation, or starts it with the welcome flow. */
    async run(context: TurnContext, dialogState: StatePropertyAccessor<DialogState>): Promise<void> {
        const dc = await this.rootContext(context, dialogState);
        const feedback = faqFeedbackOf(context.activity.value);
        if (feedback) {
            // A rating of a mid-dialog answer: count it, thank, and ask the pending question again.
            this.services.feedback.recordHelpful(feedback.faqFeedback, feedback.helpful);
            await context.sendActivity(MessageFactory.text(turnT(context)(feedback.helpful ? 'common:faq.thanks' : 'common:faq.sorry')));
            if (dc.activeDialog) await dc.repromptDialog();
            else await dc.beginDialog(this.id, { menuOnly: true } satisfies MainOptions);
            return;
        }
        const result = await dc.continueDialog();
        if (result.status === DialogTurnStatus.empty) {
            const text = context.activity.type === ActivityTypes.Message ? answerText(context.activity) : '';
            await dc.beginDialog(this.id, { initialText: text || undefined } satisfies MainOptions);
        }
    }

    /** Shows the welcome flow, or asks the pending question again when a dialog is already running. */
    async start(context: TurnContext, dialogState: StatePropertyAccessor<DialogState>): Promise<void> {
        const dc = await this.rootContext(context, dialogState);
        if (dc.activeDialog) await dc.repromptDialog();
        else await dc.beginDialog(this.id);
    }

    private async rootContext(context: TurnContext, dialogState: StatePropertyAccessor<DialogState>): Promise<DialogContext> {
        const dialogSet = new DialogSet(dialogState);
        dialogSet.add(this);
        return dialogSet.createContext(context);
    }

    protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
        if (innerDc.context.activity.type === ActivityTypes.Message) {
            const interrupted = await this.interrupt(innerDc, answerText(innerDc.context.activity));
            if (interrupted) return interrupted;
        }
        return super.onContinueDialog(innerDc);
    }

    /** Starts a task, or offers to resume, or shows the menu. */
    private async startStep(step: WaterfallStepContext<MainOptions>): Promise<DialogTurnResult> {
        const opts = step.options ?? {};
        const t = turnT(step.context);
        switch (opts.action) {
            case 'journey':
                return this.begin(step, 'task', JOURNEY_DIALOG, { position: opts.position, path: opts.path } satisfies JourneyOptions);
            case 'language':
                return this.begin(step, 'language', LANGUAGE_DIALOG);
            case 'helpdesk':
                return this.begin(step, 'task', ESCALATION_DIALOG);
            case 'forget':
                return this.begin(step, 'forget', FORGET_ME_DIALOG);
        }
        if (opts.initialText !== undefined) {
            const followed = await this.followFirstMessage(step, opts.initialText);
            if (followed) return followed;
        }
        const journey = await getJourney(step.context, this.state);
        if (!opts.menuOnly && !opts.again && inProgress(journey)) {
            this.setRoute(step, 'resume');
            const step3 = stepOf(journey.position);
            const where = step3 ? stepHeader(t, step3) : t('guide:path.title');
            const options = [
                option(step.context, 'continue', 'common:resume.continue', ['yes', 'start']),
                option(step.context, 'restart', 'common:resume.restart'),
                option(step.context, 'menu', 'common:buttons.menu', 'no'),
            ];
            return step.prompt(MENU_PROMPT, choicePromptOptions(t('common:resume.ask', { where }), options, t('common:errors.chooseOne')));
        }
        this.setRoute(step, 'menu');
        const text = t(opts.again ? 'common:menu.again' : 'common:menu.prompt');
        return step.prompt(MENU_PROMPT, choicePromptOptions(text, this.menuOptions(step.context), text, true));
    }

    /**
     * The first message of a conversation (no dialog running) is not lost: a command or menu choice
     * is followed and a question answered. Greetings get the usual welcome flow (undefined).
     */
    private async followFirstMessage(step: WaterfallStepContext<MainOptions>, text: string): Promise<DialogTurnResult | undefined> {
        const context = step.context;
        const command = this.command(context, text);
        switch (command?.kind) {
            case 'help':
                await this.sendHelp(context, false);
                return undefined;
            case 'language':
                if (!command.lng) return this.begin(step, 'language', LANGUAGE_DIALOG);
                await applyLanguage(context, this.state, command.lng);
                return undefined;
            case 'helpdesk':
                return this.begin(step, 'task', ESCALATION_DIALOG);
            case 'forget':
                return this.begin(step, 'forget', FORGET_ME_DIALOG);
            case 'start': {
                const journey = await getJourney(context, this.state);
                return this.begin(step, 'task', JOURNEY_DIALOG, { position: inProgress(journey) ? journey.position : undefined } satisfies JourneyOptions);
            }
            case undefined:
                break;
            default:
                return undefined;
        }
        if (isWord(context, 'greeting', text, true)) return undefined;
        const chosen = findOption(text, this.menuOptions(context));
        if (!chosen) return this.freeText(step, text, true);
        this.setRoute(step, 'menu');
        return step.next({ value: chosen.value, text } satisfies ChoiceAnswer);
    }

    private menuOptions(context: TurnContext): ChoiceOption[] {
        return [
            option(context, 'start', 'common:menu.start', 'start'),
            option(context, 'guest', 'common:menu.guest', 'guest'),
            option(context, 'ask', 'common:menu.ask', 'question'),
            option(context, 'helpdesk', 'common:menu.helpdesk', 'helpdesk'),
            option(context, 'language', 'common:menu.language', 'language'),
        ];
    }

    /** Follows the menu or resume answer; results of tasks pass through. */
    private async routeStep(step: WaterfallStepContext<MainOptions>): Promise<DialogTurnResult> {
        const route = (step.values as { route?: Route }).route;
        if (route !== 'menu' && route !== 'resume') return step.next(step.result);
        const answer = step.result as ChoiceAnswer;
        if (route === 'resume') {
            const journey = await getJourney(step.context, this.state);
            if (answer.value === 'continue') return step.replaceDialog(WATERFALL, { action: 'journey', position: journey.position } satisfies MainOptions);
            if (answer.value === 'restart') {
                await this.state.journey.set(step.context, { ...newJourney(), path: journey.path });
                return step.replaceDialog(WATERFALL, { action: 'journey' } satisfies MainOptions);
            }
            return step.replaceDialog(WATERFALL, { menuOnly: true } satisfies MainOptions);
        }
        switch (answer.value) {
            case 'start': {
                const journey = await getJourney(step.context, this.state);
                return this.begin(step, 'task', JOURNEY_DIALOG, { position: inProgress(journey) ? journey.position : undefined } satisfies JourneyOptions);
            }
            case 'guest':
                return this.begin(step, 'task', JOURNEY_DIALOG, { path: 'guest' } satisfies JourneyOptions);
            case 'ask':
                return this.begin(step, 'task', FAQ_DIALOG);
            case 'helpdesk':
                return this.begin(step, 'task', ESCALATION_DIALOG);
            case 'language':
                return this.begin(step, 'language', LANGUAGE_DIALOG);
            default:
                return this.freeText(step, answer.text);
        }
    }

    /** After a task: go where it points (a guide step, the helpdesk), else back to the menu. */
    private async afterTaskStep(step: WaterfallStepContext<MainOptions>): Promise<DialogTurnResult> {
        const route = (step.values as { route?: Route }).route;
        const result = step.result as (FaqResult & OrganisationResult) | string | undefined;
        if (route === 'forget' && result === FORGOTTEN) return step.endDialog();
        if (route === 'language') {
            const journey = await getJourney(step.context, this.state);
            if (inProgress(journey)) return step.replaceDialog(WATERFALL, { action: 'journey', position: journey.position } satisfies MainOptions);
            return step.replaceDialog(WATERFALL, { menuOnly: true } satisfies MainOptions);
        }
        if (route === 'organisation' && typeof result === 'object' && result.hospital) {
            const journey = await getJourney(step.context, this.state);
            const lng = turnLanguage(step.context);
            if (result.network) journey.ern = { code: result.network.code, label: result.network.cpmsLabel };
            if (result.country) journey.country = { iso: result.country.iso, name: localizedCountryName(result.country, lng) };
            journey.hospital = { code: result.hospital.code, name: result.hospital.name };
            journey.path = result.hospital.guest ? 'guest' : 'member';
            journey.prefilled = !!(result.network && result.country);
            await step.context.sendActivity(MessageFactory.text(turnT(step.context)('common:menu.foundOrganisation')));
            return step.replaceDialog(WATERFALL, { action: 'journey', position: 'euLogin' } satisfies MainOptions);
        }
        if (typeof result === 'object' && result.goto) return step.replaceDialog(WATERFALL, { action: 'journey', position: result.goto } satisfies MainOptions);
        if (typeof result === 'object' && result.helpdesk) return step.replaceDialog(WATERFALL, { action: 'helpdesk' } satisfies MainOptions);
        return step.replaceDialog(WATERFALL, { again: true } satisfies MainOptions);
    }

    /** Text typed at the menu: a question, a hospital, or something the bot did not understand. */
    private freeText(step: WaterfallStepContext<MainOptions>, text: string): Promise<DialogTurnResult>;
    /** As the first message: a stray word ("ok", "yes" to a question asked days ago) gives undefined, the welcome flow. */
    private freeText(step: WaterfallStepContext<MainOptions>, text: string, firstMessage: true): Promise<DialogTurnResult | undefined>;
    private async freeText(step: WaterfallStepContext<MainOptions>, text: string, firstMessage = false): Promise<DialogTurnResult | undefined> {
        const lng = turnLanguage(step.context);
        const outcome = this.services.faq.match(text, lng);
        if (outcome.kind === 'answer' || outcome.kind === 'medical') return this.begin(step, 'task', FAQ_DIALOG, { question: text } satisfies FaqOptions);
        const words = normalizeText(text).split(' ').filter(Boolean).length;
        const question = text.includes('?') || words > MAX_WORDS_OF_NAME;
        // A hospital name typed at the menu ("AOU Pisana") finds network, country and hospital at once;
        // a sentence that mentions a city is a question, not a hospital.
        if (!question && this.services.catalogue.search.global(text).confidence !== 'none') {
            return this.begin(step, 'organisation', ORGANISATION_DIALOG, { kind: 'global', query: text } satisfies OrganisationOptions);
        }
        if (firstMessage && !question && words <= MAX_WORDS_OF_NON_QUESTION) return undefined;
        if (outcome.kind === 'suggest' || question || words > MAX_WORDS_OF_NON_QUESTION) {
            return this.begin(step, 'task', FAQ_DIALOG, { question: text } satisfies FaqOptions);
        }
        await step.context.sendActivity(MessageFactory.text(turnT(step.context)('common:errors.notUnderstood')));
        return step.replaceDialog(WATERFALL, { menuOnly: true } satisfies MainOptions);
    }

    private async begin(step: WaterfallStepContext<MainOptions>, route: Route, dialogId: string, options?: object): Promise<DialogTurnResult> {
        this.setRoute(step, route);
        return step.beginDialog(dialogId, options);
    }

    private setRoute(step: WaterfallStepContext<MainOptions>, route: Route): void {
        (step.values as { route?: Route }).route = route;
    }

    /** What a message is, as a command; undefined for an answer or a question. */
    private command(context: TurnContext, text: string): Command | undefined {
        for (const kind of ['menu', 'start', 'forget', 'helpdesk', 'help', 'back', 'skip'] as const) {
            if (isWord(context, kind, text)) return { kind };
        }
        if (isWord(context, 'stuck', text, true)) return { kind: 'stuck' };
        const words = synonyms(context, 'language');
        const normalized = normalizeText(text);
        if (words.includes(normalized)) return { kind: 'language' };
        const prefix = words.find((w) => normalized.startsWith(`${w} `));
        const lng = prefix ? languageFromText(normalized.slice(prefix.length + 1)) : undefined;
        return lng ? { kind: 'language', lng } : undefined;
    }

    /** Commands that work at any prompt. Returns undefined when the text is an answer to the prompt. */
    private async interrupt(innerDc: DialogContext, text: string): Promise<DialogTurnResult | undefined> {
        const context = innerDc.context;
        if (text === '') return undefined;
        const stackIds = innerDc.stack.map((d) => d.id);
        const inJourney = stackIds.includes(JOURNEY_DIALOG);
        const inEscalation = stackIds.includes(ESCALATION_DIALOG);
        const restart = async (options: MainOptions) => {
            await innerDc.cancelAllDialogs();
            return innerDc.beginDialog(WATERFALL, options);
        };
        const command = this.command(context, text);
        switch (command?.kind) {
            case 'menu':
                return restart({ menuOnly: true });
            case 'start': {
                if (innerDc.activeDialog?.id === MENU_PROMPT) return undefined;
                const journey = await getJourney(context, this.state);
                return restart({ action: 'journey', position: inProgress(journey) ? journey.position : undefined });
            }
            case 'forget':
                return restart({ action: 'forget' });
            case 'language': {
                if (!command.lng) return restart({ action: 'language' });
                await applyLanguage(context, this.state, command.lng);
                const journey = await getJourney(context, this.state);
                return restart(inJourney && inProgress(journey) ? { action: 'journey', position: journey.position } : { menuOnly: true });
            }
            case 'helpdesk':
                return inEscalation ? undefined : innerDc.beginDialog(ESCALATION_DIALOG);
            case 'help':
                await this.sendHelp(context, inJourney);
                await innerDc.repromptDialog();
                return Dialog.EndOfTurn;
            case 'back':
            case 'skip':
            case 'stuck':
                if (inJourney) return this.journeyCommand(innerDc, command.kind, restart);
                break;
        }
        if (!inEscalation && !stackIds.includes(FAQ_DIALOG) && innerDc.activeDialog?.id !== MENU_PROMPT) {
            return this.midDialogQuestion(innerDc, text);
        }
        return undefined;
    }

    /** Back, skip and "I'm stuck" inside the guide. */
    private async journeyCommand(
        innerDc: DialogContext,
        kind: 'back' | 'skip' | 'stuck',
        restart: (options: MainOptions) => Promise<DialogTurnResult>,
    ): Promise<DialogTurnResult> {
        const context = innerDc.context;
        const journey = await getJourney(context, this.state);
        const position = journey.position ?? 'path';
        if (kind === 'back') return restart({ action: 'journey', position: previousPosition(position) });
        if (kind === 'skip') {
            const step = stepOf(position);
            if (step && !journey.skipped.includes(step) && !journey.completed.includes(step)) journey.skipped.push(step);
            const next = nextStepPosition(position);
            if (!next) return restart({ action: 'journey', position: 'afterSubmit' });
            return restart({ action: 'journey', position: next });
        }
        {
            const t = turnT(context);
            const step = stepOf(position);
            if (step) {
                journey.stuckAt = [...journey.stuckAt, step].slice(-10);
                this.services.feedback.recordStuck(step);
            }
            const help = t(`guide:stuck.${step ?? 'path'}`);
            const options = [option(context, 'helpdesk', 'common:buttons.helpdesk', 'helpdesk')];
            await context.sendActivity(choicePromptOptions(`${help}\n\n${t('common:stuck.helpdesk')}`, options, '').prompt!);
            await innerDc.repromptDialog();
            return Dialog.EndOfTurn;
        }
    }

    /** A clear question at a prompt is answered, then the same prompt is asked again. */
    private async midDialogQuestion(innerDc: DialogContext, text: string): Promise<DialogTurnResult | undefined> {
        const context = innerDc.context;
        const lng = turnLanguage(context);
        const outcome = this.services.faq.matchStrict(text, lng);
        if (outcome.kind === 'answer') {
            this.services.feedback.recordAnswered(outcome.entry.id, lng);
            await sendAnswer(context, outcome.entry, true);
        } else if (outcome.kind === 'medical') {
            await context.sendActivity(MessageFactory.text(turnT(context)('common:faq.medical')));
        } else {
            return undefined;
        }
        await innerDc.repromptDialog();
        return Dialog.EndOfTurn;
    }

    private async sendHelp(context: TurnContext, inJourney: boolean): Promise<void> {
        const t = turnT(context);
        const journey = await getJourney(context, this.state);
        const step = journey.position ? stepOf(journey.position) : undefined;
        const parts = [];
        if (inJourney && step) parts.push(`**${stepHeader(t, step)}**\n\n${t(`guide:stuck.${step}`)}`);
        parts.push(t(inJourney ? 'common:help.journey' : 'common:help.general'));
        await context.sendActivity(MessageFactory.text(parts.join('\n\n')));
    }
}
