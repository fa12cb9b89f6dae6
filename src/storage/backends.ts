import type { Middleware, Storage } from 'botbuilder';
import type { Config, StorageKind } from '../config';
import type { Logger } from '../log';
import type { Db } from './database';
import { SqliteStorage } from './sqliteStorage';
import { AzureStorageAccount } from './azureClients';
import { AzureBlobsStateStorage } from './azureStateStorage';
import { AzureTurnLockMiddleware, purgeIdleTurnLocks } from './azureTurnLock';
import { StateConflictMiddleware } from './stateConflict';
import { Outbox, SqliteOutbox, SqliteTranscriptStore, TranscriptArchive } from '../escalation';
import { AzureQueueOutbox } from '../escalation/azureOutbox';
import { AzureTranscriptStore } from '../escalation/azureTranscriptStore';
import { FeedbackReport, FeedbackStore } from '../faq';
import { AzureFeedbackStore, readFeedbackTableReport } from '../faq/azureFeedbackStore';

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
    const account = new AzureStorageAccount(config.azure.connectionString);
    return readFeedbackTableReport(await account.table(config.azure.feedbackTable), limit);
}

/** The one place that turns the configuration into storage objects. */
export function createStorageBackend(config: Config, db: Db, log: Logger): StorageBackend {
    return config.storage === 'azure' ? createAzureBackend(config, db, log) : createSqliteBackend(db, log);
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

function createAzureBackend(config: Config, db: Db, log: Logger): StorageBackend {
    const names = config.azure;
    const account = new AzureStorageAccount(names.connectionString);
    const transcripts = new AzureTranscriptStore({
        connectionString: names.connectionString,
        containerName: names.transcriptContainer,
        container: () => account.container(names.transcriptContainer),
    });
    const outbox = new AzureQueueOutbox({
        container: () => account.container(names.outboxContainer),
        queue: () => account.queue(names.outboxQueue),
        deadLetterQueue: () => account.queue(names.deadLetterQueue),
        maxAttempts: names.outboxMaxAttempts,
    });
    const feedback = new AzureFeedbackStore(db, { table: () => account.table(names.feedbackTable), log });
    return {
        kind: 'azure',
        storage: new AzureBlobsStateStorage(names.connectionString, names.stateContainer),
        transcripts,
        outbox,
        feedback,
        middleware: [new AzureTurnLockMiddleware(() => account.container(names.lockContainer), log), new StateConflictMiddleware(log)],
        deadLettered: () => outbox.deadLettered(),
        feedbackReport: (limit) => feedback.reportShared(limit),
        purgeOlderThan: async (days) => {
            await purgeIdleTurnLocks(await account.container(names.lockContainer), days);
            return { feedback: await feedback.pruneShared(days), deliveryRecords: await outbox.purgeSentOlderThan(days) };
        },
        flush: async () => {
            await Promise.all([transcripts.flush(), feedback.flush()]);
        },
    };
}
