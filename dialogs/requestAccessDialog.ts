import { MessageFactory, TurnContext } from 'botbuilder';
import { ComponentDialog, DialogTurnResult, WaterfallDialog, WaterfallStepContext } from './framework';
import { localizedCountryName } from '../src/catalogue';
import { Position, positionIndex } from '../src/journey';
import { ACCESS_PROFILE_DIALOG, AccessProfileDialog } from './accessProfileDialog';
import { recapCard, recapText, organisationLabel } from './cards';
import { ChoiceAnswer, ChoiceOption, choicePromptOptions, WordChoicePrompt } from './choicePrompt';
import { doneOrStuckOptions } from './guideStepDialog';
import { getJourney, markCompleted, markPosition, progressLine, stepHeader } from './journeyState';
import { option, stuckOption } from './options';
import { ORGANISATION_DIALOG, OrganisationDialog, OrganisationOptions, OrganisationResult } from './organisationDialog';
import { DialogServices, StateAccessors } from '../src/services';
import { turnLanguage, turnT } from '../src/turnState';

export const REQUEST_ACCESS_DIALOG = 'requestAccess';

/** "I submitted the request" / "I'm stuck" under the recap. */
export function recapOptions(context: TurnContext): ChoiceOption[] {
    return [option(context, 'done', 'guide:steps.requestAccess.submitted', ['done', 'submitted'], 'done'), stuckOption(context)];
}
const WATERFALL = 'requestAccess.waterfall';
const CHOICE_PROMPT = 'requestAccess.choice';

export interface RequestAccessOptions {
    /** Resume at this screen; earlier screens whose answers are stored are skipped. */
    position?: Position;
}

interface RequestValues {
    start: number;
    /** A global search already filled network, country and hospital. */
    resolvedAll?: boolean;
}

/**
 * Guide step 3: request authorisation in CPMS. Follows the four screens of the "New application
 * access" wizard: application, organisation (network, country, hospital or guest access), access
 * profile, recap and submission.
 */
export class RequestAccessDialog extends ComponentDialog {
    constructor(private readonly state: StateAccessors, private readonly services: DialogServices) {
        super(REQUEST_ACCESS_DIALOG);
        if (!state) throw new Error("[RequestAccessDialog] missing 'state'");
        this.addDialog(new WordChoicePrompt(CHOICE_PROMPT));
        this.addDialog(new OrganisationDialog(services));
        this.addDialog(new AccessProfileDialog());
        this.addDialog(
            new WaterfallDialog(WATERFALL, [
                this.applicationStep.bind(this),
                this.networkStep.bind(this),
                this.countryStep.bind(this),
                this.hospitalStep.bind(this),
                this.profileStep.bind(this),
                this.recapStep.bind(this),
                this.finishStep.bind(this),
            ]),
        );
        this.initialDialogId = WATERFALL;
    }

    /** Screen 1: open CPMS, follow "To request authorisation", log in, select application CPMS. */
    private async applicationStep(step: WaterfallStepContext<RequestAccessOptions>): Promise<DialogTurnResult> {
        const values = step.values as RequestValues;
        values.start = positionIndex(step.options?.position ?? 'requestAccess.application');
        if (this.skips(values, 'requestAccess.application')) return step.next();
        await markPosition(step.context, this.state, 'requestAccess.application');
        const t = turnT(step.context);
        const text = `**${stepHeader(t, 'requestAccess')}**\n\n${t('guide:steps.requestAccess.instructions')}`;
        await step.context.sendActivity(MessageFactory.text(text));
        const options = doneOrStuckOptions(step.context, 'guide:steps.requestAccess.done');
        const short = t('guide:steps.requestAccess.donePrompt');
        return step.prompt(CHOICE_PROMPT, choicePromptOptions(short, options, t('common:errors.doneOrStuck'), false, { short, guide: true }));
    }

    /** Screen 2a: the network (ERN). */
    private async networkStep(step: WaterfallStepContext<RequestAccessOptions>): Promise<DialogTurnResult> {
        const values = step.values as RequestValues;
        const journey = await getJourney(step.context, this.state);
        if (journey.prefilled && journey.ern && journey.country && journey.hospital) {
            journey.prefilled = false;
            values.resolvedAll = true;
            return step.next();
        }
        if (this.skips(values, 'requestAccess.ern') && journey.ern) return step.next();
        await markPosition(step.context, this.state, 'requestAccess.ern');
        return step.beginDialog(ORGANISATION_DIALOG, { kind: 'ern' } satisfies OrganisationOptions);
    }

    /** Screen 2b: the country. */
    private async countryStep(step: WaterfallStepContext<RequestAccessOptions>): Promise<DialogTurnResult> {
        const values = step.values as RequestValues;
        const journey = await this.save(step, step.result as OrganisationResult | undefined);
        if (values.resolvedAll || (this.skips(values, 'requestAccess.country') && journey.country)) return step.next();
        await markPosition(step.context, this.state, 'requestAccess.country');
        return step.beginDialog(ORGANISATION_DIALOG, { kind: 'country', ern: journey.ern?.code } satisfies OrganisationOptions);
    }

    /** Screen 2c: the hospital, or "0000 Guest Access" on the guest path. */
    private async hospitalStep(step: WaterfallStepContext<RequestAccessOptions>): Promise<DialogTurnResult> {
        const values = step.values as RequestValues;
        const journey = await this.save(step, step.result as OrganisationResult | undefined);
        if (values.resolvedAll || (this.skips(values, 'requestAccess.hospital') && journey.hospital)) return step.next();
        await markPosition(step.context, this.state, 'requestAccess.hospital');
        const options: OrganisationOptions = { kind: 'hcp', ern: journey.ern?.code, country: journey.country?.iso };
        if (journey.path === 'guest') {
            // Guests do not pick a hospital: "0000 Guest Access" heads every country's list.
            const guest = this.services.catalogue.search.hospitalsOf(options.ern ?? '', options.country ?? '').find((h) => h.guest);
            if (guest) return step.next({ hospital: guest } satisfies OrganisationResult);
        }
        return step.beginDialog(ORGANISATION_DIALOG, options);
    }

    /** Screen 3: the access profile. */
    private async profileStep(step: WaterfallStepContext<RequestAccessOptions>): Promise<DialogTurnResult> {
        const values = step.values as RequestValues;
        const journey = await this.save(step, step.result as OrganisationResult | undefined);
        const t = turnT(step.context);
        if (journey.hospital) {
            const key = journey.path === 'guest' ? 'guide:organisation.selectedGuest' : 'guide:organisation.selected';
            await step.context.sendActivity(
                MessageFactory.text(t(key, { network: journey.ern?.label ?? '', country: journey.country?.name ?? '', organisation: organisationLabel(journey.hospital) })),
            );
        }
        if (this.skips(values, 'requestAccess.profile') && journey.profile) return step.next();
        await markPosition(step.context, this.state, 'requestAccess.profile');
        return step.beginDialog(ACCESS_PROFILE_DIALOG);
    }

    /** Screen 4: the recap CPMS shows before "Submit request access". */
    private async recapStep(step: WaterfallStepContext<RequestAccessOptions>): Promise<DialogTurnResult> {
        const journey = await getJourney(step.context, this.state);
        if (typeof step.result === 'string') journey.profile = step.result;
        await markPosition(step.context, this.state, 'requestAccess.recap');
        const t = turnT(step.context);
        // The card carries the recap; the text is for channels and screen readers that show no cards.
        const recap = MessageFactory.attachment(recapCard(t, journey));
        recap.summary = recapText(t, journey);
        await step.context.sendActivity(recap);
        const options = recapOptions(step.context);
        const text = `${progressLine(t, 'requestAccess')}\n\n${t('guide:recap.submit')}`;
        return step.prompt(CHOICE_PROMPT, choicePromptOptions(text, options, t('common:errors.doneOrStuck'), false, { short: t('guide:recap.short'), guide: true }));
    }

    /** Marks step 3 completed. */
    private async finishStep(step: WaterfallStepContext<RequestAccessOptions>): Promise<DialogTurnResult> {
        await markCompleted(step.context, this.state, 'requestAccess');
        return step.endDialog((step.result as ChoiceAnswer | undefined)?.value);
    }

    /** True when the dialog resumes after this screen (its answer is already stored). */
    private skips(values: RequestValues, position: Position): boolean {
        return values.start > positionIndex(position);
    }

    /** Stores what the organisation dialog returned; a guest access pick puts the user on the guest path. */
    private async save(step: WaterfallStepContext<RequestAccessOptions>, result: OrganisationResult | undefined) {
        const journey = await getJourney(step.context, this.state);
        if (!result) return journey;
        const lng = turnLanguage(step.context);
        if (result.network) {
            journey.ern = { code: result.network.code, label: result.network.cpmsLabel };
        }
        if (result.country) journey.country = { iso: result.country.iso, name: localizedCountryName(result.country, lng) };
        if (result.hospital) {
            journey.hospital = { code: result.hospital.code, name: result.hospital.name };
            if (result.hospital.guest) journey.path = 'guest';
            else journey.path = journey.path ?? 'member';
        }
        if (result.network && result.country && result.hospital) (step.values as RequestValues).resolvedAll = true;
        if (result.network && !result.country) {
            // A new network invalidates a country and hospital picked under the old one.
            delete journey.country;
            delete journey.hospital;
        }
        if (result.country && !result.hospital) delete journey.hospital;
        return journey;
    }
}
