import { Channels, MessageFactory, TeamsInfo, TurnContext } from 'botbuilder';
import { ComponentDialog, DialogContext, DialogTurnResult, PromptValidatorContext, WaterfallDialog, WaterfallStepContext } from './framework';
import { isValidEmail } from '../src/escalation';
import { OPTIONAL_LOOKUP_TIMEOUT_MS, withTimeout } from '../src/channelCalls';
import { escapeMarkdown } from '../src/text/normalize';
import { stepOf } from '../src/journey';
import { ChoiceAnswer, ChoiceOption, choicePromptOptions, WordChoicePrompt } from './choicePrompt';
import { getJourney, stepHeader } from './journeyState';
import { noOption, option, yesOption } from './options';
import { DialogServices, StateAccessors } from '../src/services';
import { turnLanguage, turnT } from '../src/turnState';
import { isWord } from '../src/conversation/recognizer';

export const ESCALATION_DIALOG = 'escalation';
const WATERFALL = 'escalation.waterfall';
const CHOICE_PROMPT = 'escalation.choice';
const TEXT_PROMPT = 'escalation.text';
const EMAIL_PROMPT = 'escalation.email';

/** Longest name and description kept; the e-mail bounds them again. */
const MAX_NAME_LENGTH = 200;
const MAX_DESCRIPTION_LENGTH = 3000;
/** Display names channels use when they do not know the user's name. */
const PLACEHOLDER_NAMES = ['user', 'you', 'guest', 'anonymous'];

interface Draft {
    name?: string;
    email?: string;
    description?: string;
    knownName?: string;
    knownEmail?: string;
}

/**
 * Hands the user to the helpdesk: explains what is sent and asks consent, asks name, e-mail and a
 * short description, shows a summary, then stores the escalation durably and gives a reference.
 * "Cancel" at any prompt ends it with nothing sent.
 */
export class EscalationDialog extends ComponentDialog {
    constructor(private readonly state: StateAccessors, private readonly services: DialogServices) {
        super(ESCALATION_DIALOG);
        if (!services?.escalations) throw new Error("[EscalationDialog] missing 'escalations'");
        this.addDialog(new WordChoicePrompt(CHOICE_PROMPT));
        this.addDialog(new WordChoicePrompt(TEXT_PROMPT));
        this.addDialog(new WordChoicePrompt(EMAIL_PROMPT, this.validateEmail.bind(this)));
        this.addDialog(
            new WaterfallDialog(WATERFALL, [
                this.consentStep.bind(this),
                this.nameStep.bind(this),
                this.emailStep.bind(this),
                this.descriptionStep.bind(this),
                this.summaryStep.bind(this),
                this.submitStep.bind(this),
            ]),
        );
        this.initialDialogId = WATERFALL;
    }

    /** "Cancel" anywhere in the hand-over ends it; nothing is sent. */
    protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
        if (isWord(turnLanguage(innerDc.context), 'cancel', innerDc.context.activity.text)) {
            await innerDc.context.sendActivity(MessageFactory.text(turnT(innerDc.context)('common:escalation.cancelled')));
            return innerDc.cancelAllDialogs();
        }
        return super.onContinueDialog(innerDc);
    }

    /** Explains what will be sent and asks for consent. */
    private async consentStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
        const t = turnT(step.context);
        const options = [yesOption(step.context, 'common:escalation.consentYes'), noOption(step.context, 'common:escalation.consentNo')];
        return step.prompt(CHOICE_PROMPT, choicePromptOptions(t('common:escalation.consent'), options, t('common:errors.chooseOne'), false, { short: t('common:escalation.consentShort') }));
    }

    /** Asks the name, offering the one the channel knows. */
    private async nameStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
        const t = turnT(step.context);
        if ((step.result as ChoiceAnswer).value !== 'yes') {
            await step.context.sendActivity(MessageFactory.text(t('common:escalation.cancelled')));
            return step.endDialog();
        }
        const draft: Draft = await this.knownIdentity(step.context);
        (step.values as { draft: Draft }).draft = draft;
        const options: ChoiceOption[] = draft.knownName ? [{ value: 'known', title: draft.knownName, synonyms: [] }] : [];
        return step.prompt(TEXT_PROMPT, choicePromptOptions(t('common:escalation.askName'), options, t('common:escalation.askName'), true, { kind: 'text', short: t('common:escalation.askName') }));
    }

    /** Asks the e-mail address the helpdesk replies to. */
    private async emailStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
        const t = turnT(step.context);
        const draft = (step.values as { draft: Draft }).draft;
        const answer = step.result as ChoiceAnswer;
        draft.name = (answer.value === 'known' ? draft.knownName ?? '' : answer.text).trim().slice(0, MAX_NAME_LENGTH);
        const options: ChoiceOption[] = draft.knownEmail ? [{ value: 'known', title: draft.knownEmail, synonyms: [] }] : [];
        return step.prompt(EMAIL_PROMPT, choicePromptOptions(t('common:escalation.askEmail'), options, t('common:escalation.invalidEmail'), true, { kind: 'text', short: t('common:escalation.askEmail') }));
    }

    /** Asks for a short description of the problem. */
    private async descriptionStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
        const t = turnT(step.context);
        const draft = (step.values as { draft: Draft }).draft;
        const answer = step.result as ChoiceAnswer;
        draft.email = answer.value === 'known' ? draft.knownEmail : answer.text.trim();
        return step.prompt(TEXT_PROMPT, choicePromptOptions(t('common:escalation.askDescription'), [], t('common:escalation.askDescription'), true, { kind: 'text', short: t('common:escalation.askDescription') }));
    }

    /** Shows what will be sent and asks to confirm. */
    private async summaryStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
        const t = turnT(step.context);
        const draft = (step.values as { draft: Draft }).draft;
        draft.description = (step.result as ChoiceAnswer).text.trim().slice(0, MAX_DESCRIPTION_LENGTH);
        const journey = await getJourney(step.context, this.state);
        const step3 = journey.position ? stepOf(journey.position) : undefined;
        const summary = t('common:escalation.summary', {
            name: escapeMarkdown(draft.name ?? ''),
            email: escapeMarkdown(draft.email ?? ''),
            step: step3 ? stepHeader(t, step3) : t('common:escalation.noStep'),
            description: escapeMarkdown(draft.description ?? ''),
        });
        const options = [yesOption(step.context, 'common:escalation.send'), option(step.context, 'cancel', 'common:buttons.cancel', ['cancel', 'no'], 'no')];
        return step.prompt(CHOICE_PROMPT, choicePromptOptions(summary, options, t('common:errors.chooseOne'), false, { short: t('common:escalation.sendShort') }));
    }

    /** Stores the escalation before telling the user, then gives the reference. */
    private async submitStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
        const t = turnT(step.context);
        if ((step.result as ChoiceAnswer).value !== 'yes') {
            await step.context.sendActivity(MessageFactory.text(t('common:escalation.cancelled')));
            return step.endDialog();
        }
        const draft = (step.values as { draft: Draft }).draft;
        const journey = await getJourney(step.context, this.state);
        const profile = await this.state.profile.get(step.context, {});
        profile.name = draft.name;
        profile.email = draft.email;
        const activity = step.context.activity;
        try {
            const { reference } = await this.services.escalations.submit({
                channelId: activity.channelId,
                conversationId: activity.conversation.id,
                userId: activity.from.id,
                name: draft.name ?? '',
                email: draft.email ?? '',
                description: draft.description ?? '',
                language: turnLanguage(step.context),
                journey: { ...journey },
            });
            await step.context.sendActivity(MessageFactory.text(t('common:escalation.sent', { reference, email: escapeMarkdown(draft.email ?? '') })));
            return step.endDialog({ reference });
        } catch (error) {
            console.error(`[EscalationDialog] could not store an escalation: ${(error as Error).message}`);
            await step.context.sendActivity(MessageFactory.text(t('common:escalation.failed')));
            return step.endDialog();
        }
    }

    private async validateEmail(prompt: PromptValidatorContext<ChoiceAnswer>): Promise<boolean> {
        const answer = prompt.recognized.value;
        if (!prompt.recognized.succeeded || !answer) return false;
        return answer.value === 'known' || isValidEmail(answer.text.trim());
    }

    /** Name (and in Teams the e-mail, through the roster) the channel already knows. */
    private async knownIdentity(context: TurnContext): Promise<Draft> {
        const profile = await this.state.profile.get(context, {});
        const draft: Draft = { knownName: profile.name, knownEmail: profile.email };
        const channelName = context.activity.from?.name?.trim();
        if (!draft.knownName && channelName && !PLACEHOLDER_NAMES.includes(channelName.toLowerCase())) draft.knownName = channelName.slice(0, MAX_NAME_LENGTH);
        if (context.activity.channelId === Channels.Msteams && !draft.knownEmail) {
            try {
                // A slow or failing roster must not hold the turn (issue 15): the user types the address.
                const member = await withTimeout(TeamsInfo.getMember(context, context.activity.from.id), OPTIONAL_LOOKUP_TIMEOUT_MS, 'Teams roster');
                if (member.email && isValidEmail(member.email)) draft.knownEmail = member.email;
                if (!draft.knownName && member.name) draft.knownName = member.name.slice(0, MAX_NAME_LENGTH);
            } catch {
                // The roster is not available in every scope or tenant; the user types the address.
            }
        }
        return draft;
    }
}
