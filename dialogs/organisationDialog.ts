import { MessageFactory, TurnContext } from 'botbuilder';
import { ComponentDialog, DialogTurnResult, WaterfallDialog, WaterfallStepContext } from './framework';
import type { Country, Hospital } from '../src/catalogue';
import { EntityResult, isExactName } from '../src/conversation/entities';
import { recognizeAnswer, searchAnswer } from '../src/conversation/classify';
import { localizedCountryName } from '../src/catalogue';
import { answerText, ChoiceAnswer, ChoiceOption, choicePromptOptions, WordChoicePrompt } from './choicePrompt';
import { noOption, option, yesOption } from './options';
import { organisationLabel } from './cards';
import { progressLine } from './journeyState';
import { escapeMarkdown } from '../src/text/normalize';
import { DialogServices } from '../src/services';
import { turnLanguage, turnT } from '../src/turnState';

export const ORGANISATION_DIALOG = 'organisation';
const WATERFALL = 'organisation.waterfall';
const ANSWER_PROMPT = 'organisation.answer';
const CONFIRM_PROMPT = 'organisation.confirm';

/** Which list of the CPMS "Select organisation" screen is being resolved; `global` finds all three. */
export type OrganisationKind = 'ern' | 'country' | 'hcp' | 'global';

export interface OrganisationOptions {
    kind: OrganisationKind;
    /** Network code chosen before (scopes country and hospital searches). */
    ern?: string;
    /** Country ISO code chosen before (scopes the hospital search). */
    country?: string;
    /** Text to resolve at once instead of asking (typed at the menu, or a new name at a confirmation). */
    query?: string;
    /** Set when the question is asked again, to say so. */
    retry?: boolean;
    /** The user asked for the whole list: every entry of this level is a button. */
    listed?: boolean;
}

/** What the user picked; a global search fills all three. */
export type OrganisationResult = EntityResult;

/** Candidates waiting for the user's confirmation, kept in the waterfall's values. */
interface Pending {
    candidates: OrganisationResult[];
}

/** Longest hospital name taken as typed where the catalogue has no list. */
const MAX_TYPED_NAME = 120;
/** Longest part of an unknown name repeated back to the user. */
const MAX_ECHOED_QUERY = 80;
/** Most "did you mean" buttons shown at once. */
const MAX_SUGGESTIONS = 3;
/** Most countries offered as buttons at the country question: the user's own, then those with member hospitals. */
const MAX_LIKELY_COUNTRIES = 4;
/** A country's member hospitals are buttons at the question when there are at most this many; else typed, or the list. */
const MAX_HOSPITAL_BUTTONS = 3;

/**
 * Resolves one level of the CPMS organisation screen (network, country or hospital) from whatever the
 * user types: one confident match is confirmed, close matches give "did you mean", nothing found is
 * said honestly with the full list, guest access and the helpdesk as ways on.
 */
export class OrganisationDialog extends ComponentDialog {
    constructor(private readonly services: DialogServices) {
        super(ORGANISATION_DIALOG);
        if (!services?.catalogue) throw new Error("[OrganisationDialog] missing 'catalogue'");
        // on its own (without the root dialog's decision) the question still lets a name beat the cues
        this.addDialog(
            new WordChoicePrompt(ANSWER_PROMPT, undefined, (context, validations) =>
                recognizeAnswer(turnLanguage(context), answerText(context.activity), context.activity.value, validations, services.catalogue.search)?.option,
            ),
        );
        this.addDialog(new WordChoicePrompt(CONFIRM_PROMPT));
        this.addDialog(new WaterfallDialog(WATERFALL, [this.askStep.bind(this), this.resolveStep.bind(this), this.confirmStep.bind(this)]));
        this.initialDialogId = WATERFALL;
    }

    /** Asks for a name, city or code (or takes the query it was given). */
    private async askStep(step: WaterfallStepContext<OrganisationOptions>): Promise<DialogTurnResult> {
        const opts = step.options;
        if (opts.query) return step.next({ text: opts.query } satisfies ChoiceAnswer);
        const t = turnT(step.context);
        const vars = this.labels(step.context, opts);
        const key = opts.kind === 'hcp' && !this.knowsHospitals(opts) ? 'hcpUnlisted' : opts.kind;
        const question = opts.listed ? this.listQuestion(step.context, opts) : t(opts.retry ? `guide:organisation.${key}.retry` : `guide:organisation.${key}.ask`, vars);
        const text = opts.kind === 'global' ? question : `${progressLine(t, 'requestAccess')}\n\n${question}`;
        const extra = { kind: 'entity' as const, entity: { kind: opts.kind, ern: opts.ern, country: opts.country }, short: t(`guide:organisation.${key}.short`, vars), guide: opts.kind !== 'global' };
        // Entries as buttons (a person who only clicks can answer), after "ReCONNET" at the network question.
        const entries = this.entryOptions(step.context, opts);
        const own = organisationAskOptions(step.context, opts.kind, opts.listed);
        const options = opts.kind === 'ern' ? [...own, ...entries] : [...entries, ...own];
        return step.prompt(ANSWER_PROMPT, choicePromptOptions(text, options, text, true, extra));
    }

    /** Searches the catalogue and asks the user to confirm or pick. */
    private async resolveStep(step: WaterfallStepContext<OrganisationOptions>): Promise<DialogTurnResult> {
        const opts = step.options;
        const answer = step.result as ChoiceAnswer;
        const t = turnT(step.context);
        if (answer.value === 'other') {
            // "no" to "Is your network ReCONNET?": ask which one it is.
            return step.replaceDialog(WATERFALL, { ...opts, query: undefined, retry: true });
        }
        if (answer.value === 'list') {
            if (opts.kind !== 'global') return step.replaceDialog(WATERFALL, { ...opts, query: undefined, listed: true });
            await step.context.sendActivity(MessageFactory.text(this.fullList(step.context, opts)));
            return step.replaceDialog(WATERFALL, { ...opts, query: undefined, retry: true });
        }
        if (answer.value === 'guest' || (answer.value === undefined && opts.kind === 'hcp' && this.services.catalogue.search.isGuestQuery(answer.text))) {
            return step.endDialog({ hospital: this.guestHospital(opts) } satisfies OrganisationResult);
        }
        const clicked = answer.value === undefined ? undefined : this.entryOf(opts, answer.value);
        if (clicked) return step.endDialog(clicked);
        if (opts.kind === 'hcp' && !this.knowsHospitals(opts)) return this.confirmTypedHospital(step, answer.text);
        const candidates = searchAnswer(turnLanguage(step.context), this.services.catalogue.search, opts, answer.text);
        // "Italy", "IT13", "ReCONNET" typed exactly at their question: nothing to confirm (a hospital
        // found from the menu is still confirmed: it also picks the network and country).
        if (opts.kind !== 'global' && candidates.confidence === 'confident' && isExactName(this.services.catalogue.search, answer.text, candidates.matches[0].item)) {
            return step.endDialog(candidates.matches[0].item);
        }
        if (candidates.confidence === 'none') {
            await step.context.sendActivity(
                MessageFactory.text(t(`guide:organisation.${opts.kind}.notFound`, { ...this.labels(step.context, opts), query: escapeMarkdown(answer.text.slice(0, MAX_ECHOED_QUERY)) })),
            );
            return step.replaceDialog(WATERFALL, { ...opts, query: undefined, retry: true });
        }
        const pending: Pending = { candidates: candidates.matches.slice(0, MAX_SUGGESTIONS).map((m) => m.item) };
        (step.values as { pending?: Pending }).pending = pending;
        const guide = opts.kind !== 'global';
        if (candidates.confidence === 'confident') {
            // catalogue names come from an imported file: shown inert, never as Markdown
            const text = t('guide:organisation.confirm', { label: escapeMarkdown(this.describe(step.context, pending.candidates[0])) });
            const options = [yesOption(step.context), noOption(step.context)];
            return step.prompt(CONFIRM_PROMPT, choicePromptOptions(text, options, text, true, { short: text, guide }));
        }
        const options: ChoiceOption[] = pending.candidates.map((c, i) => ({ value: String(i), title: this.describe(step.context, c), synonyms: this.codesOf(c) }));
        options.push(option(step.context, 'none', 'guide:organisation.noneOfThese', 'no', 'no'));
        const didYouMean = t('guide:organisation.didYouMean');
        return step.prompt(CONFIRM_PROMPT, choicePromptOptions(didYouMean, options, didYouMean, true, { short: didYouMean, guide }));
    }

    /** Ends with the confirmed choice, or asks again. */
    private async confirmStep(step: WaterfallStepContext<OrganisationOptions>): Promise<DialogTurnResult> {
        const opts = step.options;
        const answer = step.result as ChoiceAnswer;
        const pending = (step.values as { pending: Pending }).pending;
        if (answer.value === 'yes') return step.endDialog(pending.candidates[0]);
        if (answer.value !== undefined && /^\d+$/.test(answer.value)) return step.endDialog(pending.candidates[Number(answer.value)]);
        if (answer.value === undefined) return step.replaceDialog(WATERFALL, { ...opts, query: answer.text });
        return step.replaceDialog(WATERFALL, { ...opts, query: undefined, retry: true });
    }

    /** False where the catalogue has no member list for the network and country yet (only guest access). */
    private knowsHospitals(opts: OrganisationOptions): boolean {
        return this.memberHospitals(opts).length > 0;
    }

    private memberHospitals(opts: OrganisationOptions): Hospital[] {
        return this.services.catalogue.search.hospitalsOf(opts.ern ?? '', opts.country ?? '').filter((h) => !h.guest);
    }

    /**
     * The entries of this level offered as buttons: the whole list once asked for; before that, the
     * likely countries (the user's own, from the channel locale, then those with member hospitals)
     * and a country's member hospitals when they are few.
     */
    private entryOptions(context: TurnContext, opts: OrganisationOptions): ChoiceOption[] {
        const search = this.services.catalogue.search;
        const lng = turnLanguage(context);
        const countryOption = (c: Country): ChoiceOption => ({ value: c.iso, title: localizedCountryName(c, lng), synonyms: [c.iso] });
        const hospitalOption = (h: Hospital): ChoiceOption => ({ value: h.code, title: organisationLabel(h), synonyms: [h.code, h.name] });
        if (opts.kind === 'ern') return opts.listed ? search.allNetworks().filter((n) => n.code !== 'ReCONNET').map((n) => ({ value: n.code, title: `${n.code} - ${n.shortName}` })) : [];
        if (opts.kind === 'country') {
            const all = search.countriesOf(opts.ern ?? 'ReCONNET');
            if (opts.listed) return all.map(countryOption);
            const own = /^[a-z]{2,3}[-_]([a-z]{2})$/i.exec(context.activity.locale ?? '')?.[1].toUpperCase();
            const withMembers = all.filter((c) => this.memberHospitals({ ...opts, country: c.iso }).length > 0);
            const likely = [...all.filter((c) => c.iso === own), ...withMembers.filter((c) => c.iso !== own)];
            return likely.slice(0, MAX_LIKELY_COUNTRIES).map(countryOption);
        }
        if (opts.kind === 'hcp') {
            const members = this.memberHospitals(opts);
            return opts.listed || members.length <= MAX_HOSPITAL_BUTTONS ? members.map(hospitalOption) : [];
        }
        return [];
    }

    /** The entry of this level a button of {@link entryOptions} (or ReCONNET's) stands for. */
    private entryOf(opts: OrganisationOptions, value: string): OrganisationResult | undefined {
        const search = this.services.catalogue.search;
        const network = opts.kind === 'ern' ? search.network(value) : undefined;
        const country = opts.kind === 'country' ? search.country(value) : undefined;
        const hospital = opts.kind === 'hcp' ? this.memberHospitals(opts).find((h) => h.code === value) : undefined;
        if (network) return { network };
        if (country) return { country };
        return hospital ? { hospital } : undefined;
    }

    /** The question once the whole list was asked for: its introduction (and, without members, why guest access). */
    private listQuestion(context: TurnContext, opts: OrganisationOptions): string {
        const t = turnT(context);
        const intro = t(`guide:organisation.${opts.kind}.listIntro`, this.labels(context, opts));
        return opts.kind === 'hcp' && !this.knowsHospitals(opts) ? `${intro}\n\n${t('guide:organisation.hcp.noHospitalsYet')}` : intro;
    }

    /**
     * No member list to check against: take the hospital as the user reads it in CPMS ("RO02 - Name")
     * so the recap can still show it, and ask to confirm.
     */
    private async confirmTypedHospital(step: WaterfallStepContext<OrganisationOptions>, text: string): Promise<DialogTurnResult> {
        const opts = step.options;
        const typed = /^\s*([a-z]{2}\s?-?\s?\d{2,3})\s*[-–:]?\s*(.*)$/i.exec(text);
        const code = typed ? typed[1].replace(/[\s-]/g, '').toUpperCase() : '';
        const name = (typed ? typed[2] : text).trim().slice(0, MAX_TYPED_NAME) || code;
        const hospital: Hospital = { ern: opts.ern ?? '', country: opts.country ?? '', code, name, aliases: [], guest: false };
        (step.values as { pending?: Pending }).pending = { candidates: [{ hospital }] };
        const t = turnT(step.context);
        const question = t('guide:organisation.confirm', { label: escapeMarkdown(organisationLabel(hospital)) });
        return step.prompt(CONFIRM_PROMPT, choicePromptOptions(question, [yesOption(step.context), noOption(step.context)], question, true, { short: question, guide: true }));
    }

    private guestHospital(opts: OrganisationOptions): Hospital {
        const search = this.services.catalogue.search;
        const found = search.hospitalsOf(opts.ern ?? 'ReCONNET', opts.country ?? 'IT').find((h) => h.guest);
        if (!found) throw new Error('[OrganisationDialog] the catalogue has no guest access entry');
        return found;
    }

    /** The hospital list at the menu's global search, as text the user can answer by code or name (the guide's levels list theirs as buttons: {@link entryOptions}). */
    private fullList(context: TurnContext, opts: OrganisationOptions): string {
        const t = turnT(context);
        const hospitals = this.services.catalogue.search.hospitalsOf(opts.ern ?? 'ReCONNET', opts.country ?? 'IT');
        const lines = hospitals.map((h) => organisationLabel(h));
        if (hospitals.every((h) => h.guest)) lines.push(t('guide:organisation.hcp.noHospitalsYet'));
        return `${t('guide:organisation.hcp.listIntro', this.labels(context, opts))}\n\n${lines.map((l) => `- ${l}`).join('\n')}`;
    }

    /** How a candidate reads in a button or a question: "IT13 - AOU Careggi, Florence (ReCONNET, Italy)". */
    private describe(context: TurnContext, result: OrganisationResult): string {
        const lng = turnLanguage(context);
        if (result.hospital) {
            const hospital = organisationLabel(result.hospital);
            return result.network && result.country
                ? `${hospital} (${result.network.code}, ${localizedCountryName(result.country, lng)})`
                : hospital;
        }
        if (result.country) return localizedCountryName(result.country, lng);
        if (result.network) return `${result.network.code} - ${result.network.shortName}`;
        return '';
    }

    private codesOf(result: OrganisationResult): string[] {
        return [result.hospital?.code, result.hospital?.name, result.country?.iso, result.network?.code].filter((s): s is string => !!s);
    }

    private labels(context: TurnContext, opts: OrganisationOptions): Record<string, string> {
        const search = this.services.catalogue.search;
        const country = opts.country ? search.country(opts.country) : undefined;
        return {
            ern: opts.ern ?? '',
            country: country ? localizedCountryName(country, turnLanguage(context)) : (opts.country ?? ''),
        };
    }
}

/**
 * The buttons (and typed-only answers) of the question for one level of the organisation screen;
 * once the list is shown (`listed`), "show the list" is still understood but no longer a button.
 */
export function organisationAskOptions(context: TurnContext, kind: OrganisationKind, listed = false): ChoiceOption[] {
    const list = (key: string): ChoiceOption => {
        const o = option(context, 'list', key, 'list');
        return listed ? { ...o, title: undefined } : o;
    };
    switch (kind) {
        case 'ern':
            // "yes" answers "Is your network ReCONNET?"; "no" (no button) asks which one it is
            return [{ value: 'ReCONNET', title: 'ReCONNET', intent: 'yes' }, list('guide:organisation.ern.showList'), { value: 'other', intent: 'no' }];
        case 'country':
            return [list('guide:organisation.country.showList')];
        case 'hcp':
        case 'global':
            return [
                list('guide:organisation.hcp.showList'),
                option(context, 'guest', 'guide:organisation.hcp.guest', 'guest'),
                { ...option(context, 'helpdesk', 'common:buttons.helpdesk', 'helpdesk'), command: 'helpdesk' },
            ];
    }
}
