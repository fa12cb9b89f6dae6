/**
 * The user's progress through the CPMS access guide. Stored in user state so that a user who
 * comes back days later (even in a new conversation) resumes where they stopped, and copied
 * into every escalation so the helpdesk sees it at a glance.
 */
export const STEP_IDS = ['euLogin', 'twoFactor', 'requestAccess', 'afterSubmit'] as const;
export type StepId = (typeof STEP_IDS)[number];
export type AccessPath = 'member' | 'guest';

export interface OrganisationChoice {
    ern?: { code: string; label: string };
    country?: { iso: string; name: string };
    hospital?: { code: string; name: string };
}

export interface JourneyState extends OrganisationChoice {
    path?: AccessPath;
    /** The step the user is on (or stopped at). */
    currentStep?: StepId;
    completed: StepId[];
    skipped: StepId[];
    profile?: string;
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
