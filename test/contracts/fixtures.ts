import * as fs from 'fs';
import type { Storage } from 'botbuilder';
import { createLogger } from '../../src/log';
import { openDatabase, Db } from '../../src/storage/database';
import { SqliteStorage } from '../../src/storage/sqliteStorage';
import { AzureStorageAccount } from '../../src/storage/azureClients';
import { AzureBlobsStateStorage } from '../../src/storage/azureStateStorage';
import { Outbox, SqliteOutbox, SqliteTranscriptStore, TranscriptArchive } from '../../src/escalation';
import { AzureQueueOutbox } from '../../src/escalation/azureOutbox';
import { AzureTranscriptStore } from '../../src/escalation/azureTranscriptStore';
import { FeedbackReport, FeedbackStore } from '../../src/faq';
import { AzureFeedbackStore } from '../../src/faq/azureFeedbackStore';
import { startAzurite, Azurite } from '../azure/azurite';
import { tempDir } from '../support/tempDir';

/** Feedback as the contract sees it: record synchronously (as the dialogs do), report once settled. */
export interface FeedbackSubject {
    store: FeedbackStore;
    report(limit?: number): Promise<FeedbackReport>;
}

/** One backend under contract: fresh, isolated stores on each call. */
export interface BackendFactory {
    name: 'sqlite' | 'azure';
    storage(): Storage;
    outbox(options?: { maxAttempts?: number }): Outbox;
    transcripts(now?: () => Date): TranscriptArchive & { flush?(): Promise<void> };
    feedback(): FeedbackSubject;
    /** Azure only: the account, for tests that look behind the seam. */
    account?: AzureStorageAccount;
}

/** Starts what each backend needs (Azurite for Azure) and tears it down. */
export class Backends {
    private azurite: Azurite | undefined;
    private readonly dirs: string[] = [];
    private readonly dbs: Db[] = [];
    private counter = 0;

    async start(): Promise<void> {
        this.azurite = await startAzurite();
    }

    async stop(): Promise<void> {
        for (const db of this.dbs) db.close();
        for (const dir of this.dirs) fs.rmSync(dir, { recursive: true, force: true });
        await this.azurite?.stop();
    }

    get connectionString(): string {
        if (!this.azurite) throw new Error('Backends.start() first');
        return this.azurite.connectionString;
    }

    sqlite(): BackendFactory {
        const db = () => {
            const dir = tempDir();
            this.dirs.push(dir);
            const handle = openDatabase(`${dir}/bot.sqlite`);
            this.dbs.push(handle);
            return handle;
        };
        return {
            name: 'sqlite',
            storage: () => new SqliteStorage(db()),
            outbox: () => new SqliteOutbox(db()),
            transcripts: (now) => new SqliteTranscriptStore(db(), now ? { now } : {}),
            feedback: () => {
                const store = new FeedbackStore(db());
                return { store, report: async (limit) => store.report(limit) };
            },
        };
    }

    azure(): BackendFactory {
        const connectionString = this.connectionString;
        const account = new AzureStorageAccount(connectionString);
        const unique = (prefix: string) => `${prefix}-${++this.counter}`;
        const db = () => {
            const handle = openDatabase(':memory:');
            this.dbs.push(handle);
            return handle;
        };
        return {
            name: 'azure',
            account,
            storage: () => new AzureBlobsStateStorage(connectionString, unique('state')),
            outbox: (options = {}) => {
                const container = unique('outbox');
                return new AzureQueueOutbox({
                    container: () => account.container(container),
                    queue: () => account.queue(container),
                    deadLetterQueue: () => account.queue(`${container}-poison`),
                    maxAttempts: options.maxAttempts ?? 20,
                });
            },
            transcripts: (now) => {
                const container = unique('transcripts');
                return new AzureTranscriptStore({ connectionString, containerName: container, container: () => account.container(container), ...(now ? { now } : {}) });
            },
            feedback: () => {
                const table = `feedback${++this.counter}`;
                const store = new AzureFeedbackStore(db(), { table: () => account.table(table), log: createLogger('silent') });
                return {
                    store,
                    report: async (limit) => {
                        await store.flush();
                        return store.reportShared(limit);
                    },
                };
            },
        };
    }
}
