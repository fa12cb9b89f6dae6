import { ActivityTypes, MessageFactory, StatePropertyAccessor, TurnContext } from 'botbuilder';
import { Dialog, DialogContext, DialogSet, DialogState, DialogTurnResult, DialogTurnStatus, WaterfallDialog, WaterfallStepContext } from './framework';
import {
    AccessPath,
    applyFoundOrganisation,
    backTransition,
    newJourney,
    Position,
    repeatedTransition,
    skipTransition,
    stepNumber,
    stepOf,
    stuckTransition,
} from '../src/journey';
import { Command } from '../src/conversation/recognizer';
import { localizedCountryName } from '../src/catalogue';
import { Language } from '../src/i18n';
import { DialogServices, StateAccessors } from '../src/services';
import { turnLanguage, turnT } from '../src/turnState';
import { answerText, ChoiceValidations, choiceMessage } from './choicePrompt';
import type { FaqOutcome } from '../src/faq';
import { ESCALATION_DIALOG } from './escalationDialog';
import { FAQ_DIALOG, faqFeedbackOf, FaqOptions, FaqResult, keepUnanswered, sendAnswer } from './faqDialog';
import { FORGET_ME_DIALOG, FORGOTTEN } from './forgetMeDialog';
import { InterruptibleDialog, stackIds } from './interruptibleDialog';
import { JOURNEY_DIALOG, JourneyOptions } from './journeyDialog';
import { getJourney, inProgress, stepHeader } from './journeyState';
import { applyLanguage, LANGUAGE_DIALOG } from './languageDialog';
import { MENU_DIALOG, MenuChoice, MenuOptions } from './menuDialog';
import { option } from './options';
import { ORGANISATION_DIALOG, OrganisationOptions, OrganisationResult } from './organisationDialog';

export const MAIN_DIALOG = 'main';
const WATERFALL = 'main.waterfall';

/** The dialogs the main dialog routes to, built by the composition root (dialogs/index.ts). */
export interface MainDialogParts {
    menu: Dialog;
    journey: Dialog;
    faq: Dialog;
    escalation: Dialog;
    language: Dialog;
    forgetMe: Dialog;
    organisation: Dialog;
}

/** What the main flow starts with: a task, or the menu. */
export interface MainOptions extends MenuOptions {
    action?: 'journey' | 'language' | 'helpdesk' | 'forget' | 'faq' | 'organisation';
    position?: Position;
    path?: AccessPath;
    /** Start the journey afresh (keeping the path). */
    restart?: boolean;
    question?: string;
    query?: string;
}

type Route = 'menu' | 'task' | 'language' | 'organisation' | 'forget';

/**
 * The root dialog: routes between the menu and the tasks (guide, FAQ, hand-over, language, forget
 * me), and applies the interruption order of {@link InterruptibleDialog} to every message.
 */
export class MainDialog extends InterruptibleDialog {
    constructor(private readonly state: StateAccessors, private readonly services: DialogServices, parts: MainDialogParts) {
        super(MAIN_DIALOG, services);
        if (!state) throw new Error("[MainDialog] missing 'state'");
        for (const dialog of Object.values(parts)) this.addDialog(dialog);
        this.addDialog(new WaterfallDialog(WATERFALL, [this.startStep.bind(this), this.afterTaskStep.bind(this)]));
        this.initialDialogId = WATERFALL;
    }

    /** Continues the conversation, or starts it with the welcome flow. */
    async run(context: TurnContext, dialogState: StatePropertyAccessor<DialogState>): Promise<void> {
        const dc = await this.rootContext(context, dialogState);
        const feedback = faqFeedbackOf(context.activity.value);
        if (feedback) {
            // A rating of a mid-dialog answer: count it, thank, and ask the pending question again in one line.
            this.services.feedback.recordHelpful(feedback.faqFeedback, feedback.helpful);
            await context.sendActivity(MessageFactory.text(turnT(context)(feedback.helpful ? 'common:faq.thanks' : 'common:faq.sorry')));
            if (dc.activeDialog) await this.repromptShort(dc.child ?? dc);
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

    /** Starts the task of the options, or the menu. */
    private async startStep(step: WaterfallStepContext<MainOptions>): Promise<DialogTurnResult> {
        const opts = step.options ?? {};
        switch (opts.action) {
            case 'journey':
                if (opts.restart) {
                    const journey = await getJourney(step.context, this.state);
                    await this.state.journey.set(step.context, { ...newJourney(), path: journey.path });
                }
                return this.begin(step, 'task', JOURNEY_DIALOG, { position: opts.position, path: opts.path } satisfies JourneyOptions);
            case 'language':
                return this.begin(step, 'language', LANGUAGE_DIALOG);
            case 'helpdesk':
                return this.begin(step, 'task', ESCALATION_DIALOG);
            case 'forget':
                return this.begin(step, 'forget', FORGET_ME_DIALOG);
            case 'faq':
                return this.begin(step, 'task', FAQ_DIALOG, { question: opts.question } satisfies FaqOptions);
            case 'organisation':
                return this.begin(step, 'organisation', ORGANISATION_DIALOG, { kind: 'global', query: opts.query } satisfies OrganisationOptions);
        }
        return this.begin(step, 'menu', MENU_DIALOG, { menuOnly: opts.menuOnly, again: opts.again, initialText: opts.initialText } satisfies MenuOptions);
    }

    /** After the menu or a task: carry out the choice, go where the task points, else the menu again. */
    private async afterTaskStep(step: WaterfallStepContext<MainOptions>): Promise<DialogTurnResult> {
        const route = (step.values as { route?: Route }).route;
        const result = step.result as unknown;
        if (route === 'menu') return this.carryOut(step, result as MenuChoice | undefined);
        if (route === 'forget' && result === FORGOTTEN) return step.endDialog();
        if (route === 'language') return step.replaceDialog(WATERFALL, await this.whereWeWere(step.context));
        const found = result as OrganisationResult | undefined;
        if (route === 'organisation' && found?.hospital) {
            const journey = await getJourney(step.context, this.state);
            const lng = turnLanguage(step.context);
            const position = applyFoundOrganisation(journey, {
                network: found.network,
                country: found.country ? { iso: found.country.iso, name: localizedCountryName(found.country, lng) } : undefined,
                hospital: found.hospital,
            });
            await step.context.sendActivity(MessageFactory.text(turnT(step.context)('common:menu.foundOrganisation')));
            return step.replaceDialog(WATERFALL, { action: 'journey', position } satisfies MainOptions);
        }
        const faq = result as FaqResult | undefined;
        if (faq?.goto) return step.replaceDialog(WATERFALL, { action: 'journey', position: faq.goto } satisfies MainOptions);
        if (faq?.helpdesk) return step.replaceDialog(WATERFALL, { action: 'helpdesk' } satisfies MainOptions);
        return step.replaceDialog(WATERFALL, { again: true } satisfies MainOptions);
    }

    private async carryOut(step: WaterfallStepContext<MainOptions>, choice: MenuChoice | undefined): Promise<DialogTurnResult> {
        if (!choice || choice.action === 'menu') return step.replaceDialog(WATERFALL, { menuOnly: true } satisfies MainOptions);
        if (choice.action === 'language' && choice.language) {
            await applyLanguage(step.context, this.state, choice.language);
            return step.replaceDialog(WATERFALL, { menuOnly: true } satisfies MainOptions);
        }
        const options: MainOptions = choice;
        return step.replaceDialog(WATERFALL, options);
    }

    /** Back to the journey where it stopped, or to the menu. */
    private async whereWeWere(context: TurnContext): Promise<MainOptions> {
        const journey = await getJourney(context, this.state);
        return inProgress(journey) ? { action: 'journey', position: journey.position } : { menuOnly: true };
    }

    private async begin(step: WaterfallStepContext<MainOptions>, route: Route, dialogId: string, options?: object): Promise<DialogTurnResult> {
        (step.values as { route?: Route }).route = route;
        return step.beginDialog(dialogId, options);
    }

    protected override async onCommand(innerDc: DialogContext, command: Command): Promise<DialogTurnResult | undefined> {
        const context = innerDc.context;
        const ids = stackIds(innerDc);
        const inJourney = ids.includes(JOURNEY_DIALOG);
        const restart = async (options: MainOptions) => {
            await innerDc.cancelAllDialogs();
            return innerDc.beginDialog(WATERFALL, options);
        };
        switch (command.kind) {
            case 'menu':
                return restart({ menuOnly: true });
            case 'start': {
                const journey = await getJourney(context, this.state);
                return restart({ action: 'journey', position: inProgress(journey) ? journey.position : undefined });
            }
            case 'forget':
                return restart({ action: 'forget' });
            case 'language':
                if (!command.language) return restart({ action: 'language' });
                await applyLanguage(context, this.state, command.language as Language);
                return restart(inJourney ? await this.whereWeWere(context) : { menuOnly: true });
            case 'helpdesk':
                return ids.includes(ESCALATION_DIALOG) ? undefined : innerDc.beginDialog(ESCALATION_DIALOG);
            case 'help':
                await this.sendHelp(context, inJourney);
                await this.repromptShort(innerDc);
                return Dialog.EndOfTurn;
            case 'back':
            case 'skip':
            case 'stuck':
                return inJourney ? this.journeyCommand(innerDc, command.kind, restart) : undefined;
            case 'cancel':
                return undefined;
        }
    }

    /** Back, skip and "I'm stuck" inside the guide. */
    private async journeyCommand(
        innerDc: DialogContext,
        kind: 'back' | 'skip' | 'stuck',
        restart: (options: MainOptions) => Promise<DialogTurnResult>,
    ): Promise<DialogTurnResult> {
        const context = innerDc.context;
        const journey = await getJourney(context, this.state);
        if (kind === 'back') return restart({ action: 'journey', position: backTransition(journey) });
        if (kind === 'skip') return restart({ action: 'journey', position: skipTransition(journey) });
        const t = turnT(context);
        const step = stuckTransition(journey);
        if (step) this.services.feedback.recordStuck(step);
        const help = t(`guide:stuck.${step ?? 'path'}`);
        const helpdesk = option(context, 'helpdesk', 'common:buttons.helpdesk', 'helpdesk');
        await context.sendActivity(choiceMessage(`${help}\n\n${t('common:stuck.helpdesk')}`, [helpdesk]));
        await this.repromptShort(innerDc);
        return Dialog.EndOfTurn;
    }

    /** A clear question at a prompt is answered (the prompt then follows in one line). */
    protected override async onQuestion(innerDc: DialogContext, outcome: FaqOutcome & { kind: 'answer' | 'medical' | 'unknown' }): Promise<void> {
        const context = innerDc.context;
        if (outcome.kind === 'answer') {
            const lng = turnLanguage(context);
            this.services.feedback.recordAnswered(outcome.entry.id, lng);
            await sendAnswer(context, this.services.faq.entry(lng, outcome.entry.id) ?? outcome.entry, true);
        } else if (outcome.kind === 'medical') {
            await context.sendActivity(MessageFactory.text(turnT(context)('common:faq.medical')));
        } else {
            await keepUnanswered(context, this.state, this.services, answerText(context.activity));
            await context.sendActivity(MessageFactory.text(turnT(context)('common:faq.unknownAtPrompt')));
        }
    }

    protected override questionsAllowed(innerDc: DialogContext): boolean {
        const ids = stackIds(innerDc);
        return !ids.includes(ESCALATION_DIALOG) && !ids.includes(FAQ_DIALOG);
    }

    /** Counts the repeat for the helpdesk e-mail (where the user struggled). */
    protected override async onNotUnderstood(innerDc: DialogContext): Promise<void> {
        if (!stackIds(innerDc).includes(JOURNEY_DIALOG)) return;
        repeatedTransition(await getJourney(innerDc.context, this.state));
    }

    /** "Back to step 1 (EU Login): Do you already have an EU Login account?" */
    protected override async backToLine(context: TurnContext, prompt: ChoiceValidations): Promise<string> {
        const t = turnT(context);
        const question = prompt.short ?? t('common:errors.chooseOne');
        const journey = await getJourney(context, this.state);
        const step = journey.position && !journey.finished ? stepOf(journey.position) : undefined;
        // guide prompts carry their step; menu, hand-over and FAQ prompts read "Back to where we were"
        return step && prompt.guide
            ? t('common:reprompt.step', { n: stepNumber(step), title: t(`guide:steps.${step}.title`), question })
            : t('common:reprompt.plain', { question });
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
