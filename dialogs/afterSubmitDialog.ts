import { GuideStepDialog } from './guideStepDialog';
import { StateAccessors } from '../src/services';

export const AFTER_SUBMIT_DIALOG = 'afterSubmit';

/** Guide step 4: manual validation by the administrators, the approval e-mail, then log in. */
export class AfterSubmitDialog extends GuideStepDialog {
    constructor(state: StateAccessors) {
        super(AFTER_SUBMIT_DIALOG, { step: 'afterSubmit', askFirst: false }, state);
    }
}
