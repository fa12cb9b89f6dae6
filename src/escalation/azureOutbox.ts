import type { BlockBlobClient, ContainerClient } from '@azure/storage-blob';
import type { DequeuedMessageItem, QueueClient } from '@azure/storage-queue';
import { readBody, statusOf, unless } from '../storage/azureClients';
import { ClaimedMessage, DuplicateReferenceError, Outbox, OutboxMessage, OutboxStats } from './outbox';
import { isReference } from './reference';

/** Azure caps a queue message's invisibility at 7 days. */
const MAX_VISIBILITY_SECONDS = 7 * 24 * 60 * 60;
/** Messages a claim looks at before giving up for this round (settled or poison ones are skipped). */
const MAX_SKIPPED_PER_CLAIM = 32;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Where an escalation is in its delivery. `sending` is the idempotency record: written before
 * the message is handed to SMTP and replaced by `sent` or `failed` after. A sender that finds
 * `sending` knows another sender stopped in the middle of a delivery.
 */
export type DeliveryStatus = 'queued' | 'sending' | 'failed' | 'sent' | 'deadLettered';

/** The delivery record of one escalation (`delivery/{reference}.json`). */
export interface DeliveryRecord {
    status: DeliveryStatus;
    createdAt: number;
    attempts: number;
    lastAttemptAt?: number;
    lastError?: string;
    sentAt?: number;
    /** Why it went to the dead-letter queue. */
    reason?: string;
}

/** What a dead-letter queue message says (JSON), for whoever looks at the queue. */
export interface DeadLetter {
    reference: string;
    reason: string;
    attempts: number;
    at: string;
}

export interface AzureQueueOutboxOptions {
    /** Escalation bodies (`messages/`) and delivery records (`delivery/`). */
    container: () => Promise<ContainerClient>;
    queue: () => Promise<QueueClient>;
    deadLetterQueue: () => Promise<QueueClient>;
    /** Attempts before an escalation goes to the dead-letter queue. */
    maxAttempts: number;
    now?: () => Date;
}

/** What a claim's `leaseToken` carries: the queue message's receipt and the record's eTag. */
interface Lease {
    messageId: string;
    popReceipt: string;
    recordETag: string;
}

/**
 * {@link Outbox} on Azure Storage for several bot instances: one queue message per escalation,
 * the e-mail itself in a blob, a delivery record per escalation.
 *
 * @remarks
 * - Any instance can send any escalation. A received message is invisible to the others for the
 *   lease (the queue's visibility timeout); a failure makes it visible again at the next retry.
 * - Exactly one e-mail: before handing a message to SMTP the sender writes `sending` in the
 *   delivery record (conditional on the eTag it read, so two senders cannot both start), and
 *   `sent` after. Every sender reads the record first: `sent` means only the queue message is
 *   left to delete; `sending` means a sender died between starting a delivery and recording its
 *   outcome — the mail may or may not have gone, so it is NOT sent again but moved to the
 *   dead-letter queue for a person to check the mailbox (the Message-ID is in the e-mail).
 * - Poison: after `maxAttempts` failed attempts, or when the message or its blob is unreadable,
 *   the escalation goes to the dead-letter queue (visible in `/healthz`), never silently dropped.
 * - Queue messages never expire (the default time-to-live is 7 days; an outage may be longer).
 */
export class AzureQueueOutbox implements Outbox {
    private readonly options: AzureQueueOutboxOptions;
    private readonly now: () => Date;

    constructor(options: AzureQueueOutboxOptions) {
        if (!options?.container) throw new Error("[AzureQueueOutbox] missing 'container'");
        if (!options.queue) throw new Error("[AzureQueueOutbox] missing 'queue'");
        if (!options.deadLetterQueue) throw new Error("[AzureQueueOutbox] missing 'deadLetterQueue'");
        if (!(options.maxAttempts >= 1)) throw new Error("[AzureQueueOutbox] 'maxAttempts' must be at least 1");
        this.options = options;
        this.now = options.now ?? (() => new Date());
    }

    /** Durable when it resolves: record, body and queue message are all written. */
    async enqueue(message: OutboxMessage): Promise<void> {
        if (!isReference(message.reference)) throw new Error(`[AzureQueueOutbox] not a reference: ${message.reference}`);
        const container = await this.options.container();
        const record: DeliveryRecord = { status: 'queued', createdAt: message.createdAt.getTime(), attempts: 0 };
        // The record is created first and only if absent: it is what makes a reference unique.
        const created = await unless([409, 412], () => writeRecord(recordBlob(container, message.reference), record, { ifNoneMatch: '*' }));
        if (created === undefined) throw new DuplicateReferenceError(message.reference);
        try {
            await bodyBlob(container, message.reference).upload(message.raw, message.raw.length, {
                metadata: { envelope: Buffer.from(JSON.stringify(message.envelope)).toString('base64'), createdat: String(record.createdAt) },
                blobHTTPHeaders: { blobContentType: 'message/rfc822' },
            });
            await (await this.options.queue()).sendMessage(JSON.stringify({ reference: message.reference }), { messageTimeToLive: -1 });
        } catch (error) {
            // Not queued: the user is told it failed, so no half-written escalation may stay behind.
            await unless([404], () => bodyBlob(container, message.reference).delete()).catch(() => undefined);
            await unless([404], () => recordBlob(container, message.reference).delete()).catch(() => undefined);
            throw error;
        }
    }

    async claimNext(now: Date, leaseMs: number): Promise<ClaimedMessage | undefined> {
        const queue = await this.options.queue();
        const visibilityTimeout = clampSeconds(leaseMs);
        for (let skipped = 0; skipped < MAX_SKIPPED_PER_CLAIM; skipped++) {
            const received = await queue.receiveMessages({ numberOfMessages: 1, visibilityTimeout });
            const item = received.receivedMessageItems[0];
            if (!item) return undefined;
            const claimed = await this.claim(item, now);
            if (claimed) return claimed;
        }
        return undefined;
    }

    async markSent(reference: string, leaseToken: string, now: Date): Promise<boolean> {
        const lease = parseLease(leaseToken);
        const container = await this.options.container();
        const record = await readRecord(container, reference);
        // SMTP accepted it: that is recorded whatever happened to the lease meanwhile.
        await writeRecord(recordBlob(container, reference), {
            ...(record?.record ?? { createdAt: now.getTime(), attempts: 0 }),
            status: 'sent',
            sentAt: now.getTime(),
            lastError: undefined,
        });
        // The body is dropped once sent: the helpdesk mailbox holds the copy.
        await unless([404], () => bodyBlob(container, reference).delete());
        return leaseHeld(async () => (await this.options.queue()).deleteMessage(lease.messageId, lease.popReceipt));
    }

    async markFailed(reference: string, leaseToken: string, error: string, nextAttemptAt: Date): Promise<boolean> {
        const lease = parseLease(leaseToken);
        const container = await this.options.container();
        const record = await readRecord(container, reference);
        if (!record) return false;
        const written = await unless([412], () =>
            writeRecord(recordBlob(container, reference), { ...record.record, status: 'failed', lastError: error }, { ifMatch: lease.recordETag }),
        );
        if (written === undefined) return false;
        const queue = await this.options.queue();
        const delayMs = nextAttemptAt.getTime() - this.now().getTime();
        return leaseHeld(() => queue.updateMessage(lease.messageId, lease.popReceipt, JSON.stringify({ reference }), clampSeconds(Math.max(0, delayMs))));
    }

    /** Figures for `/healthz`, from the delivery records (escalations are few; they are listed). */
    async stats(): Promise<OutboxStats> {
        const container = await this.options.container();
        let pending = 0;
        let failing = 0;
        let sent = 0;
        let oldest: number | null = null;
        let lastFailed: { name: string; at: number } | undefined;
        for await (const item of container.listBlobsFlat({ prefix: 'delivery/', includeMetadata: true })) {
            const status = item.metadata?.status as DeliveryStatus | undefined;
            const createdAt = Number(item.metadata?.createdat);
            if (status === 'sent') sent++;
            if (status !== 'queued' && status !== 'sending' && status !== 'failed') continue;
            pending++;
            if (Number.isFinite(createdAt)) oldest = oldest === null ? createdAt : Math.min(oldest, createdAt);
            if (status === 'failed') {
                failing++;
                const at = item.properties.lastModified?.getTime() ?? 0;
                if (!lastFailed || at > lastFailed.at) lastFailed = { name: item.name, at };
            }
        }
        const lastError = lastFailed ? (await readRecordByName(container, lastFailed.name))?.record.lastError : undefined;
        return {
            pending,
            oldestPendingCreatedAt: oldest === null ? null : new Date(oldest),
            failing,
            ...(lastError ? { lastError } : {}),
            sent,
        };
    }

    /** How many escalations wait in the dead-letter queue for a person (shown in `/healthz`). */
    async deadLettered(): Promise<number> {
        const properties = await (await this.options.deadLetterQueue()).getProperties();
        return properties.approximateMessagesCount ?? 0;
    }

    /** Deletes delivery records of escalations sent more than `days` days ago; resolves with how many. */
    async purgeSentOlderThan(days: number): Promise<number> {
        const cutoff = this.now().getTime() - days * DAY_MS;
        const container = await this.options.container();
        let removed = 0;
        for await (const item of container.listBlobsFlat({ prefix: 'delivery/', includeMetadata: true })) {
            if (item.metadata?.status !== 'sent' || (item.properties.lastModified?.getTime() ?? Infinity) >= cutoff) continue;
            await unless([404], () => container.deleteBlob(item.name));
            removed++;
        }
        return removed;
    }

    /** Checks one received message; resolves with the claim, or `undefined` when it was settled or dead-lettered. */
    private async claim(item: DequeuedMessageItem, now: Date): Promise<ClaimedMessage | undefined> {
        const reference = referenceOf(item.messageText);
        if (!reference) return this.deadLetter(item, '?', 'unreadable queue message');
        const container = await this.options.container();
        const current = await readRecord(container, reference);
        if (!current) return this.deadLetter(item, reference, 'no delivery record');
        const { record, eTag } = current;
        if (record.status === 'sent' || record.status === 'deadLettered') {
            // Settled before, but the queue message outlived it (a crash between the two writes).
            await this.deleteMessage(item);
            return undefined;
        }
        if (record.status === 'sending') {
            return this.deadLetter(
                item,
                reference,
                'delivery in doubt: a sender stopped while sending; check the helpdesk mailbox for this reference before sending it again',
            );
        }
        if (item.dequeueCount > this.options.maxAttempts) {
            return this.deadLetter(item, reference, `${this.options.maxAttempts} attempts failed; last error: ${record.lastError ?? 'none'}`);
        }
        const body = await unless([404], () => bodyBlob(container, reference).download());
        const envelope = parseEnvelope(body?.metadata?.envelope);
        if (!body || !envelope) return this.deadLetter(item, reference, 'escalation e-mail missing or unreadable');
        const raw = await readBody(body.readableStreamBody);
        // The idempotency record, conditional: if another sender changed it since we read it, it is theirs.
        const sending: DeliveryRecord = { ...record, status: 'sending', attempts: item.dequeueCount, lastAttemptAt: now.getTime() };
        const written = await unless([412], () => writeRecord(recordBlob(container, reference), sending, { ifMatch: eTag }));
        if (written === undefined) return undefined;
        const lease: Lease = { messageId: item.messageId, popReceipt: item.popReceipt, recordETag: written };
        return {
            reference,
            envelope,
            raw,
            createdAt: new Date(record.createdAt),
            attempts: item.dequeueCount,
            leaseToken: JSON.stringify(lease),
        };
    }

    /** Moves a message to the dead-letter queue and records why; resolves with `undefined` (nothing to send). */
    private async deadLetter(item: DequeuedMessageItem, reference: string, reason: string): Promise<undefined> {
        const letter: DeadLetter = { reference, reason, attempts: item.dequeueCount, at: this.now().toISOString() };
        // Dead-letter first, delete after: a crash in between leaves a duplicate letter, never none.
        await (await this.options.deadLetterQueue()).sendMessage(JSON.stringify(letter), { messageTimeToLive: -1 });
        if (isReference(reference)) {
            const container = await this.options.container();
            const current = await readRecord(container, reference);
            if (current) await writeRecord(recordBlob(container, reference), { ...current.record, status: 'deadLettered', reason });
        }
        await this.deleteMessage(item);
        return undefined;
    }

    private async deleteMessage(item: DequeuedMessageItem): Promise<void> {
        await leaseHeld(async () => (await this.options.queue()).deleteMessage(item.messageId, item.popReceipt));
    }
}

/**
 * Runs an operation that needs the message's pop receipt; false when the lease was lost meanwhile
 * (the message was received again: 400 PopReceiptMismatch, or deleted: 404 MessageNotFound).
 */
async function leaseHeld(operation: () => Promise<unknown>): Promise<boolean> {
    try {
        await operation();
        return true;
    } catch (error) {
        const status = statusOf(error);
        if (status === 404 || (status === 400 && errorCodeOf(error) === 'PopReceiptMismatch')) return false;
        throw error;
    }
}

function errorCodeOf(error: unknown): string | undefined {
    return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

function recordBlob(container: ContainerClient, reference: string): BlockBlobClient {
    return container.getBlockBlobClient(`delivery/${reference}.json`);
}

function bodyBlob(container: ContainerClient, reference: string): BlockBlobClient {
    return container.getBlockBlobClient(`messages/${reference}.eml`);
}

/** Writes a record (status and creation time also as metadata, so stats need not download it); resolves with its eTag. */
async function writeRecord(blob: BlockBlobClient, record: DeliveryRecord, conditions: { ifMatch?: string; ifNoneMatch?: string } = {}): Promise<string> {
    const json = JSON.stringify(record);
    const response = await blob.upload(json, Buffer.byteLength(json), {
        conditions,
        metadata: { status: record.status, createdat: String(record.createdAt) },
        blobHTTPHeaders: { blobContentType: 'application/json' },
    });
    return response.etag ?? '';
}

async function readRecord(container: ContainerClient, reference: string): Promise<{ record: DeliveryRecord; eTag: string } | undefined> {
    return readRecordByName(container, `delivery/${reference}.json`);
}

async function readRecordByName(container: ContainerClient, name: string): Promise<{ record: DeliveryRecord; eTag: string } | undefined> {
    const download = await unless([404], () => container.getBlobClient(name).download());
    if (!download) return undefined;
    const record = JSON.parse((await readBody(download.readableStreamBody)).toString('utf8')) as DeliveryRecord;
    return { record, eTag: download.etag ?? '' };
}

function referenceOf(text: string): string | undefined {
    try {
        const parsed: unknown = JSON.parse(text);
        const reference = typeof parsed === 'object' && parsed !== null && 'reference' in parsed ? parsed.reference : undefined;
        return typeof reference === 'string' && isReference(reference) ? reference : undefined;
    } catch {
        return undefined;
    }
}

function parseEnvelope(encoded: string | undefined): OutboxMessage['envelope'] | undefined {
    if (!encoded) return undefined;
    try {
        const parsed = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as Partial<OutboxMessage['envelope']>;
        if (typeof parsed.from !== 'string' || !Array.isArray(parsed.to) || !parsed.to.every((to) => typeof to === 'string')) return undefined;
        return { from: parsed.from, to: parsed.to };
    } catch {
        return undefined;
    }
}

function parseLease(token: string): Lease {
    const lease = JSON.parse(token) as Partial<Lease>;
    if (typeof lease.messageId !== 'string' || typeof lease.popReceipt !== 'string' || typeof lease.recordETag !== 'string') {
        throw new Error('[AzureQueueOutbox] not a lease token of this outbox');
    }
    return { messageId: lease.messageId, popReceipt: lease.popReceipt, recordETag: lease.recordETag };
}

function clampSeconds(ms: number): number {
    return Math.min(MAX_VISIBILITY_SECONDS, Math.max(0, Math.ceil(ms / 1000)));
}
