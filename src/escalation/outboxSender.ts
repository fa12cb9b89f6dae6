import type { Config } from '../config';
import { createDelivery, MailDelivery } from './delivery';
import { consoleEscalationLogger, EscalationLogger } from './log';
import type { ClaimedMessage, Outbox } from './outbox';
import { oneLine, redactAddresses, truncate } from './text';

/** First retry after about 30 s, doubling each attempt... */
export const RETRY_BASE_MS = 30_000;
/** ...up to one hour between attempts; an escalation is retried until it goes through. */
export const RETRY_CAP_MS = 60 * 60_000;
/** ±20 % so that several instances coming back after an outage do not retry in step. */
export const RETRY_JITTER = 0.2;
/** A claim a crashed sender left behind is retried after this; well above the SMTP timeouts. */
export const LEASE_MS = 5 * 60_000;
/** How often a running sender looks for due messages. */
export const POLL_INTERVAL_MS = 5_000;
/** Upper bound of messages one flush handles, so stop() never waits long. */
export const MAX_PER_FLUSH = 50;
const ERROR_MAX_CHARS = 300;
/** nodemailer codes for "cannot reach the server": other due messages would fail the same way now. */
const CONNECTION_ERROR_CODES: ReadonlySet<string> = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED']);

/** What `/healthz` shows about escalations. */
export interface EscalationHealth {
    pending: number;
    oldestPendingAgeSeconds: number | null;
    failing: boolean;
    lastError?: string;
}

/** The result of one {@link OutboxSender.flushOnce}. */
export interface FlushResult {
    sent: number;
    failed: number;
}

export interface OutboxSenderOptions {
    outbox: Outbox;
    config: Config;
    /** Chosen from the config when omitted: SMTP with `smtpUrl`, `.eml` files otherwise. */
    delivery?: MailDelivery;
    now?: () => Date;
    /** Uniform in [0, 1); for the retry jitter. */
    random?: () => number;
    log?: EscalationLogger;
    pollIntervalMs?: number;
    leaseMs?: number;
    /** First retry delay ({@link RETRY_BASE_MS} when omitted; `config.outboxRetryBaseMs` in the runtime). */
    retryBaseMs?: number;
}

/**
 * Delay before attempt `attempt + 1` after `attempt` failures: exponential from
 * {@link RETRY_BASE_MS}, capped at {@link RETRY_CAP_MS}, with ±{@link RETRY_JITTER}.
 */
export function retryDelayMs(attempt: number, random: () => number = Math.random, baseMs: number = RETRY_BASE_MS): number {
    const exponential = Math.min(RETRY_CAP_MS, baseMs * 2 ** Math.max(0, attempt - 1));
    const factor = 1 - RETRY_JITTER + 2 * RETRY_JITTER * random();
    return Math.round(exponential * factor);
}

interface ErrorFields {
    code?: unknown;
    responseCode?: unknown;
    message?: unknown;
}

/** `ECONNECTION connect ECONNREFUSED 127.0.0.1:2525` or `EENVELOPE 451 ...`, addresses redacted. */
export function describeError(error: unknown): { code: string; text: string } {
    const fields: ErrorFields = typeof error === 'object' && error !== null ? (error as ErrorFields) : { message: String(error) };
    const code = typeof fields.code === 'string' ? fields.code : 'ERROR';
    const parts = [code, typeof fields.responseCode === 'number' ? String(fields.responseCode) : '', String(fields.message ?? '')];
    const text = truncate(redactAddresses(oneLine(parts.filter(Boolean).join(' '))), ERROR_MAX_CHARS, '[…]');
    return { code, text };
}

/** The leading code of a stored error description (`ECONNREFUSED`, `EENVELOPE 550`). */
export function errorCodeOf(description: string): string {
    const match = /^([A-Z][A-Z0-9_]*)(\s+\d{3})?/.exec(description);
    return match ? match[0] : 'ERROR';
}

/**
 * Delivers the outbox: claims due messages one at a time, hands them to the delivery, and
 * reschedules failures with exponential backoff. State lives in the outbox, so a restart
 * (or another instance) carries on where this one stopped.
 *
 * @remarks
 * Exactly once: a claim is an atomic lease, and only the lease holder can mark a message
 * sent. The one window left is a crash after the server accepted the message and before
 * `markSent`; the message is then sent again after the lease, with the same Message-ID.
 */
export class OutboxSender {
    private readonly outbox: Outbox;
    private readonly delivery: MailDelivery;
    private readonly now: () => Date;
    private readonly random: () => number;
    private readonly log: EscalationLogger;
    private readonly pollIntervalMs: number;
    private readonly leaseMs: number;
    private readonly retryBaseMs: number;
    private timer: NodeJS.Timeout | undefined;
    private running = false;
    private flushing: Promise<FlushResult> | undefined;

    constructor(options: OutboxSenderOptions) {
        if (!options.outbox) throw new Error("[OutboxSender] missing 'outbox'");
        if (!options.config) throw new Error("[OutboxSender] missing 'config'");
        this.outbox = options.outbox;
        this.delivery = options.delivery ?? createDelivery(options.config);
        this.now = options.now ?? (() => new Date());
        this.random = options.random ?? Math.random;
        this.log = options.log ?? consoleEscalationLogger(options.config.logLevel);
        this.pollIntervalMs = options.pollIntervalMs ?? POLL_INTERVAL_MS;
        this.leaseMs = options.leaseMs ?? LEASE_MS;
        this.retryBaseMs = options.retryBaseMs ?? RETRY_BASE_MS;
    }

    /** Starts polling (first flush right away). */
    start(): void {
        if (this.running) return;
        this.running = true;
        this.schedule(0);
    }

    /** Flushes soon instead of at the next poll; call after an escalation is queued. */
    wake(): void {
        if (this.running) this.schedule(0);
    }

    /** Stops polling, waits for a flush in progress and closes the transport. */
    async stop(): Promise<void> {
        this.running = false;
        if (this.timer) clearTimeout(this.timer);
        this.timer = undefined;
        await this.flushing?.catch(() => undefined);
        this.delivery.close();
    }

    /** Delivers every due message once (concurrent calls share one flush). */
    flushOnce(): Promise<FlushResult> {
        this.flushing ??= this.flush().finally(() => {
            this.flushing = undefined;
        });
        return this.flushing;
    }

    /** Figures for `GET /healthz`. */
    async health(): Promise<EscalationHealth> {
        const stats = await this.outbox.stats();
        const oldest = stats.oldestPendingCreatedAt;
        return {
            pending: stats.pending,
            oldestPendingAgeSeconds: oldest ? Math.max(0, Math.floor((this.now().getTime() - oldest.getTime()) / 1000)) : null,
            failing: stats.failing > 0,
            // The code only (ECONNREFUSED, EAUTH 535, ...): the full text names the mail server; it goes to the log.
            ...(stats.lastError ? { lastError: errorCodeOf(stats.lastError) } : {}),
        };
    }

    private schedule(delayMs: number): void {
        if (this.timer) clearTimeout(this.timer);
        this.timer = setTimeout(() => void this.tick(), delayMs);
        // The poll alone must not keep a process (or a test run) alive.
        this.timer.unref();
    }

    private async tick(): Promise<void> {
        this.timer = undefined;
        try {
            await this.flushOnce();
        } catch (error) {
            this.log('error', `flush failed: ${describeError(error).text}`);
        }
        if (this.running && !this.timer) this.schedule(this.pollIntervalMs);
    }

    private async flush(): Promise<FlushResult> {
        const result: FlushResult = { sent: 0, failed: 0 };
        for (let i = 0; i < MAX_PER_FLUSH; i++) {
            const message = await this.outbox.claimNext(this.now(), this.leaseMs);
            if (!message) break;
            const error = await this.attempt(message);
            if (error === undefined) {
                result.sent++;
                continue;
            }
            result.failed++;
            // The server is unreachable: the other due messages would only fail the same way now.
            if (CONNECTION_ERROR_CODES.has(error.code)) break;
        }
        return result;
    }

    /** One delivery attempt; resolves with the error when it failed. */
    private async attempt(message: ClaimedMessage): Promise<{ code: string; text: string } | undefined> {
        try {
            await this.delivery.deliver(message);
        } catch (error) {
            const described = describeError(error);
            const delay = retryDelayMs(message.attempts, this.random, this.retryBaseMs);
            const next = new Date(this.now().getTime() + delay);
            await this.outbox.markFailed(message.reference, message.leaseToken, described.text, next);
            this.log(
                'warn',
                `${message.reference} attempt ${message.attempts} via ${this.delivery.kind} failed: ${described.text}; ` +
                    `next attempt in ${Math.round(delay / 1000)} s`,
            );
            return described;
        }
        const settled = await this.outbox.markSent(message.reference, message.leaseToken, this.now());
        if (settled) {
            this.log('info', `${message.reference} attempt ${message.attempts} via ${this.delivery.kind} delivered`);
        } else {
            this.log('warn', `${message.reference} attempt ${message.attempts} delivered after its lease ran out; it may arrive twice`);
        }
        return undefined;
    }
}
