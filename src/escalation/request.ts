import { z } from 'zod';
import { JourneyState, POSITIONS, STEP_IDS } from '../journey';

/** What the escalation dialog collected, handed to {@link EscalationService.submit}. */
export interface EscalationRequest {
    channelId: string;
    conversationId: string;
    /** Channel user id (`from.id` of the user's activities): the transcript and forgetUser key. */
    userId: string;
    name: string;
    email: string;
    description: string;
    /** The language the user spoke (`en`, `ro-RO`, ...). */
    language: string;
    journey: JourneyState;
}

/** RFC 5321 limit on a forward path. */
export const EMAIL_MAX_LENGTH = 254;
/** Ids from channels are short; anything longer is not an id. */
const ID_MAX_LENGTH = 1024;

const EMAIL_SCHEMA = z.email().max(EMAIL_MAX_LENGTH);

/** True for a plain mailbox address (`dr.test@example.org`); no display names, no line breaks. */
export function isValidEmail(s: string): boolean {
    return typeof s === 'string' && EMAIL_SCHEMA.safeParse(s.trim()).success && s.trim() === s;
}

const ID = z.string().trim().min(1).max(ID_MAX_LENGTH);
const STEP = z.enum(STEP_IDS);

/**
 * Journey state comes from stored user state and may be old or partial: accept what is there,
 * drop what is malformed, keep fields added later, never reject an escalation because of it.
 */
const JOURNEY_SCHEMA = z.looseObject({
    path: z.enum(['member', 'guest']).optional().catch(undefined),
    position: z.enum(POSITIONS).optional().catch(undefined),
    currentStep: STEP.optional().catch(undefined),
    completed: z.array(STEP).catch([]),
    skipped: z.array(STEP).catch([]),
    profile: z.string().optional().catch(undefined),
    stuckAt: z.array(STEP).catch([]),
    unanswered: z.array(z.string()).catch([]),
    finished: z.boolean().catch(false),
    updatedAt: z.string().optional().catch(undefined),
    ern: z.object({ code: z.string(), label: z.string() }).optional().catch(undefined),
    country: z.object({ iso: z.string(), name: z.string() }).optional().catch(undefined),
    hospital: z.object({ code: z.string(), name: z.string() }).optional().catch(undefined),
}).catch({ completed: [], skipped: [], stuckAt: [], unanswered: [], finished: false });

const REQUEST_SCHEMA = z.object({
    channelId: ID,
    conversationId: ID,
    userId: ID,
    // Long names are accepted and cut when rendered: a confirmed escalation must not bounce on length.
    name: z.string().refine((s) => s.replace(/[\s\u0000-\u001f\u007f-\u009f]/g, '') !== '', 'name is empty'),
    email: z.string().refine(isValidEmail, 'not an e-mail address'),
    description: z.string().catch(''),
    language: z.string().catch('en'),
    journey: JOURNEY_SCHEMA,
});

/** A request the service refuses; `fields` names what is wrong, never the values. */
export class EscalationValidationError extends Error {
    constructor(readonly fields: string[]) {
        super(`[EscalationService] invalid escalation request: ${fields.join(', ')}`);
        this.name = 'EscalationValidationError';
    }
}

/** Checks a request and returns a normalised copy (journey repaired, ids trimmed). */
export function validateRequest(request: EscalationRequest): EscalationRequest {
    const result = REQUEST_SCHEMA.safeParse(request);
    if (!result.success) {
        const fields = [...new Set(result.error.issues.map((i) => String(i.path[0] ?? 'request')))];
        throw new EscalationValidationError(fields);
    }
    return result.data as EscalationRequest;
}
