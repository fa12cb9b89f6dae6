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
