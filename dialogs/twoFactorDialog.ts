import { GuideStepDialog } from './guideStepDialog';
import { StateAccessors } from '../src/services';

export const TWO_FACTOR_DIALOG = 'twoFactor';

/** Guide step 2: add a mobile phone (SMS) or the EU Login Mobile App as second factor. */
export class TwoFactorDialog extends GuideStepDialog {
    constructor(state: StateAccessors) {
        super(TWO_FACTOR_DIALOG, { step: 'twoFactor', askFirst: true }, state);
    }
}
