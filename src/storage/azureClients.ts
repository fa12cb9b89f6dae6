import { BlobServiceClient, ContainerClient, RestError } from '@azure/storage-blob';
import { QueueClient, QueueServiceClient } from '@azure/storage-queue';
import { TableClient } from '@azure/data-tables';

/**
 * Clients for one Azure Storage account, made from its connection string (the account key or a
 * SAS in the string; Azurite's development account in tests).
 *
 * @remarks
 * Containers, queues and tables are created on first use (`createIfNotExists`, once per process),
 * so a fresh Storage account needs no set-up step and several instances may start at once.
 */
export class AzureStorageAccount {
    private readonly blobService: BlobServiceClient;
    private readonly queueService: QueueServiceClient;
    private readonly ready = new Map<string, Promise<unknown>>();

    constructor(readonly connectionString: string) {
        if (!connectionString) throw new Error("[AzureStorageAccount] missing 'connectionString'");
        this.blobService = BlobServiceClient.fromConnectionString(connectionString);
        this.queueService = QueueServiceClient.fromConnectionString(connectionString);
    }

    /** The container, created if it does not exist yet. */
    async container(name: string): Promise<ContainerClient> {
        const client = this.blobService.getContainerClient(name);
        await this.once(`container:${name}`, () => client.createIfNotExists());
        return client;
    }

    /** The queue, created if it does not exist yet. */
    async queue(name: string): Promise<QueueClient> {
        const client = this.queueService.getQueueClient(name);
        await this.once(`queue:${name}`, () => client.createIfNotExists());
        return client;
    }

    /** The table, created if it does not exist yet. */
    async table(name: string): Promise<TableClient> {
        // Plain http is only ever Azurite on this machine; Azure itself is https.
        const client = TableClient.fromConnectionString(this.connectionString, name, {
            allowInsecureConnection: /TableEndpoint=http:|UseDevelopmentStorage=true/i.test(this.connectionString),
        });
        await this.once(`table:${name}`, () => client.createTable());
        return client;
    }

    private once(key: string, create: () => Promise<unknown>): Promise<unknown> {
        let pending = this.ready.get(key);
        if (!pending) {
            // A failed creation (storage unreachable at start) is tried again on the next use.
            pending = create().catch((error: unknown) => {
                this.ready.delete(key);
                throw error;
            });
            this.ready.set(key, pending);
        }
        return pending;
    }
}

/** The HTTP status of an Azure SDK error, if it is one. */
export function statusOf(error: unknown): number | undefined {
    if (error instanceof RestError) return error.statusCode;
    if (typeof error === 'object' && error !== null && 'statusCode' in error && typeof error.statusCode === 'number') return error.statusCode;
    return undefined;
}

/** Runs `operation`; a response with one of `statuses` resolves to `undefined` instead of rejecting. */
export async function unless<T>(statuses: readonly number[], operation: () => Promise<T>): Promise<T | undefined> {
    try {
        return await operation();
    } catch (error) {
        if (statuses.includes(statusOf(error) ?? -1)) return undefined;
        throw error;
    }
}

/** Reads a whole blob download into a Buffer. */
export async function readBody(stream: NodeJS.ReadableStream | undefined): Promise<Buffer> {
    if (!stream) return Buffer.alloc(0);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
    return Buffer.concat(chunks);
}

/** Maps `items` with at most `limit` promises in flight, keeping the order. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, map: (item: T) => Promise<R>): Promise<R[]> {
    const results: R[] = new Array(items.length);
    let next = 0;
    const worker = async (): Promise<void> => {
        while (next < items.length) {
            const index = next++;
            results[index] = await map(items[index]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}
