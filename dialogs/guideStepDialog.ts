import { MessageFactory, TurnContext } from 'botbuilder';
import { ComponentDialog, DialogTurnResult, WaterfallDialog, WaterfallStepContext } from './framework';
import { StepId } from '../src/journey';
import { ChoiceAnswer, ChoiceOption, choicePromptOptions, WordChoicePrompt } from './choicePrompt';
import { getJourney, markCompleted, markPosition, stepHeader } from './journeyState';
import { doneOption, noOption, stuckOption, yesOption } from './options';
import { StateAccessors } from '../src/services';
import { turnT } from '../src/turnState';

/** "Yes, I have one" / "No, show me how". */
export function alreadyDoneOptions(context: TurnContext, step: StepId): ChoiceOption[] {
    return [yesOption(context, `guide:steps.${step}.haveIt`), noOption(context, `guide:steps.${step}.showMe`)];
}

/** "Done, …" / "I'm stuck" after instructions. */
export function doneOrStuckOptions(context: TurnContext, doneTitleKey: string): ChoiceOption[] {
    return [doneOption(context, doneTitleKey), stuckOption(context)];
}

/** How a guide step that is a short checklist (EU Login, second factor, after submission) reads. */
export interface GuideStepShape {
    /** Step 3 has its own dialog: it follows the four screens of the CPMS wizard. */
    step: Exclude<StepId, 'requestAccess'>;
    /** Ask "already done?" first, so users who have it skip the instructions. */
    askFirst: boolean;
}

/**
 * Base of the guide steps that explain and then wait for "done": asks whether the user already did
 * it, shows the instructions (texts under `guide:steps.<step>`), and marks the step completed.
 */
export abstract class GuideStepDialog extends ComponentDialog {
    private readonly waterfallId: string;
    private readonly promptId: string;

    protected constructor(dialogId: string, private readonly shape: GuideStepShape, protected readonly state: StateAccessors) {
        super(dialogId);
        if (!state) throw new Error(`[${dialogId}] missing 'state'`);
        this.waterfallId = `${dialogId}.waterfall`;
        this.promptId = `${dialogId}.choice`;
        this.addDialog(new WordChoicePrompt(this.promptId));
        this.addDialog(
            new WaterfallDialog(this.waterfallId, [
                this.askAlreadyDoneStep.bind(this),
                this.instructionsStep.bind(this),
                this.finishStep.bind(this),
            ]),
        );
        this.initialDialogId = this.waterfallId;
    }

    /** Asks whether the user has already done this step (skipped for steps that only inform). */
    private async askAlreadyDoneStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
        const { step: id } = this.shape;
        await markPosition(step.context, this.state, id);
        if (!this.shape.askFirst) return step.next();
        const t = turnT(step.context);
        const options = alreadyDoneOptions(step.context, id);
        const text = `**${stepHeader(t, id)}**\n\n${t(`guide:steps.${id}.ask`)}`;
        const short = t(`guide:steps.${id}.short`);
        return step.prompt(this.promptId, choicePromptOptions(text, options, `${t('common:errors.yesOrNo')} ${short}`, false, { short, guide: true }));
    }

    /** Shows the instructions, unless the user already has it done. */
    private async instructionsStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
        const { step: id } = this.shape;
        const t = turnT(step.context);
        const answer = step.result as ChoiceAnswer | undefined;
        if (answer?.value === 'yes') {
            await step.context.sendActivity(MessageFactory.text(t(`guide:steps.${id}.alreadyDone`)));
            await markCompleted(step.context, this.state, id);
            return step.endDialog();
        }
        const journey = await getJourney(step.context, this.state);
        const header = this.shape.askFirst ? '' : `**${stepHeader(t, id)}**\n\n`;
        await step.context.sendActivity(MessageFactory.text(header + t(`guide:steps.${id}.instructions`, { context: journey.path })));
        const options = doneOrStuckOptions(step.context, `guide:steps.${id}.done`);
        const short = t(`guide:steps.${id}.donePrompt`);
        return step.prompt(this.promptId, choicePromptOptions(short, options, t('common:errors.doneOrStuck'), false, { short, guide: true }));
    }

    /** Marks the step completed. */
    private async finishStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
        await markCompleted(step.context, this.state, this.shape.step);
        return step.endDialog();
    }
}
