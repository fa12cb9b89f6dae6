/**
 * The Azure Storage backend (`STORAGE=azure`), in its own module so that a SQLite process never
 * loads the Azure SDKs (src/storage/backends.ts requires it on demand).
 */
import type { Config } from '../config';
import type { Logger } from '../log';
import type { Db } from './database';
import type { StorageBackend } from './backends';
import { AzureStorageAccount } from './azureClients';
import { AzureBlobsStateStorage } from './azureStateStorage';
import { AzureTurnLockMiddleware, purgeIdleTurnLocks } from './azureTurnLock';
import { StateConflictMiddleware } from './stateConflict';
import { AzureQueueOutbox } from '../escalation/azureOutbox';
import { AzureTranscriptStore } from '../escalation/azureTranscriptStore';
import { FeedbackReport } from '../faq';
import { AzureFeedbackStore, readFeedbackTableReport } from '../faq/azureFeedbackStore';

/** `cli report` with `STORAGE=azure`: the FAQ report of every instance, read from the shared table. */
export async function readSharedFeedbackReport(config: Config, limit?: number): Promise<FeedbackReport> {
    const account = new AzureStorageAccount(config.azure.connectionString);
    return readFeedbackTableReport(await account.table(config.azure.feedbackTable), limit);
}

export function createAzureBackend(config: Config, db: Db, log: Logger): StorageBackend {
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
