import { Activity, PagedResult, TranscriptInfo } from 'botbuilder';
import { BlobsTranscriptStore } from 'botbuilder-azure-blobs';
import type { ContainerClient } from '@azure/storage-blob';
import { mapLimited, readBody, unless } from '../storage/azureClients';
import { ConversationRef, isFromUser, minimise, STORED_TYPES, TranscriptArchive, TRANSCRIPT_PAGE_SIZE, userIdOf } from './transcriptStore';

/** .NET ticks at the Unix epoch and per millisecond: BlobsTranscriptStore names blobs by ticks. */
const EPOCH_TICKS = 621355968000000000;
const TICKS_PER_MS = 10000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Blobs downloaded at once when a transcript is read. */
const READ_CONCURRENCY = 8;
/** Index of each user's conversations, beside the transcripts (no channel id starts with "~"). */
const INDEX_PREFIX = '~index/';

export interface AzureTranscriptStoreOptions {
    connectionString: string;
    containerName: string;
    /** The same container, created if needed (shared with the account's other clients). */
    container: () => Promise<ContainerClient>;
    now?: () => Date;
}

/**
 * Transcripts in Azure Blob Storage, in botbuilder-azure-blobs' `BlobsTranscriptStore` layout (one
 * JSON blob per activity, `{channel}/{conversation}/{ticks}-{id}.json`), so that an escalation on
 * one instance carries the turns every instance handled, and forget-me and retention reach them.
 *
 * @remarks
 * Writing goes through `BlobsTranscriptStore.logActivity`. Reading, listing and deleting list the
 * container here with the conversation's exact prefix: BlobsTranscriptStore's own versions match
 * on a prefix without the trailing separator, so "conversation-1" would also read (and delete!)
 * "conversation-10". Activities are minimised as in SQLite and stamped with this process's
 * clock, strictly increasing, so that blob order is logging order even when the middleware's
 * un-awaited writes finish out of order. A small index (`~index/{user}/{channel}/{conversation}`)
 * lets "forget me" find a user's conversations without reading every transcript.
 */
export class AzureTranscriptStore implements TranscriptArchive {
    private readonly blobs: BlobsTranscriptStore;
    private readonly container: () => Promise<ContainerClient>;
    private readonly now: () => Date;
    private readonly pending = new Set<Promise<void>>();
    private readonly indexed = new Set<string>();
    private lastStampMs = 0;

    constructor(options: AzureTranscriptStoreOptions) {
        if (!options?.connectionString) throw new Error("[AzureTranscriptStore] missing 'connectionString'");
        this.blobs = new BlobsTranscriptStore(options.connectionString, options.containerName);
        this.container = options.container;
        this.now = options.now ?? (() => new Date());
    }

    /**
     * Stores one activity (typing, trace and other noise skipped). Resolves when it is written;
     * botbuilder's logger middleware does not wait, so writes still running are tracked and
     * awaited by {@link deleteUser} and {@link flush}.
     */
    logActivity(activity: Activity): Promise<void> {
        if (!activity) throw new Error('[AzureTranscriptStore] activity is required');
        if (!STORED_TYPES.has(activity.type)) return Promise.resolve();
        const channelId = activity.channelId;
        const conversationId = activity.conversation?.id;
        if (!channelId || !conversationId) return Promise.resolve();
        const stored = minimise(activity, this.nextStamp()) as Activity;
        const write = this.write(stored, userIdOf(activity), isFromUser(activity));
        this.pending.add(write);
        void write.catch(() => undefined).finally(() => this.pending.delete(write));
        return write;
    }

    /** Waits for the writes this process started. */
    async flush(): Promise<void> {
        await Promise.allSettled([...this.pending]);
    }

    /** Every activity of the conversation in logging order, in pages of {@link TRANSCRIPT_PAGE_SIZE}. */
    async getTranscriptActivities(
        channelId: string,
        conversationId: string,
        continuationToken?: string,
        startDate?: Date,
    ): Promise<PagedResult<Activity>> {
        const container = await this.container();
        const page = await container
            .listBlobsFlat({ prefix: conversationPrefix(channelId, conversationId) })
            .byPage({ maxPageSize: TRANSCRIPT_PAGE_SIZE, continuationToken: continuationToken || undefined })
            .next();
        const names = page.done ? [] : page.value.segment.blobItems.map((item) => item.name);
        const since = startDate ? startDate.getTime() : Number.NEGATIVE_INFINITY;
        const activities = await mapLimited(names.filter((name) => loggedAtOf(name) >= since), READ_CONCURRENCY, async (name) => {
            const download = await unless([404], () => container.getBlobClient(name).download());
            return download ? reviveActivity((await readBody(download.readableStreamBody)).toString('utf8')) : undefined;
        });
        return {
            items: activities.filter((a): a is Activity => a !== undefined),
            continuationToken: page.done ? '' : page.value.continuationToken ?? '',
        };
    }

    /** The channel's conversations (all of them, oldest first; this store does not page them). */
    async listTranscripts(channelId: string): Promise<PagedResult<TranscriptInfo>> {
        const container = await this.container();
        const first = new Map<string, number>();
        for await (const item of container.listBlobsFlat({ prefix: encodeURIComponent(`${channelId}/`) })) {
            const parsed = parseActivityBlob(item.name);
            if (!parsed || parsed.channelId !== channelId) continue;
            first.set(parsed.conversationId, Math.min(first.get(parsed.conversationId) ?? Infinity, parsed.loggedAt));
        }
        const items = [...first.entries()].sort((a, b) => a[1] - b[1]).map(([id, created]) => ({ channelId, id, created: new Date(created) }));
        return { items, continuationToken: '' };
    }

    async deleteTranscript(channelId: string, conversationId: string): Promise<void> {
        await this.deleteConversation(channelId, conversationId);
    }

    /** The conversations the user took part in (every channel), from the index. */
    async conversationsOf(userId: string): Promise<ConversationRef[]> {
        await this.flush();
        const container = await this.container();
        const conversations: ConversationRef[] = [];
        for await (const item of container.listBlobsFlat({ prefix: `${INDEX_PREFIX}${encodeURIComponent(userId)}/` })) {
            const parsed = parseIndexBlob(item.name);
            if (parsed) conversations.push(parsed);
        }
        return conversations;
    }

    /**
     * Deletes whole conversations the user took part in (both directions, every channel); resolves
     * with how many had activities.
     */
    async deleteUser(userId: string): Promise<number> {
        // This turn's own activities may still be on their way: wait, or they would outlive the erasure.
        await this.flush();
        const container = await this.container();
        let conversations = 0;
        for await (const item of container.listBlobsFlat({ prefix: `${INDEX_PREFIX}${encodeURIComponent(userId)}/` })) {
            const parsed = parseIndexBlob(item.name);
            if (!parsed) continue;
            const removed = await this.deleteConversation(parsed.channelId, parsed.conversationId);
            if (removed > 0) conversations++;
            await unless([404], () => container.deleteBlob(item.name));
        }
        for (const key of [...this.indexed]) if (key.startsWith(`${userId}\n`)) this.indexed.delete(key);
        return conversations;
    }

    /** Retention: deletes activities logged more than `days` days ago (by the bot's clock at logging). */
    async purgeOlderThan(days: number): Promise<number> {
        if (!Number.isFinite(days) || days < 0) throw new Error(`[AzureTranscriptStore] bad retention days: ${days}`);
        const cutoff = this.now().getTime() - days * DAY_MS;
        const container = await this.container();
        const expired: string[] = [];
        for await (const item of container.listBlobsFlat()) {
            if (item.name.startsWith(INDEX_PREFIX)) continue;
            const parsed = parseActivityBlob(item.name);
            if (parsed && parsed.loggedAt < cutoff) expired.push(item.name);
        }
        await mapLimited(expired, READ_CONCURRENCY, (name) => unless([404], () => container.deleteBlob(name)));
        return expired.length;
    }

    private async write(stored: Activity, userId: string | null, fromUser: boolean): Promise<void> {
        const writes: Promise<unknown>[] = [this.blobs.logActivity(stored)];
        if (userId) {
            const key = `${userId}\n${stored.channelId}\n${stored.conversation.id}`;
            // Re-indexed on every user message: another instance may have erased the user meanwhile.
            if (fromUser || !this.indexed.has(key)) {
                this.indexed.add(key);
                writes.push(this.index(userId, stored.channelId, stored.conversation.id));
            }
        }
        await Promise.all(writes);
    }

    private async index(userId: string, channelId: string, conversationId: string): Promise<void> {
        const name = `${INDEX_PREFIX}${[userId, channelId, conversationId].map(encodeURIComponent).join('/')}`;
        await (await this.container()).getBlockBlobClient(name).upload('', 0);
    }

    /** Deletes one conversation's activities; resolves with how many. */
    private async deleteConversation(channelId: string, conversationId: string): Promise<number> {
        const container = await this.container();
        const names: string[] = [];
        for await (const item of container.listBlobsFlat({ prefix: conversationPrefix(channelId, conversationId) })) names.push(item.name);
        await mapLimited(names, READ_CONCURRENCY, (name) => unless([404], () => container.deleteBlob(name)));
        return names.length;
    }

    /** Logging time in ms, strictly increasing in this process (blob names sort by it). */
    private nextStamp(): number {
        this.lastStampMs = Math.max(this.now().getTime(), this.lastStampMs + 1);
        return this.lastStampMs;
    }
}

/** The exact name prefix of one conversation's activity blobs (BlobsTranscriptStore encodes whole keys). */
function conversationPrefix(channelId: string, conversationId: string): string {
    return encodeURIComponent(`${channelId}/${conversationId}/`);
}

/** Channel and conversation from an index blob's name (`~index/{user}/{channel}/{conversation}`). */
function parseIndexBlob(name: string): ConversationRef | undefined {
    const [, , channel, conversation] = name.split('/');
    if (channel === undefined || conversation === undefined) return undefined;
    return { channelId: decodeURIComponent(channel), conversationId: decodeURIComponent(conversation) };
}

/** Channel, conversation and logging time from an activity blob's name; `undefined` for other blobs. */
function parseActivityBlob(name: string): { channelId: string; conversationId: string; loggedAt: number } | undefined {
    const parts = decodeURIComponent(name).split('/');
    if (parts.length !== 3) return undefined;
    const loggedAt = loggedAtOf(name);
    return Number.isFinite(loggedAt) ? { channelId: parts[0], conversationId: parts[1], loggedAt } : undefined;
}

/** The logging time (ms) encoded in an activity blob's name as hexadecimal .NET ticks. */
function loggedAtOf(name: string): number {
    const file = decodeURIComponent(name).split('/').pop() ?? '';
    const ticks = /^([0-9a-f]+)-/.exec(file)?.[1];
    return ticks ? (parseInt(ticks, 16) - EPOCH_TICKS) / TICKS_PER_MS : NaN;
}

/** JSON turns dates into strings; botbuilder callers expect a Date in `timestamp`. */
function reviveActivity(json: string): Activity {
    const activity = JSON.parse(json) as Activity;
    if (activity.timestamp) activity.timestamp = new Date(activity.timestamp);
    return activity;
}
