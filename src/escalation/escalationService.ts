import type { Activity } from 'botbuilder';
import type { Config } from '../config';
import { composeEscalationEmail } from './emailRenderer';
import { consoleEscalationLogger, EscalationLogger } from './log';
import { DuplicateReferenceError, Outbox } from './outbox';
import { newReference } from './reference';
import { EscalationRequest, validateRequest } from './request';
import { describeError } from './outboxSender';
import type { TranscriptArchive } from './transcriptStore';

/** Tries before giving up on finding a free reference (810,000 per day: one retry is already rare). */
export const MAX_REFERENCE_ATTEMPTS = 8;
/** Pages read from the transcript store (a runaway conversation must not stall the escalation). */
const MAX_TRANSCRIPT_PAGES = 50;

export interface EscalationServiceDeps {
    outbox: Outbox;
    transcripts: TranscriptArchive;
    config: Config;
    now?: () => Date;
    /** Reference generator; tests force collisions with it. */
    newReference?: (now: Date) => string;
    log?: EscalationLogger;
    /** Called after a message is queued, e.g. `() => sender.wake()`. */
    onEnqueued?: (reference: string) => void;
}

/**
 * Turns a confirmed escalation into a queued helpdesk e-mail.
 *
 * @remarks
 * The transcript is read when `submit` is called. The middleware writes each turn's
 * activities when the turn ends, so the turn that calls `submit` (usually the user's "yes")
 * is not in it; everything before is.
 */
export class EscalationService {
    private readonly outbox: Outbox;
    private readonly transcripts: TranscriptArchive;
    private readonly config: Config;
    private readonly now: () => Date;
    private readonly makeReference: (now: Date) => string;
    private readonly log: EscalationLogger;
    private readonly onEnqueued?: (reference: string) => void;

    constructor(deps: EscalationServiceDeps) {
        if (!deps.outbox) throw new Error("[EscalationService] missing 'outbox'");
        if (!deps.transcripts) throw new Error("[EscalationService] missing 'transcripts'");
        if (!deps.config) throw new Error("[EscalationService] missing 'config'");
        this.outbox = deps.outbox;
        this.transcripts = deps.transcripts;
        this.config = deps.config;
        this.now = deps.now ?? (() => new Date());
        this.makeReference = deps.newReference ?? ((now) => newReference(now));
        this.log = deps.log ?? consoleEscalationLogger(deps.config.logLevel);
        this.onEnqueued = deps.onEnqueued;
    }

    /**
     * Validates, renders the e-mail, stores it in the outbox durably, THEN resolves with the
     * reference. Rejects with `EscalationValidationError` (fields named, values not) on bad input.
     */
    async submit(req: EscalationRequest): Promise<{ reference: string }> {
        const request = validateRequest(req);
        const activities = await this.readTranscript(request.channelId, request.conversationId);
        for (let attempt = 1; attempt <= MAX_REFERENCE_ATTEMPTS; attempt++) {
            const createdAt = this.now();
            const reference = this.makeReference(createdAt);
            const email = await composeEscalationEmail({ reference, createdAt, request, activities, config: this.config });
            try {
                await this.outbox.enqueue({ reference, envelope: email.envelope, raw: email.raw, createdAt });
            } catch (error) {
                if (error instanceof DuplicateReferenceError) continue;
                throw error;
            }
            this.log('info', `${reference} queued (${email.raw.length} bytes)`);
            this.onEnqueued?.(reference);
            return { reference };
        }
        throw new Error(`[EscalationService] no free reference after ${MAX_REFERENCE_ATTEMPTS} attempts`);
    }

    /**
     * Erases the user's transcripts (all their conversations).
     *
     * @remarks
     * Escalations already in the outbox are NOT touched: the bot confirmed them to the user,
     * so they must still reach the helpdesk; their bodies are dropped once delivered.
     */
    async forgetUser(userId: string): Promise<{ conversationsDeleted: number }> {
        const conversationsDeleted = await this.transcripts.deleteUser(userId);
        return { conversationsDeleted };
    }

    /** All activities of the conversation; `undefined` when the store failed (the e-mail says so). */
    private async readTranscript(channelId: string, conversationId: string): Promise<Activity[] | undefined> {
        try {
            const activities: Activity[] = [];
            let token: string | undefined;
            for (let page = 0; page < MAX_TRANSCRIPT_PAGES; page++) {
                const result = await this.transcripts.getTranscriptActivities(channelId, conversationId, token);
                activities.push(...result.items);
                token = result.continuationToken || undefined;
                if (!token) break;
            }
            return activities;
        } catch (error) {
            // An escalation must not fail because its transcript could not be read.
            this.log('error', `transcript read failed: ${describeError(error).text}`);
            return undefined;
        }
    }
}
