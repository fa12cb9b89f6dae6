import { randomUUID } from 'crypto';
import type { Db } from '../storage/database';

/** A composed escalation waiting for delivery. */
export interface OutboxMessage {
    reference: string;
    envelope: { from: string; to: string[] };
    /** The complete RFC 5322 message, identical on every attempt. */
    raw: Buffer;
    createdAt: Date;
}

/** A message one sender holds until `leaseUntil`; only the holder of `leaseToken` may settle it. */
export interface ClaimedMessage extends OutboxMessage {
    /** Attempts so far, this one included. */
    attempts: number;
    leaseToken: string;
}

/** Figures for `/healthz`. */
export interface OutboxStats {
    /** Not yet delivered (waiting or being sent). */
    pending: number;
    oldestPendingCreatedAt: Date | null;
    /** Undelivered messages whose last attempt failed. */
    failing: number;
    /** The most recent error among undelivered messages (already redacted). */
    lastError?: string;
    sent: number;
}

/**
 * Durable queue of escalation e-mails.
 *
 * @remarks
 * `enqueue` must be durable when it resolves: the bot confirms the escalation to the user
 * right after. `claimNext` is atomic across processes, so two senders never hold the same
 * message; a claim whose lease runs out (a crashed sender) becomes claimable again. The
 * SQLite implementation is {@link SqliteOutbox}; an Azure queue one would map claim/lease
 * onto the queue's visibility timeout.
 */
export interface Outbox {
    /** Rejects with {@link DuplicateReferenceError} when the reference is taken. */
    enqueue(message: OutboxMessage): Promise<void>;
    claimNext(now: Date, leaseMs: number): Promise<ClaimedMessage | undefined>;
    /** False when the lease was lost meanwhile (another sender may have sent it too). */
    markSent(reference: string, leaseToken: string, now: Date): Promise<boolean>;
    markFailed(reference: string, leaseToken: string, error: string, nextAttemptAt: Date): Promise<boolean>;
    stats(): Promise<OutboxStats>;
}

export class DuplicateReferenceError extends Error {
    constructor(readonly reference: string) {
        super(`[Outbox] reference ${reference} already exists`);
        this.name = 'DuplicateReferenceError';
    }
}

interface OutboxRow {
    reference: string;
    envelope_from: string;
    envelope_to: string;
    raw: Buffer;
    created_at: number;
    attempts: number;
}

interface StatsRow {
    pending: number;
    oldest: number | null;
    failing: number | null;
    sent: number;
}

function isPrimaryKeyViolation(error: unknown): boolean {
    return (
        typeof error === 'object' &&
        error !== null &&
        'code' in error &&
        (error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || error.code === 'SQLITE_CONSTRAINT_UNIQUE')
    );
}

/**
 * {@link Outbox} on the shared SQLite database (table created on construction).
 *
 * @remarks
 * Rows go `pending` → `sending` (leased) → `sent`, or back to `pending` with a later
 * `next_attempt_at` on failure. The message body is dropped once sent: the helpdesk mailbox
 * holds the copy, and the bot keeps no personal data longer than it needs.
 */
export class SqliteOutbox implements Outbox {
    constructor(private readonly db: Db) {
        if (!db) throw new Error("[SqliteOutbox] missing 'db'");
        db.exec(`
            CREATE TABLE IF NOT EXISTS escalation_outbox (
                reference TEXT PRIMARY KEY,
                status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent')),
                envelope_from TEXT NOT NULL,
                envelope_to TEXT NOT NULL,
                raw BLOB,
                created_at INTEGER NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at INTEGER NOT NULL,
                lease_token TEXT,
                lease_until INTEGER,
                last_attempt_at INTEGER,
                last_error TEXT,
                sent_at INTEGER
            );
            CREATE INDEX IF NOT EXISTS escalation_outbox_due ON escalation_outbox (status, next_attempt_at);
        `);
    }

    async enqueue(message: OutboxMessage): Promise<void> {
        try {
            // better-sqlite3 commits synchronously; with WAL and synchronous=FULL the row is on disk here.
            this.db
                .prepare(
                    `INSERT INTO escalation_outbox (reference, status, envelope_from, envelope_to, raw, created_at, next_attempt_at)
                     VALUES (?, 'pending', ?, ?, ?, ?, ?)`,
                )
                .run(
                    message.reference,
                    message.envelope.from,
                    JSON.stringify(message.envelope.to),
                    message.raw,
                    message.createdAt.getTime(),
                    message.createdAt.getTime(),
                );
        } catch (error) {
            if (isPrimaryKeyViolation(error)) throw new DuplicateReferenceError(message.reference);
            throw error;
        }
    }

    async claimNext(now: Date, leaseMs: number): Promise<ClaimedMessage | undefined> {
        const leaseToken = randomUUID();
        const at = now.getTime();
        // BEGIN IMMEDIATE takes the write lock before reading, so two processes cannot pick the
        // same row from stale snapshots.
        const claim = this.db.transaction((): OutboxRow | undefined => {
            return this.db
                .prepare(
                    `UPDATE escalation_outbox
                     SET status = 'sending', lease_token = @token, lease_until = @leaseUntil,
                         attempts = attempts + 1, last_attempt_at = @now
                     WHERE reference = (
                         SELECT reference FROM escalation_outbox
                         WHERE (status = 'pending' AND next_attempt_at <= @now)
                            OR (status = 'sending' AND lease_until <= @now)
                         ORDER BY next_attempt_at, created_at LIMIT 1)
                     RETURNING reference, envelope_from, envelope_to, raw, created_at, attempts`,
                )
                .get({ token: leaseToken, leaseUntil: at + leaseMs, now: at }) as OutboxRow | undefined;
        });
        const row = claim.immediate();
        if (!row) return undefined;
        return {
            reference: row.reference,
            envelope: { from: row.envelope_from, to: JSON.parse(row.envelope_to) as string[] },
            raw: row.raw,
            createdAt: new Date(row.created_at),
            attempts: row.attempts,
            leaseToken,
        };
    }

    async markSent(reference: string, leaseToken: string, now: Date): Promise<boolean> {
        const result = this.db
            .prepare(
                `UPDATE escalation_outbox
                 SET status = 'sent', sent_at = ?, raw = NULL, lease_token = NULL, lease_until = NULL, last_error = NULL
                 WHERE reference = ? AND lease_token = ? AND status = 'sending'`,
            )
            .run(now.getTime(), reference, leaseToken);
        return result.changes === 1;
    }

    async markFailed(reference: string, leaseToken: string, error: string, nextAttemptAt: Date): Promise<boolean> {
        const result = this.db
            .prepare(
                `UPDATE escalation_outbox
                 SET status = 'pending', next_attempt_at = ?, last_error = ?, lease_token = NULL, lease_until = NULL
                 WHERE reference = ? AND lease_token = ? AND status = 'sending'`,
            )
            .run(nextAttemptAt.getTime(), error, reference, leaseToken);
        return result.changes === 1;
    }

    async stats(): Promise<OutboxStats> {
        const row = this.db
            .prepare(
                `SELECT
                    SUM(status != 'sent') AS pending,
                    MIN(CASE WHEN status != 'sent' THEN created_at END) AS oldest,
                    SUM(status != 'sent' AND last_error IS NOT NULL) AS failing,
                    SUM(status = 'sent') AS sent
                 FROM escalation_outbox`,
            )
            .get() as StatsRow;
        const last = this.db
            .prepare(
                `SELECT last_error FROM escalation_outbox
                 WHERE status != 'sent' AND last_error IS NOT NULL
                 ORDER BY last_attempt_at DESC LIMIT 1`,
            )
            .get() as { last_error: string } | undefined;
        return {
            pending: row.pending ?? 0,
            oldestPendingCreatedAt: row.oldest === null ? null : new Date(row.oldest),
            failing: row.failing ?? 0,
            ...(last ? { lastError: last.last_error } : {}),
            sent: row.sent ?? 0,
        };
    }
}
