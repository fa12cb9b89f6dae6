/**
 * The dialogs, composed: every parent receives its children and services from here, so each dialog
 * can be tested on its own with stand-in services (test/dialogs/*.dialog.test.ts).
 */
import { DialogServices, StateAccessors } from '../src/services';
import { EscalationDialog } from './escalationDialog';
import { FaqDialog } from './faqDialog';
import { ForgetMeDialog } from './forgetMeDialog';
import { JourneyDialog } from './journeyDialog';
import { LanguageDialog } from './languageDialog';
import { MainDialog } from './mainDialog';
import { MenuDialog } from './menuDialog';
import { OrganisationDialog } from './organisationDialog';

export { MainDialog, MAIN_DIALOG } from './mainDialog';

/** The root dialog with all its children. */
export function createMainDialog(state: StateAccessors, services: DialogServices): MainDialog {
    return new MainDialog(state, services, {
        menu: new MenuDialog(state, services),
        journey: new JourneyDialog(state, services),
        faq: new FaqDialog(state, services),
        escalation: new EscalationDialog(state, services),
        language: new LanguageDialog(state),
        forgetMe: new ForgetMeDialog(services),
        organisation: new OrganisationDialog(services),
    });
}
