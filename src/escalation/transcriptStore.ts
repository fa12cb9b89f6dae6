import { Activity, ActivityTypes, PagedResult, TranscriptInfo, TranscriptStore } from 'botbuilder';
import type Database from 'better-sqlite3';
import type { Db } from '../storage/database';

/**
 * A transcript store the escalation service can read from and erase users in.
 *
 * @remarks
 * Implemented by {@link SqliteTranscriptStore} now; a blob-backed store for several bot
 * instances only has to add these two methods to botbuilder's `TranscriptStore`.
 */
export interface TranscriptArchive extends TranscriptStore {
    /** Deletes every conversation the user took part in; resolves with how many. */
    deleteUser(userId: string): Promise<number>;
    /** Deletes activities logged more than `days` days ago; resolves with how many. */
    purgeOlderThan(days: number): Promise<number>;
    /** The conversations the user took part in (every channel); SQLite answers at once, blobs asynchronously. */
    conversationsOf(userId: string): ConversationRef[] | Promise<ConversationRef[]>;
}

/** One conversation of one channel. */
export interface ConversationRef {
    channelId: string;
    conversationId: string;
}

/** Page size of `getTranscriptActivities` and `listTranscripts`. */
export const TRANSCRIPT_PAGE_SIZE = 100;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Activity types kept. Typing, trace, events (Web Chat's join, ...) and conversation updates
 * say nothing the helpdesk needs and would only add personal metadata to keep.
 */
export const STORED_TYPES: ReadonlySet<string> = new Set([
    ActivityTypes.Message,
    ActivityTypes.MessageUpdate,
    ActivityTypes.MessageDelete,
    ActivityTypes.EndOfConversation,
]);

/**
 * Activity fields kept: what a transcript shows. `channelData`, `entities` and `serviceUrl`
 * (tokens, tenant ids, client details) are dropped on purpose.
 */
const KEPT_FIELDS = [
    'type',
    'id',
    'timestamp',
    'channelId',
    'text',
    'textFormat',
    'attachmentLayout',
    'attachments',
    'suggestedActions',
    'value',
    'name',
    'locale',
    'replyToId',
    'inputHint',
] as const;

interface ActivityRow {
    seq: number;
    activity: string;
}

interface ConversationRow {
    conversation_id: string;
    created: number;
    first_seq: number;
}

/** The channel account reduced to what identifies a side of the conversation. */
function account(value: { id?: string; role?: string } | undefined): { id: string; role?: string } | undefined {
    if (!value) return undefined;
    return value.role ? { id: String(value.id ?? ''), role: value.role } : { id: String(value.id ?? '') };
}

/**
 * Incoming activities carry role "user" on `from` (TranscriptLoggerMiddleware sets it when the
 * channel does not), so anything else is the bot speaking to `recipient`.
 */
export function isFromUser(activity: Partial<Activity>): boolean {
    return activity.from?.role === 'user';
}

/** The id of the person in the conversation, whichever direction the activity went. */
export function userIdOf(activity: Partial<Activity>): string | null {
    const id = isFromUser(activity) ? activity.from?.id : activity.recipient?.id;
    return id ? String(id) : null;
}

/** Uploaded files may arrive as data: URLs of several megabytes; the name is enough. */
function withoutInlineData(attachments: Activity['attachments']): Activity['attachments'] {
    if (!Array.isArray(attachments)) return undefined;
    return attachments.map((a) => (typeof a?.contentUrl === 'string' && a.contentUrl.startsWith('data:') ? { ...a, contentUrl: undefined } : a));
}

function timeOf(value: Date | string | undefined, fallback: Date): number {
    const ms = value === undefined ? NaN : new Date(value).getTime();
    return Number.isFinite(ms) ? ms : fallback.getTime();
}

/** The stored copy of an activity: {@link KEPT_FIELDS}, accounts by id and role only. */
export function minimise(activity: Partial<Activity>, timestamp: number): Partial<Activity> {
    const kept: Record<string, unknown> = {};
    for (const field of KEPT_FIELDS) {
        if (activity[field] !== undefined) kept[field] = activity[field];
    }
    return {
        ...kept,
        timestamp: new Date(timestamp),
        conversation: { id: String(activity.conversation?.id ?? '') } as Activity['conversation'],
        from: account(activity.from) as Activity['from'],
        recipient: account(activity.recipient) as Activity['recipient'],
        attachments: withoutInlineData(activity.attachments),
    };
}

/**
 * botbuilder `TranscriptStore` on the shared SQLite database, for
 * `new TranscriptLoggerMiddleware(store)`.
 *
 * @remarks
 * Activities are kept in insertion order (the middleware logs each turn's incoming activity,
 * then the replies), which is more reliable than client timestamps. Retention uses the bot's
 * own clock at logging time, so a client cannot keep data alive with a future timestamp.
 */
export class SqliteTranscriptStore implements TranscriptArchive {
    private readonly now: () => Date;

    constructor(
        private readonly db: Db,
        options: { now?: () => Date } = {},
    ) {
        if (!db) throw new Error("[SqliteTranscriptStore] missing 'db'");
        this.now = options.now ?? (() => new Date());
        this.createTables(db);
        // prepared once: a turn logs several activities
        this.insertActivity = db.prepare(
            `INSERT INTO transcript_activity (channel_id, conversation_id, user_id, type, ts, logged_at, activity)
             VALUES (?, ?, ?, ?, ?, ?, ?)`,
        );
    }

    private readonly insertActivity: Database.Statement<unknown[]>;

    private createTables(db: Db): void {
        db.exec(`
            CREATE TABLE IF NOT EXISTS transcript_activity (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                channel_id TEXT NOT NULL,
                conversation_id TEXT NOT NULL,
                user_id TEXT,
                type TEXT NOT NULL,
                ts INTEGER NOT NULL,
                logged_at INTEGER NOT NULL,
                activity TEXT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS transcript_activity_conversation
                ON transcript_activity (channel_id, conversation_id, seq);
            CREATE INDEX IF NOT EXISTS transcript_activity_user ON transcript_activity (user_id);
            CREATE INDEX IF NOT EXISTS transcript_activity_logged ON transcript_activity (logged_at);
        `);
    }

    /** Stores one activity; typing, trace and other noise is skipped. */
    async logActivity(activity: Activity): Promise<void> {
        if (!activity) throw new Error('[SqliteTranscriptStore] activity is required');
        if (!STORED_TYPES.has(activity.type)) return;
        const channelId = activity.channelId;
        const conversationId = activity.conversation?.id;
        if (!channelId || !conversationId) return;
        const loggedAt = this.now();
        const ts = timeOf(activity.timestamp, loggedAt);
        this.pending.push([channelId, conversationId, userIdOf(activity), activity.type, ts, loggedAt.getTime(), JSON.stringify(minimise(activity, ts))]);
        // a turn logs its activities one by one: they are written together, in one transaction, right after
        if (this.pending.length === 1) setImmediate(() => this.flushPending());
    }

    /** Writes the activities logged so far; every read and delete calls it first, so none is ever missed. */
    flushPending(): void {
        if (this.pending.length === 0 || !this.db.open) return;
        const rows = this.pending.splice(0);
        this.insertAll(rows);
    }

    private readonly pending: unknown[][] = [];
    private readonly insertAll = (rows: unknown[][]) =>
        this.db.transaction((batch: unknown[][]) => {
            for (const row of batch) this.insertActivity.run(...row);
        })(rows);

    /** One page of a conversation's activities in logging order; `startDate` filters by activity time. */
    async getTranscriptActivities(
        channelId: string,
        conversationId: string,
        continuationToken?: string,
        startDate?: Date,
    ): Promise<PagedResult<Activity>> {
        this.flushPending();
        const after = continuationToken ? Number(continuationToken) : 0;
        const since = startDate ? startDate.getTime() : Number.MIN_SAFE_INTEGER;
        const rows = this.db
            .prepare(
                `SELECT seq, activity FROM transcript_activity
                 WHERE channel_id = ? AND conversation_id = ? AND seq > ? AND ts >= ?
                 ORDER BY seq LIMIT ?`,
            )
            .all(channelId, conversationId, Number.isFinite(after) ? after : 0, since, TRANSCRIPT_PAGE_SIZE + 1) as ActivityRow[];
        const page = rows.slice(0, TRANSCRIPT_PAGE_SIZE);
        return {
            items: page.map((row) => reviveActivity(row.activity)),
            continuationToken: rows.length > TRANSCRIPT_PAGE_SIZE ? String(page[page.length - 1].seq) : '',
        };
    }

    /** One page of the channel's conversations, oldest first. */
    async listTranscripts(channelId: string, continuationToken?: string): Promise<PagedResult<TranscriptInfo>> {
        this.flushPending();
        const after = continuationToken ? Number(continuationToken) : 0;
        const rows = this.db
            .prepare(
                `SELECT conversation_id, MIN(ts) AS created, MIN(seq) AS first_seq FROM transcript_activity
                 WHERE channel_id = ? GROUP BY conversation_id HAVING first_seq > ?
                 ORDER BY first_seq LIMIT ?`,
            )
            .all(channelId, Number.isFinite(after) ? after : 0, TRANSCRIPT_PAGE_SIZE + 1) as ConversationRow[];
        const page = rows.slice(0, TRANSCRIPT_PAGE_SIZE);
        return {
            items: page.map((row) => ({ channelId, id: row.conversation_id, created: new Date(row.created) })),
            continuationToken: rows.length > TRANSCRIPT_PAGE_SIZE ? String(page[page.length - 1].first_seq) : '',
        };
    }

    async deleteTranscript(channelId: string, conversationId: string): Promise<void> {
        this.flushPending();
        this.db
            .prepare('DELETE FROM transcript_activity WHERE channel_id = ? AND conversation_id = ?')
            .run(channelId, conversationId);
    }

    /** The conversations the user took part in (every channel), for "forget me" to clear their state too. */
    conversationsOf(userId: string): { channelId: string; conversationId: string }[] {
        this.flushPending();
        return (
            this.db.prepare('SELECT DISTINCT channel_id, conversation_id FROM transcript_activity WHERE user_id = ?').all(userId) as { channel_id: string; conversation_id: string }[]
        ).map((row) => ({ channelId: row.channel_id, conversationId: row.conversation_id }));
    }

    /**
     * Deletes whole conversations the user took part in (both directions, every channel), not
     * only their own lines: the bot's replies quote them too.
     */
    async deleteUser(userId: string): Promise<number> {
        this.flushPending();
        const erase = this.db.transaction((id: string): number => {
            const conversations = this.db
                .prepare('SELECT DISTINCT channel_id, conversation_id FROM transcript_activity WHERE user_id = ?')
                .all(id) as { channel_id: string; conversation_id: string }[];
            const remove = this.db.prepare('DELETE FROM transcript_activity WHERE channel_id = ? AND conversation_id = ?');
            for (const c of conversations) remove.run(c.channel_id, c.conversation_id);
            return conversations.length;
        });
        return erase(userId);
    }

    /** Retention (`config.transcriptRetentionDays`): call at start and daily. */
    async purgeOlderThan(days: number): Promise<number> {
        this.flushPending();
        if (!Number.isFinite(days) || days < 0) throw new Error(`[SqliteTranscriptStore] bad retention days: ${days}`);
        const cutoff = this.now().getTime() - days * DAY_MS;
        return this.db.prepare('DELETE FROM transcript_activity WHERE logged_at < ?').run(cutoff).changes;
    }
}

/** JSON turns dates into strings; botbuilder callers expect a Date in `timestamp`. */
function reviveActivity(json: string): Activity {
    const activity = JSON.parse(json) as Activity;
    if (activity.timestamp) activity.timestamp = new Date(activity.timestamp);
    return activity;
}
