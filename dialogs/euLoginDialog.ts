import { GuideStepDialog } from './guideStepDialog';
import { StateAccessors } from '../src/services';

export const EU_LOGIN_DIALOG = 'euLogin';

/** Guide step 1: have or create an EU Login (the former ECAS account). */
export class EuLoginDialog extends GuideStepDialog {
    constructor(state: StateAccessors) {
        super(EU_LOGIN_DIALOG, { step: 'euLogin', askFirst: true }, state);
    }
}
