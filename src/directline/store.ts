import { randomBytes } from 'crypto';
import type { Activity } from 'botbuilder';
import type { Db } from '../storage/database';

/** Bounds that keep the Direct Line tables small whatever visitors do. */
export interface DirectLineLimits {
    /** Oldest activities of a conversation are dropped beyond this many. */
    maxActivitiesPerConversation: number;
    /** A visitor's oldest conversations are dropped beyond this many. */
    maxConversationsPerUser: number;
    /** Conversations with no activity for this long are deleted by {@link DirectLineStore.expireIdle}. */
    idleConversationTtlMs: number;
    /** At most this many activities per GET; the client polls again for the rest. */
    maxActivitiesPerPoll: number;
}

/** A few hundred activities cover a whole guide; a week covers a visitor who comes back. */
export const DEFAULT_LIMITS: DirectLineLimits = {
    maxActivitiesPerConversation: 500,
    maxConversationsPerUser: 20,
    idleConversationTtlMs: 7 * 24 * 60 * 60 * 1000,
    maxActivitiesPerPoll: 100,
};

/** A conversation of the bot's own Direct Line. */
export interface DlConversation {
    id: string;
    userId: string;
    locale?: string;
    createdAt: number;
    lastActiveAt: number;
}

/** One page of activities after a watermark. */
export interface ActivitySet {
    activities: Partial<Activity>[];
    /** Opaque to clients; always a non-empty string ("0" before the first activity). */
    watermark: string;
}

interface ConversationRow {
    id: string;
    user_id: string;
    locale: string | null;
    created_at: number;
    last_active_at: number;
}

const SEQ_DIGITS = 7;
const CONVERSATION_ID_BYTES = 16;
const CONVERSATION_ID_RE = /^[A-Za-z0-9_-]{16,64}$/;

/** Conversation ids are what {@link DirectLineStore.createConversation} makes: base64url. */
export function isConversationId(value: string): boolean {
    return CONVERSATION_ID_RE.test(value);
}

/** Activity ids look like Azure's: `<conversationId>|0000042`. */
export function activityIdFor(conversationId: string, seq: number): string {
    return `${conversationId}|${String(seq).padStart(SEQ_DIGITS, '0')}`;
}

/** The sequence number of an activity id this store issued in `conversationId`, if it is one. */
function seqOf(conversationId: string, activityId: string): number | undefined {
    const prefix = `${conversationId}|`;
    if (!activityId.startsWith(prefix)) return undefined;
    const seq = activityId.slice(prefix.length);
    return /^\d{1,15}$/.test(seq) ? Number(seq) : undefined;
}

/**
 * Conversations and their activities in the shared SQLite database, so that a restart loses
 * nothing. Sequence numbers double as watermarks.
 */
export class DirectLineStore {
    private readonly limits: DirectLineLimits;

    constructor(
        private readonly db: Db,
        limits: Partial<DirectLineLimits> = {},
        private readonly now: () => number = Date.now,
    ) {
        if (!db) throw new Error("[DirectLineStore] missing 'db'");
        this.limits = { ...DEFAULT_LIMITS, ...limits };
        db.exec(`
            CREATE TABLE IF NOT EXISTS directline_conversations (
                id TEXT PRIMARY KEY,
                user_id TEXT NOT NULL,
                locale TEXT,
                created_at INTEGER NOT NULL,
                last_active_at INTEGER NOT NULL,
                last_seq INTEGER NOT NULL DEFAULT 0
            );
            CREATE INDEX IF NOT EXISTS directline_conversations_user ON directline_conversations (user_id, created_at);
            CREATE INDEX IF NOT EXISTS directline_conversations_idle ON directline_conversations (last_active_at);
            CREATE TABLE IF NOT EXISTS directline_activities (
                conversation_id TEXT NOT NULL REFERENCES directline_conversations (id) ON DELETE CASCADE,
                seq INTEGER NOT NULL,
                activity_id TEXT NOT NULL,
                body TEXT NOT NULL,
                PRIMARY KEY (conversation_id, seq)
            );
        `);
    }

    createConversation(userId: string, locale: string | undefined): DlConversation {
        const id = randomBytes(CONVERSATION_ID_BYTES).toString('base64url');
        const at = this.now();
        this.db.transaction(() => {
            this.db
                .prepare('INSERT INTO directline_conversations (id, user_id, locale, created_at, last_active_at) VALUES (?, ?, ?, ?, ?)')
                .run(id, userId, locale ?? null, at, at);
            this.db
                .prepare(
                    `DELETE FROM directline_conversations WHERE user_id = ? AND id NOT IN (
                        SELECT id FROM directline_conversations WHERE user_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?)`,
                )
                .run(userId, userId, this.limits.maxConversationsPerUser);
        })();
        return { id, userId, locale, createdAt: at, lastActiveAt: at };
    }

    getConversation(id: string): DlConversation | undefined {
        if (!isConversationId(id)) return undefined;
        const row = this.db.prepare('SELECT * FROM directline_conversations WHERE id = ?').get(id) as ConversationRow | undefined;
        if (!row) return undefined;
        return {
            id: row.id,
            userId: row.user_id,
            locale: row.locale ?? undefined,
            createdAt: row.created_at,
            lastActiveAt: row.last_active_at,
        };
    }

    /**
     * Appends an activity, giving it the next id; trims the conversation to its cap.
     * @returns the stored activity (with `id`).
     */
    append(conversationId: string, activity: Partial<Activity>): Partial<Activity> {
        return this.db.transaction(() => {
            const row = this.db
                .prepare('UPDATE directline_conversations SET last_seq = last_seq + 1, last_active_at = ? WHERE id = ? RETURNING last_seq')
                .get(this.now(), conversationId) as { last_seq: number } | undefined;
            if (!row) throw new Error(`[DirectLineStore] unknown conversation ${conversationId}`);
            const seq = row.last_seq;
            const stored = { ...activity, id: activityIdFor(conversationId, seq) };
            this.db
                .prepare('INSERT INTO directline_activities (conversation_id, seq, activity_id, body) VALUES (?, ?, ?, ?)')
                .run(conversationId, seq, stored.id, JSON.stringify(stored));
            this.db
                .prepare('DELETE FROM directline_activities WHERE conversation_id = ? AND seq <= ?')
                .run(conversationId, seq - this.limits.maxActivitiesPerConversation);
            return stored;
        })();
    }

    hasActivity(conversationId: string, activityId: string): boolean {
        return (
            this.db
                .prepare('SELECT 1 FROM directline_activities WHERE conversation_id = ? AND activity_id = ?')
                .get(conversationId, activityId) !== undefined
        );
    }

    /** Activities after `watermark` (all when it is empty or not a number we issued). */
    activitiesAfter(conversationId: string, watermark: string | undefined): ActivitySet {
        const after = watermark !== undefined && /^\d{1,15}$/.test(watermark) ? Number(watermark) : 0;
        const rows = this.db
            .prepare('SELECT seq, body FROM directline_activities WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?')
            .all(conversationId, after, this.limits.maxActivitiesPerPoll) as { seq: number; body: string }[];
        const last = rows.length > 0 ? rows[rows.length - 1].seq : after;
        return {
            activities: rows.map((r) => JSON.parse(r.body) as Partial<Activity>),
            watermark: String(last),
        };
    }

    /** Ids of the conversations of `userId`. */
    conversationsOf(userId: string): string[] {
        return (this.db.prepare('SELECT id FROM directline_conversations WHERE user_id = ?').all(userId) as { id: string }[]).map((r) => r.id);
    }

    /**
     * "Forget me": deletes every conversation of `userId` and its activities. In the conversation
     * the request came from (`keep`), the conversation itself stays (the visitor may go on) and so
     * do the bot's activities after the request (the confirmation the visitor has yet to fetch).
     * @returns how many conversations were deleted whole.
     */
    forgetUser(userId: string, keep?: { conversationId: string; afterActivityId?: string }): number {
        return this.db.transaction(() => {
            const removed = this.db.prepare('DELETE FROM directline_conversations WHERE user_id = ? AND id != ?').run(userId, keep?.conversationId ?? '').changes;
            if (keep) {
                const after = keep.afterActivityId ? seqOf(keep.conversationId, keep.afterActivityId) : undefined;
                this.db.prepare('DELETE FROM directline_activities WHERE conversation_id = ? AND seq <= ?').run(keep.conversationId, after ?? Number.MAX_SAFE_INTEGER);
                // Whatever the visitor posted after the request is theirs too; the bot's lines stay.
                const rows = this.db.prepare('SELECT seq, body FROM directline_activities WHERE conversation_id = ?').all(keep.conversationId) as { seq: number; body: string }[];
                const remove = this.db.prepare('DELETE FROM directline_activities WHERE conversation_id = ? AND seq = ?');
                for (const row of rows) {
                    const role = (JSON.parse(row.body) as Partial<Activity>).from?.role;
                    if (role !== 'bot') remove.run(keep.conversationId, row.seq);
                }
            }
            return removed;
        })();
    }

    /** Deletes conversations idle longer than the TTL. @returns how many were deleted. */
    expireIdle(): number {
        const cutoff = this.now() - this.limits.idleConversationTtlMs;
        return this.db.prepare('DELETE FROM directline_conversations WHERE last_active_at < ?').run(cutoff).changes;
    }
}
