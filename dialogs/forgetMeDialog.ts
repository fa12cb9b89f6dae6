import { MessageFactory } from 'botbuilder';
import { ComponentDialog, DialogTurnResult, WaterfallDialog, WaterfallStepContext } from './framework';
import { ChoiceAnswer, choicePromptOptions, WordChoicePrompt } from './choicePrompt';
import { noOption, yesOption } from './options';
import { DialogServices } from '../src/services';
import { turnT } from '../src/turnState';

export const FORGET_ME_DIALOG = 'forgetMe';
const WATERFALL = 'forgetMe.waterfall';
const CONFIRM_PROMPT = 'forgetMe.confirm';

/** Result when the user confirmed: the caller ends every dialog. */
export const FORGOTTEN = 'forgotten';

/** "Forget me": after a confirmation, deletes what the bot stores about the user and their conversations. */
export class ForgetMeDialog extends ComponentDialog {
    constructor(private readonly services: DialogServices) {
        super(FORGET_ME_DIALOG);
        this.addDialog(new WordChoicePrompt(CONFIRM_PROMPT));
        this.addDialog(new WaterfallDialog(WATERFALL, [this.confirmStep.bind(this), this.forgetStep.bind(this)]));
        this.initialDialogId = WATERFALL;
    }

    /** Says what will be deleted and asks to confirm. */
    private async confirmStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
        const t = turnT(step.context);
        const options = [yesOption(step.context, 'common:forget.yes'), noOption(step.context, 'common:forget.no')];
        return step.prompt(CONFIRM_PROMPT, choicePromptOptions(t('common:forget.confirm'), options, t('common:errors.chooseOne'), false, { short: t('common:forget.short') }));
    }

    /** Deletes at the end of the turn (after the transcript logger wrote this turn) and confirms. */
    private async forgetStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
        const t = turnT(step.context);
        if ((step.result as ChoiceAnswer).value !== 'yes') {
            await step.context.sendActivity(MessageFactory.text(t('common:forget.kept')));
            return step.endDialog();
        }
        this.services.requestForget(step.context);
        await step.context.sendActivity(MessageFactory.text(t('common:forget.done')));
        return step.endDialog(FORGOTTEN);
    }
}
