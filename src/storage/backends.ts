import type { Middleware, Storage } from 'botbuilder';
import type { Config, StorageKind } from '../config';
import type { Logger } from '../log';
import type { Db } from './database';
import { SqliteStorage } from './sqliteStorage';
import { StateConflictMiddleware } from './stateConflict';
import { Outbox, SqliteOutbox, SqliteTranscriptStore, TranscriptArchive } from '../escalation';
import { FeedbackReport, FeedbackStore } from '../faq';

/**
 * Where one bot process keeps what must outlive a turn, chosen by `STORAGE`:
 * - `sqlite` (default): everything in the local database file; one instance.
 * - `azure`: state in blobs (BlobsStorage), transcripts in blobs (BlobsTranscriptStore layout),
 *   the escalation outbox in a queue, FAQ feedback in a table; any number of instances share it.
 *
 * The local SQLite database is opened either way: the bot's own Direct Line endpoint keeps its
 * conversations there, and that endpoint is single-instance by design (several instances use
 * Azure Direct Line).
 */
export interface StorageBackend {
    kind: StorageKind;
    /** Conversation and user state (eTag concurrency on both backends). */
    storage: Storage;
    transcripts: TranscriptArchive;
    outbox: Outbox;
    /** FAQ feedback as the dialogs record it. */
    feedback: FeedbackStore;
    /** Run first on every turn: the cross-instance turn lock (Azure), then the lost-race handler. */
    middleware: Middleware[];
    /** Escalations parked for a person (Azure dead-letter queue; SQLite retries for ever: 0). */
    deadLettered(): Promise<number>;
    /** The FAQ report over everything this backend holds. */
    feedbackReport(limit?: number): Promise<FeedbackReport>;
    /** Retention beyond transcripts: feedback rows; on Azure also settled delivery records and idle turn locks. */
    purgeOlderThan(days: number): Promise<{ feedback: number; deliveryRecords: number }>;
    /** Waits for background writes (transcripts, feedback) started so far. */
    flush(): Promise<void>;
}

/** `cli report` with `STORAGE=azure`: the FAQ report of every instance, read from the shared table. */
export async function readSharedFeedbackReport(config: Config, limit?: number): Promise<FeedbackReport> {
    return azure().readSharedFeedbackReport(config, limit);
}

/**
 * The Azure backend, loaded only when configured: its SDKs (storage blob, queue, tables) would add
 * seconds to the start and tens of megabytes to a SQLite-only process.
 */
function azure(): typeof import('./azureBackend') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, see above
    return require('./azureBackend') as typeof import('./azureBackend');
}

/** The one place that turns the configuration into storage objects. */
export function createStorageBackend(config: Config, db: Db, log: Logger): StorageBackend {
    return config.storage === 'azure' ? azure().createAzureBackend(config, db, log) : createSqliteBackend(db, log);
}

function createSqliteBackend(db: Db, log: Logger): StorageBackend {
    const feedback = new FeedbackStore(db);
    const transcripts = new SqliteTranscriptStore(db);
    return {
        kind: 'sqlite',
        storage: new SqliteStorage(db),
        transcripts,
        outbox: new SqliteOutbox(db),
        feedback,
        middleware: [new StateConflictMiddleware(log)],
        deadLettered: async () => 0,
        feedbackReport: async (limit) => feedback.report(limit),
        purgeOlderThan: async (days) => ({ feedback: feedback.prune(days), deliveryRecords: 0 }),
        flush: async () => transcripts.flushPending(),
    };
}
