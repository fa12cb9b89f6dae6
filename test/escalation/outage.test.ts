import {
    EscalationService,
    LEASE_MS,
    OutboxSender,
    RETRY_BASE_MS,
    RETRY_CAP_MS,
    RETRY_JITTER,
    SqliteOutbox,
    SqliteTranscriptStore,
} from '../../src/escalation';
import { EscalationLogLevel } from '../../src/escalation/log';
import { Db } from '../../src/storage/database';
import {
    echoAdapter,
    makeTempDir,
    openTestDb,
    removeTempDir,
    sampleRequest,
    startSmtpServer,
    talk,
    testConfig,
    TestSmtpServer,
    unusedPort,
} from './helpers';

/** A clock far enough ahead that any scheduled retry is due. */
const afterAnyRetry = () => new Date(Date.now() + 2 * RETRY_CAP_MS);

interface LogLine {
    level: EscalationLogLevel;
    message: string;
}

describe('SMTP outage and restart', () => {
    let dir: string;
    const open: { db?: Db; sender?: OutboxSender; smtp?: TestSmtpServer } = {};

    beforeEach(async () => {
        dir = await makeTempDir();
    });

    afterEach(async () => {
        await open.sender?.stop();
        open.db?.close();
        await open.smtp?.close();
        delete open.sender;
        delete open.db;
        delete open.smtp;
        await removeTempDir(dir);
    });

    it('keeps a confirmed escalation through an outage and a restart, then delivers it exactly once', async () => {
        const port = await unusedPort();
        const config = testConfig(dir, port);
        const logs: LogLine[] = [];
        const log = (level: EscalationLogLevel, message: string) => logs.push({ level, message });

        // Before the restart: the server is down.
        const db1 = openTestDb(config);
        const transcripts1 = new SqliteTranscriptStore(db1);
        const outbox1 = new SqliteOutbox(db1);
        await talk(echoAdapter(transcripts1), ['hello', 'I am stuck']);
        const service = new EscalationService({ outbox: outbox1, transcripts: transcripts1, config, log });
        const { reference } = await service.submit(sampleRequest());
        const sender1 = new OutboxSender({ outbox: outbox1, config, log });

        expect(await sender1.flushOnce()).toEqual({ sent: 0, failed: 1 });
        const health = await sender1.health();
        expect(health.pending).toBe(1);
        expect(health.failing).toBe(true);
        expect(health.oldestPendingAgeSeconds).not.toBeNull();
        // /healthz names the error code only (the server's address stays in the log)
        expect(health.lastError).toMatch(/^E[A-Z]+$/);
        // The retry is scheduled RETRY_BASE_MS ± jitter later, not immediate.
        expect(await sender1.flushOnce()).toEqual({ sent: 0, failed: 0 });
        const row = db1
            .prepare('SELECT status, attempts, next_attempt_at - last_attempt_at AS delay FROM escalation_outbox WHERE reference = ?')
            .get(reference) as { status: string; attempts: number; delay: number };
        expect(row.status).toBe('pending');
        expect(row.attempts).toBe(1);
        expect(row.delay).toBeGreaterThanOrEqual(RETRY_BASE_MS * (1 - RETRY_JITTER));
        expect(row.delay).toBeLessThanOrEqual(RETRY_BASE_MS * (1 + RETRY_JITTER));

        const attemptLines = logs.filter((l) => l.message.includes('attempt'));
        expect(attemptLines).toHaveLength(1);
        expect(attemptLines[0].level).toBe('warn');
        expect(attemptLines[0].message).toMatch(new RegExp(`^${reference} attempt 1 via smtp failed: E[A-Z]+ .*ECONNREFUSED.*; next attempt in \\d+ s$`));
        for (const line of logs) {
            expect(line.message).not.toContain('Dr. Test Example');
            expect(line.message).not.toContain('dr.test@example.org');
            expect(line.message).not.toContain('My hospital');
        }

        // Restart: everything closed, database included.
        await sender1.stop();
        db1.close();

        open.smtp = await startSmtpServer({ port });
        open.db = openTestDb(config);
        const outbox2 = new SqliteOutbox(open.db);
        open.sender = new OutboxSender({ outbox: outbox2, config, now: afterAnyRetry, log });
        expect(await open.sender.flushOnce()).toEqual({ sent: 1, failed: 0 });
        expect(open.smtp.received).toHaveLength(1);
        expect(open.smtp.received[0].parsed.messageId).toBe(`<${reference}@bot.example.org>`);
        expect(open.smtp.received[0].parsed.text).toContain('] User: I am stuck');

        expect(await open.sender.flushOnce()).toEqual({ sent: 0, failed: 0 });
        expect(open.smtp.received).toHaveLength(1);
        expect(await open.sender.health()).toEqual({ pending: 0, oldestPendingAgeSeconds: null, failing: false });
        expect(logs.some((l) => l.message === `${reference} attempt 2 via smtp delivered`)).toBe(true);
    });

    it('retries after the server refuses with 451 and with 550', async () => {
        for (const code of [451, 550]) {
            const refusing = await startSmtpServer({ rejectRecipientWith: code });
            const config = testConfig(dir, refusing.port);
            open.db = openTestDb(config);
            const outbox = new SqliteOutbox(open.db);
            const service = new EscalationService({ outbox, transcripts: new SqliteTranscriptStore(open.db), config });
            await service.submit(sampleRequest());
            const sender = new OutboxSender({ outbox, config });
            expect(await sender.flushOnce()).toEqual({ sent: 0, failed: 1 });
            const health = await sender.health();
            expect(health.failing).toBe(true);
            expect(health.lastError).toContain(String(code));
            // Addresses in the server's answer are redacted.
            expect(health.lastError).not.toMatch(/@/);
            expect(refusing.received).toHaveLength(0);
            await refusing.close();
            await sender.stop();

            // Same port, now accepting.
            open.smtp = await startSmtpServer({ port: refusing.port });
            open.sender = new OutboxSender({ outbox, config, now: afterAnyRetry });
            expect(await open.sender.flushOnce()).toEqual({ sent: 1, failed: 0 });
            expect(open.smtp.received).toHaveLength(1);
            await open.sender.stop();
            await open.smtp.close();
            open.db.close();
            delete open.sender;
            delete open.smtp;
            delete open.db;
        }
    });

    it('returns a claim left by a crashed sender after the lease, and sends it once', async () => {
        open.smtp = await startSmtpServer();
        const config = testConfig(dir, open.smtp.port);
        const db1 = openTestDb(config);
        const outbox1 = new SqliteOutbox(db1);
        const service = new EscalationService({ outbox: outbox1, transcripts: new SqliteTranscriptStore(db1), config });
        const { reference } = await service.submit(sampleRequest());
        const crashedAt = new Date();
        const claimed = await outbox1.claimNext(crashedAt, LEASE_MS);
        expect(claimed?.reference).toBe(reference);
        db1.close(); // the crash: the claim is never settled

        open.db = openTestDb(config);
        const outbox2 = new SqliteOutbox(open.db);
        const early = new OutboxSender({ outbox: outbox2, config, now: () => new Date(crashedAt.getTime() + LEASE_MS - 1000) });
        expect(await early.flushOnce()).toEqual({ sent: 0, failed: 0 });
        expect((await early.health()).pending).toBe(1);
        await early.stop();

        open.sender = new OutboxSender({ outbox: outbox2, config, now: () => new Date(crashedAt.getTime() + LEASE_MS + 1000) });
        expect(await open.sender.flushOnce()).toEqual({ sent: 1, failed: 0 });
        expect(await open.sender.flushOnce()).toEqual({ sent: 0, failed: 0 });
        expect(open.smtp.received).toHaveLength(1);
        // The crashed sender's lease token can no longer settle the message.
        expect(await outbox2.markSent(reference, claimed!.leaseToken, new Date())).toBe(false);
    });

    it('lets two senders on two connections share the outbox without sending anything twice', async () => {
        open.smtp = await startSmtpServer();
        const config = testConfig(dir, open.smtp.port);
        open.db = openTestDb(config);
        const otherDb = openTestDb(config);
        try {
            const outbox = new SqliteOutbox(open.db);
            const service = new EscalationService({ outbox, transcripts: new SqliteTranscriptStore(open.db), config });
            const references = new Set<string>();
            for (let i = 0; i < 12; i++) references.add((await service.submit(sampleRequest({ name: `Dr. Test Example ${i}` }))).reference);
            const a = new OutboxSender({ outbox, config });
            const b = new OutboxSender({ outbox: new SqliteOutbox(otherDb), config });
            const [ra, rb] = await Promise.all([a.flushOnce(), b.flushOnce()]);
            await Promise.all([a.stop(), b.stop()]);
            expect(ra.sent + rb.sent).toBe(12);
            expect(open.smtp.received).toHaveLength(12);
            const delivered = open.smtp.received.map((m) => m.parsed.headers.get('x-cpms-escalation-reference'));
            expect(new Set(delivered)).toEqual(references);
        } finally {
            otherDb.close();
        }
    });
});
