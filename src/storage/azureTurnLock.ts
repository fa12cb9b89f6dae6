import { Middleware, TurnContext } from 'botbuilder';
import type { BlobLeaseClient, ContainerClient } from '@azure/storage-blob';
import { randomUUID } from 'crypto';
import type { Logger } from '../log';
import { turnIds } from '../log';
import { statusOf, unless } from './azureClients';

/** A lease is held this long unless renewed (Azure allows 15-60 s); a crashed instance frees it then. */
export const TURN_LEASE_SECONDS = 30;
/** Renewed this often while a turn runs, well inside the lease. */
export const TURN_LEASE_RENEW_MS = 10_000;
/** A turn waits at most this long for the other instance's turn on the same conversation. */
export const TURN_LOCK_WAIT_MS = 20_000;
const FIRST_RETRY_MS = 25;
const MAX_RETRY_MS = 400;

/**
 * Serialises the turns of one conversation across bot instances with an Azure blob lease, so two
 * messages that reach different instances at once run one after the other on fresh state.
 *
 * @remarks
 * Without it both turns read the same state and the second write fails on its eTag: correct, but
 * the user then has to repeat a message. The lock is an optimisation over that guarantee, not a
 * replacement: when it cannot be had in {@link TURN_LOCK_WAIT_MS} (storage slow, a stuck turn) the
 * turn runs anyway and the eTag still refuses a stale write. One lock blob per conversation, named
 * after channel and conversation id; leases expire by themselves, so nothing is left held.
 */
export class AzureTurnLockMiddleware implements Middleware {
    constructor(
        private readonly container: () => Promise<ContainerClient>,
        private readonly log: Logger,
        private readonly waitMs: number = TURN_LOCK_WAIT_MS,
    ) {}

    async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
        const { channelId, conversation } = context.activity;
        if (!channelId || !conversation?.id) return next();
        const lease = await this.acquire(encodeURIComponent(`${channelId}/${conversation.id}`), context);
        if (!lease) return next();
        const renewal = setInterval(() => {
            lease.renewLease().catch((error: unknown) => this.log.warn({ ...turnIds(context), status: statusOf(error) }, 'turn lock renewal failed'));
        }, TURN_LEASE_RENEW_MS);
        renewal.unref();
        try {
            await next();
        } finally {
            clearInterval(renewal);
            // A release that fails only delays the next turn until the lease expires.
            await lease.releaseLease().catch((error: unknown) => this.log.warn({ ...turnIds(context), status: statusOf(error) }, 'turn lock release failed'));
        }
    }

    /** The held lease, or `undefined` when it could not be had in time (the turn then runs unlocked). */
    private async acquire(name: string, context: TurnContext): Promise<BlobLeaseClient | undefined> {
        const deadline = Date.now() + this.waitMs;
        let delay = FIRST_RETRY_MS;
        try {
            const blob = (await this.container()).getBlockBlobClient(name);
            const lease = blob.getBlobLeaseClient(randomUUID());
            for (;;) {
                try {
                    await lease.acquireLease(TURN_LEASE_SECONDS);
                    return lease;
                } catch (error) {
                    const status = statusOf(error);
                    if (status === 404) {
                        // First turn of the conversation: create the (empty) lock blob, then lease it.
                        await unless([409, 412], () => blob.upload('', 0, { conditions: { ifNoneMatch: '*' } }));
                        continue;
                    }
                    if (status !== 409) throw error;
                }
                if (Date.now() + delay > deadline) {
                    this.log.warn(turnIds(context), 'turn lock still held by another turn; running unlocked (eTags still guard the state)');
                    return undefined;
                }
                await new Promise((resolve) => setTimeout(resolve, delay));
                delay = Math.min(MAX_RETRY_MS, delay * 2);
            }
        } catch (error) {
            this.log.warn({ ...turnIds(context), status: statusOf(error) }, 'turn lock unavailable; running unlocked (eTags still guard the state)');
            return undefined;
        }
    }
}

/**
 * Deletes lock blobs of conversations idle for more than `days` days (retention: the blob name is
 * the conversation's id). A lock held right now refuses the delete and is kept.
 */
export async function purgeIdleTurnLocks(container: ContainerClient, days: number, now: Date = new Date()): Promise<number> {
    const cutoff = now.getTime() - days * 24 * 60 * 60 * 1000;
    let removed = 0;
    for await (const item of container.listBlobsFlat()) {
        if ((item.properties.lastModified?.getTime() ?? Infinity) >= cutoff) continue;
        const deleted = await unless([404, 409, 412], () => container.deleteBlob(item.name));
        if (deleted !== undefined) removed++;
    }
    return removed;
}
