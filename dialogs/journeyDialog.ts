import { MessageFactory, TurnContext } from 'botbuilder';
import { ComponentDialog, DialogTurnResult, WaterfallDialog, WaterfallStepContext } from './framework';
import { AccessPath, Position, positionIndex } from '../src/journey';
import { AFTER_SUBMIT_DIALOG, AfterSubmitDialog } from './afterSubmitDialog';
import { ChoiceAnswer, ChoiceOption, choicePromptOptions, WordChoicePrompt } from './choicePrompt';
import { EU_LOGIN_DIALOG, EuLoginDialog } from './euLoginDialog';
import { getJourney, markPosition } from './journeyState';
import { option } from './options';
import { REQUEST_ACCESS_DIALOG, RequestAccessDialog } from './requestAccessDialog';
import { DialogServices, StateAccessors } from '../src/services';
import { TWO_FACTOR_DIALOG, TwoFactorDialog } from './twoFactorDialog';
import { turnT } from '../src/turnState';

export const JOURNEY_DIALOG = 'journey';

/** Member or guest? "yes" means member or partner, "no" means guest: the question is "does your hospital belong?" */
export function pathOptions(context: TurnContext): ChoiceOption[] {
    return [
        option(context, 'member', 'guide:path.member', 'member', 'yes'),
        option(context, 'guest', 'guide:path.guest', 'guest', 'no'),
        option(context, 'notSure', 'guide:path.notSure', 'notSure'),
    ];
}
const WATERFALL = 'journey.waterfall';
const PATH_PROMPT = 'journey.pathPrompt';

export interface JourneyOptions {
    /** Where to (re)start; steps before it are not asked again. */
    position?: Position;
    /** The path chosen from the menu ("I am a guest"). */
    path?: AccessPath;
}

interface JourneyValues {
    start: number;
}

/**
 * The whole CPMS access guide: member or guest, then the four steps, each its own dialog. Starts
 * at any position so that back, skip and resume all restart it where the user should be.
 */
export class JourneyDialog extends ComponentDialog {
    constructor(private readonly state: StateAccessors, services: DialogServices) {
        super(JOURNEY_DIALOG);
        if (!state) throw new Error("[JourneyDialog] missing 'state'");
        this.addDialog(new WordChoicePrompt(PATH_PROMPT));
        this.addDialog(new EuLoginDialog(state));
        this.addDialog(new TwoFactorDialog(state));
        this.addDialog(new RequestAccessDialog(state, services));
        this.addDialog(new AfterSubmitDialog(state));
        this.addDialog(
            new WaterfallDialog(WATERFALL, [
                this.askPathStep.bind(this),
                this.euLoginStep.bind(this),
                this.twoFactorStep.bind(this),
                this.requestAccessStep.bind(this),
                this.afterSubmitStep.bind(this),
                this.finishStep.bind(this),
            ]),
        );
        this.initialDialogId = WATERFALL;
    }

    /** Asks whether the user's hospital is a member of the network (member path) or not (guest path). */
    private async askPathStep(step: WaterfallStepContext<JourneyOptions>): Promise<DialogTurnResult> {
        const values = step.values as JourneyValues;
        const journey = await getJourney(step.context, this.state);
        const opts = step.options ?? {};
        if (opts.path) journey.path = opts.path;
        values.start = positionIndex(opts.position ?? 'path');
        if (values.start > 0 && journey.path) return step.next();
        if (opts.path) return step.next({ value: opts.path, text: opts.path } satisfies ChoiceAnswer);
        await markPosition(step.context, this.state, 'path');
        const t = turnT(step.context);
        return step.prompt(PATH_PROMPT, choicePromptOptions(t('guide:path.ask'), pathOptions(step.context), t('guide:path.retry'), false, { short: t('guide:path.short'), guide: true }));
    }

    /** Step 1, after stating the path and the overview of the four steps. */
    private async euLoginStep(step: WaterfallStepContext<JourneyOptions>): Promise<DialogTurnResult> {
        const values = step.values as JourneyValues;
        const answer = step.result as ChoiceAnswer | undefined;
        const t = turnT(step.context);
        if (answer?.value === 'notSure') {
            await step.context.sendActivity(MessageFactory.text(t('guide:path.explain')));
            return step.replaceDialog(WATERFALL, { position: 'path' } satisfies JourneyOptions);
        }
        if (answer?.value === 'member' || answer?.value === 'guest') {
            const journey = await getJourney(step.context, this.state);
            journey.path = answer.value;
            await step.context.sendActivity(MessageFactory.text(`${t(`guide:path.intro.${answer.value}`)}\n\n${t('guide:overview')}`));
        }
        if (values.start > positionIndex('euLogin')) return step.next();
        return step.beginDialog(EU_LOGIN_DIALOG);
    }

    /** Step 2. */
    private async twoFactorStep(step: WaterfallStepContext<JourneyOptions>): Promise<DialogTurnResult> {
        const values = step.values as JourneyValues;
        if (values.start > positionIndex('twoFactor')) return step.next();
        return step.beginDialog(TWO_FACTOR_DIALOG);
    }

    /** Step 3, resumed at the wizard screen where the user stopped. */
    private async requestAccessStep(step: WaterfallStepContext<JourneyOptions>): Promise<DialogTurnResult> {
        const values = step.values as JourneyValues;
        if (values.start > positionIndex('requestAccess.recap')) return step.next();
        const position = step.options?.position;
        return step.beginDialog(REQUEST_ACCESS_DIALOG, { position: position && position.startsWith('requestAccess.') ? position : undefined });
    }

    /** Step 4. */
    private async afterSubmitStep(step: WaterfallStepContext<JourneyOptions>): Promise<DialogTurnResult> {
        return step.beginDialog(AFTER_SUBMIT_DIALOG);
    }

    /** The journey is complete: congratulate and say what to do on approval. */
    private async finishStep(step: WaterfallStepContext<JourneyOptions>): Promise<DialogTurnResult> {
        const journey = await getJourney(step.context, this.state);
        journey.finished = true;
        journey.updatedAt = new Date().toISOString();
        await step.context.sendActivity(MessageFactory.text(turnT(step.context)(`guide:finished.${journey.path ?? 'member'}`)));
        return step.endDialog();
    }
}
