import { Storage, StoreItems } from 'botbuilder';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import { ETagConflictError } from './sqliteStorage';

/** BlobsStorage's only sign of a lost race is this message (it throws a plain Error). */
const BLOBS_CONFLICT = /due to eTag conflict/;

/**
 * Conversation and user state in Azure Blob Storage: botbuilder-azure-blobs' `BlobsStorage`, one
 * JSON blob per key, written with `If-Match` on the eTag read at the start of the turn.
 *
 * @remarks
 * The only addition is the error: a stale write rejects with the same {@link ETagConflictError} as
 * SQLite, so one middleware ({@link StateConflictMiddleware}) handles a lost race on either backend.
 */
export class AzureBlobsStateStorage implements Storage {
    private readonly blobs: BlobsStorage;

    constructor(connectionString: string, container: string) {
        if (!connectionString) throw new Error("[AzureBlobsStateStorage] missing 'connectionString'");
        if (!container) throw new Error("[AzureBlobsStateStorage] missing 'container'");
        this.blobs = new BlobsStorage(connectionString, container);
    }

    read(keys: string[]): Promise<StoreItems> {
        return this.blobs.read(keys);
    }

    async write(changes: StoreItems): Promise<void> {
        try {
            await this.blobs.write(changes);
        } catch (error) {
            if (error instanceof Error && BLOBS_CONFLICT.test(error.message)) {
                const key = /"([^"]*)"/.exec(error.message)?.[1] ?? '?';
                throw new ETagConflictError(key);
            }
            throw error;
        }
    }

    delete(keys: string[]): Promise<void> {
        return this.blobs.delete(keys);
    }

    /** Keeps credentials out of logs when the storage object is serialised. */
    toJSON(): { name: string } {
        return { name: 'AzureBlobsStateStorage' };
    }
}
