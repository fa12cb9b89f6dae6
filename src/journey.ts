/**
 * The user's progress through the CPMS access guide. Stored in user state so that a user who
 * comes back days later (even in a new conversation) resumes where they stopped, and copied
 * into every escalation so the helpdesk sees it at a glance.
 */
export const STEP_IDS = ['euLogin', 'twoFactor', 'requestAccess', 'afterSubmit'] as const;
export type StepId = (typeof STEP_IDS)[number];
export type AccessPath = 'member' | 'guest';

/**
 * Every place the journey can stop and resume, in order. The request-access step has the four
 * screens of the CPMS wizard, the organisation screen split into network, country and hospital.
 */
export const POSITIONS = [
    'path',
    'euLogin',
    'twoFactor',
    'requestAccess.application',
    'requestAccess.ern',
    'requestAccess.country',
    'requestAccess.hospital',
    'requestAccess.profile',
    'requestAccess.recap',
    'afterSubmit',
] as const;
export type Position = (typeof POSITIONS)[number];

export interface OrganisationChoice {
    ern?: { code: string; label: string };
    country?: { iso: string; name: string };
    hospital?: { code: string; name: string };
}

export interface JourneyState extends OrganisationChoice {
    path?: AccessPath;
    /** Where the user is (or stopped). */
    position?: Position;
    /** The guide step of `position`. */
    currentStep?: StepId;
    completed: StepId[];
    skipped: StepId[];
    profile?: string;
    /** Network, country and hospital were found from the menu before the journey reached them. */
    prefilled?: boolean;
    /** Steps where the user said they were stuck, most recent last. */
    stuckAt: StepId[];
    /** Questions the bot could not answer in this journey, already redacted. */
    unanswered: string[];
    /** How often a question had to be asked again at a position (an answer not understood). */
    repeated?: Partial<Record<Position, number>>;
    finished: boolean;
    updatedAt?: string;
}

export function newJourney(): JourneyState {
    return { completed: [], skipped: [], stuckAt: [], unanswered: [], finished: false };
}

export function stepNumber(step: StepId): number {
    return STEP_IDS.indexOf(step) + 1;
}

export function isPosition(value: unknown): value is Position {
    return typeof value === 'string' && (POSITIONS as readonly string[]).includes(value);
}

export function positionIndex(position: Position): number {
    return POSITIONS.indexOf(position);
}

/** The guide step a position belongs to; `path` (member or guest?) comes before step 1. */
export function stepOf(position: Position): StepId | undefined {
    if (position === 'path') return undefined;
    return position.split('.')[0] as StepId;
}

/** One position back; from the first position it stays. */
export function previousPosition(position: Position): Position {
    return POSITIONS[Math.max(0, positionIndex(position) - 1)];
}

/** The first position of the step after the one `position` is in. */
export function nextStepPosition(position: Position): Position | undefined {
    const step = stepOf(position);
    const nextStep = step === undefined ? STEP_IDS[0] : STEP_IDS[STEP_IDS.indexOf(step) + 1];
    return nextStep === undefined ? undefined : POSITIONS.find((p) => stepOf(p) === nextStep);
}

/**
 * Journey transitions: what back, skip, "I'm stuck" and a search result do to the journey. Pure
 * functions that return the position to restart the guide at; the dialogs only apply them.
 */

/** "Back": one position before where the user is. */
export function backTransition(journey: JourneyState): Position {
    return previousPosition(journey.position ?? 'path');
}

/**
 * "Skip": the current step is marked skipped (unless already done) and the guide goes on with the
 * next step, or with the last one when there is none.
 */
export function skipTransition(journey: JourneyState): Position {
    const position = journey.position ?? 'path';
    const step = stepOf(position);
    if (step && !journey.skipped.includes(step) && !journey.completed.includes(step)) journey.skipped.push(step);
    return nextStepPosition(position) ?? 'afterSubmit';
}

/** Most "stuck" steps kept for the helpdesk e-mail. */
export const MAX_STUCK_KEPT = 10;

/** "I'm stuck": remembered for the helpdesk e-mail; returns the step it happened at. */
export function stuckTransition(journey: JourneyState): StepId | undefined {
    const step = stepOf(journey.position ?? 'path');
    if (step) journey.stuckAt = [...journey.stuckAt, step].slice(-MAX_STUCK_KEPT);
    return step;
}

/**
 * The same question had to be asked again (the answer was not understood): counted per position so
 * the helpdesk e-mail shows where the user struggled.
 */
export function repeatedTransition(journey: JourneyState): void {
    const position = journey.position;
    if (!position) return;
    journey.repeated = { ...(journey.repeated ?? {}), [position]: (journey.repeated?.[position] ?? 0) + 1 };
}

/** What a catalogue search found, as the journey stores it. */
export interface FoundOrganisation {
    network?: { code: string; cpmsLabel: string };
    country?: { iso: string; name: string };
    hospital?: { code: string; name: string; guest: boolean };
}

/**
 * A hospital found from the menu ("AOU Pisana") fills network, country and hospital at once; the
 * guide then starts at step 1 and shows them when it reaches the organisation screen.
 */
export function applyFoundOrganisation(journey: JourneyState, found: FoundOrganisation): Position {
    if (found.network) journey.ern = { code: found.network.code, label: found.network.cpmsLabel };
    if (found.country) journey.country = { iso: found.country.iso, name: found.country.name };
    if (found.hospital) {
        journey.hospital = { code: found.hospital.code, name: found.hospital.name };
        journey.path = found.hospital.guest ? 'guest' : 'member';
    }
    journey.prefilled = !!(found.network && found.country && found.hospital);
    return 'euLogin';
}
