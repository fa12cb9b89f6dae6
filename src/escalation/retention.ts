import type { EscalationLogger } from './log';
import { describeError } from './outboxSender';
import type { TranscriptArchive } from './transcriptStore';

/** Transcripts are purged once a day (and at start). */
export const PURGE_INTERVAL_MS = 24 * 60 * 60 * 1000;

/** A running retention schedule. */
export interface PurgeSchedule {
    /** Resolves with the rows the first (start-up) purge removed. */
    readonly first: Promise<number>;
    stop(): void;
}

/**
 * Applies `config.transcriptRetentionDays` now and then daily. The timer does not keep the
 * process alive; failures are logged and retried the next day.
 */
export function scheduleTranscriptPurge(store: TranscriptArchive, days: number, log: EscalationLogger): PurgeSchedule {
    const purge = async (): Promise<number> => {
        try {
            const removed = await store.purgeOlderThan(days);
            log('info', `transcript retention: ${removed} activities older than ${days} days removed`);
            return removed;
        } catch (error) {
            log('error', `transcript retention failed: ${describeError(error).text}`);
            return 0;
        }
    };
    const timer = setInterval(() => void purge(), PURGE_INTERVAL_MS);
    timer.unref();
    return { first: purge(), stop: () => clearInterval(timer) };
}
