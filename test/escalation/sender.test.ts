import {
    EscalationService,
    OutboxSender,
    RETRY_BASE_MS,
    RETRY_CAP_MS,
    RETRY_JITTER,
    retryDelayMs,
    SqliteOutbox,
    SqliteTranscriptStore,
} from '../../src/escalation';
import { describeError } from '../../src/escalation/outboxSender';
import { Db } from '../../src/storage/database';
import { makeTempDir, openTestDb, removeTempDir, sampleRequest, startSmtpServer, testConfig, unusedPort } from './helpers';

describe('retry backoff', () => {
    it.each([
        [1, 0.5, RETRY_BASE_MS],
        [2, 0.5, RETRY_BASE_MS * 2],
        [3, 0.5, RETRY_BASE_MS * 4],
        [8, 0.5, RETRY_CAP_MS],
        [40, 0.5, RETRY_CAP_MS],
        [1, 0, RETRY_BASE_MS * (1 - RETRY_JITTER)],
        [1, 0.999999, RETRY_BASE_MS * (1 + RETRY_JITTER)],
        [40, 0.999999, RETRY_CAP_MS * (1 + RETRY_JITTER)],
    ])('attempt %i, random %f → %i ms', (attempt, random, expected) => {
        expect(retryDelayMs(attempt, () => random)).toBeCloseTo(expected, -1);
    });
});

describe('error descriptions for logs', () => {
    it('keep the code and SMTP reply but not the addresses', () => {
        const error = Object.assign(new Error("Can't send mail - all recipients were rejected: 550 5.1.1 <helpdesk@example.org>: no such user"), {
            code: 'EENVELOPE',
            responseCode: 550,
        });
        const { code, text } = describeError(error);
        expect(code).toBe('EENVELOPE');
        expect(text).toBe("EENVELOPE 550 Can't send mail - all recipients were rejected: 550 5.1.1 <[address]>: no such user");
    });
});

describe('OutboxSender', () => {
    let dir: string;
    let db: Db;

    beforeEach(async () => {
        dir = await makeTempDir();
    });

    afterEach(async () => {
        db.close();
        await removeTempDir(dir);
    });

    it('reports pending count, age of the oldest and failure in health()', async () => {
        const config = testConfig(dir, await unusedPort());
        db = openTestDb(config);
        const outbox = new SqliteOutbox(db);
        let now = new Date('2026-11-23T10:00:00Z');
        const clock = () => now;
        const service = new EscalationService({ outbox, transcripts: new SqliteTranscriptStore(db), config, now: clock });
        const sender = new OutboxSender({ outbox, config, now: clock });
        expect(await sender.health()).toEqual({ pending: 0, oldestPendingAgeSeconds: null, failing: false });

        await service.submit(sampleRequest());
        now = new Date('2026-11-23T10:01:00Z');
        await service.submit(sampleRequest());
        now = new Date('2026-11-23T10:02:30Z');
        expect(await sender.health()).toEqual({ pending: 2, oldestPendingAgeSeconds: 150, failing: false });

        // Server down: the first attempt fails and the flush stops there (the second would fail alike).
        expect(await sender.flushOnce()).toEqual({ sent: 0, failed: 1 });
        const health = await sender.health();
        expect(health).toMatchObject({ pending: 2, oldestPendingAgeSeconds: 150, failing: true });
        // /healthz names the error code only (the server's address stays in the log)
        expect(health.lastError).toMatch(/^E[A-Z]+$/);
        await sender.stop();
    });

    it('delivers on its own once started, and wake() sends a new escalation without waiting for the poll', async () => {
        const smtp = await startSmtpServer();
        try {
            const config = testConfig(dir, smtp.port);
            db = openTestDb(config);
            const outbox = new SqliteOutbox(db);
            // A poll interval far longer than the test: only start() and wake() can trigger sends.
            const sender = new OutboxSender({ outbox, config, pollIntervalMs: 3600_000 });
            const service = new EscalationService({
                outbox,
                transcripts: new SqliteTranscriptStore(db),
                config,
                onEnqueued: () => sender.wake(),
            });
            await service.submit(sampleRequest());
            const firstDelivered = waitFor(() => smtp.received.length === 1);
            sender.start();
            await firstDelivered;
            await service.submit(sampleRequest());
            await waitFor(() => smtp.received.length === 2);
            await sender.stop();
            expect((await sender.health()).pending).toBe(0);
        } finally {
            await smtp.close();
        }
    });
});

/** Resolves when `condition` holds; checks on every SMTP/timer turn (no deadline: jest's timeout covers a hang). */
function waitFor(condition: () => boolean): Promise<void> {
    return new Promise((resolve) => {
        const check = () => (condition() ? resolve() : setTimeout(check, 10));
        check();
    });
}
