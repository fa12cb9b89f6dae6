import { promises as fs } from 'fs';
import * as path from 'path';
import { simpleParser } from 'mailparser';
import {
    DuplicateReferenceError,
    EscalationService,
    EscalationValidationError,
    isReference,
    isValidEmail,
    newReference,
    OutboxSender,
    REFERENCE_ALPHABET,
    SqliteOutbox,
    SqliteTranscriptStore,
} from '../../src/escalation';
import { Config } from '../../src/config';
import { Db } from '../../src/storage/database';
import { CHANNEL_ID, CONVERSATION_ID, echoAdapter, makeTempDir, openTestDb, removeTempDir, sampleRequest, talk, testConfig, USER_ID } from './helpers';

describe('reference numbers', () => {
    it('are RCN-<UTC date>-<4 unambiguous characters>', () => {
        // 23:30 on the 22nd in UTC-2 is already the 23rd in UTC.
        const reference = newReference(new Date('2026-11-22T23:30:00-02:00'));
        expect(reference).toMatch(/^RCN-20261123-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{4}$/);
        expect(isReference(reference)).toBe(true);
        expect(REFERENCE_ALPHABET).not.toMatch(/[01ILOU]/);
        expect(newReference(new Date('2026-11-23T00:00:00Z'), () => 0)).toBe('RCN-20261123-2222');
        expect(newReference(new Date('2026-11-23T00:00:00Z'), (max) => max - 1)).toBe('RCN-20261123-ZZZZ');
        for (const bad of ['RCN-20261123-7QK', 'RCN-20261123-7QK0', 'rcn-20261123-7QK2', 'RCN-2026112-7QK2']) expect(isReference(bad)).toBe(false);
    });

    it('use every character of the alphabet', () => {
        const seen = new Set<string>();
        for (let i = 0; i < 500; i++) for (const c of newReference(new Date()).slice(-4)) seen.add(c);
        expect([...seen].sort().join('')).toBe([...REFERENCE_ALPHABET].sort().join(''));
    });
});

describe('isValidEmail', () => {
    it.each([
        ['dr.test@example.org', true],
        ['test+cpms@sub.example.co.uk', true],
        ['dr.test@example', false],
        ['dr test@example.org', false],
        ['"Dr" <dr.test@example.org>', false],
        ['dr.test@example.org\r\nBcc: x@example.org', false],
        [' dr.test@example.org', false],
        ['', false],
        [`${'a'.repeat(250)}@example.org`, false],
    ])('%j → %s', (value, expected) => {
        expect(isValidEmail(value)).toBe(expected);
    });
});

describe('EscalationService', () => {
    let dir: string;
    let config: Config;
    let db: Db;

    beforeEach(async () => {
        dir = await makeTempDir();
        config = testConfig(dir);
        db = openTestDb(config);
    });

    afterEach(async () => {
        db.close();
        await removeTempDir(dir);
    });

    function pendingCount(): number {
        return (db.prepare("SELECT COUNT(*) AS n FROM escalation_outbox WHERE status != 'sent'").get() as { n: number }).n;
    }

    it('rejects invalid requests naming the fields, and stores nothing', async () => {
        const service = new EscalationService({ outbox: new SqliteOutbox(db), transcripts: new SqliteTranscriptStore(db), config });
        const attempt = service.submit(sampleRequest({ email: 'not-an-address', name: ' \r\n ', conversationId: '' }));
        await expect(attempt).rejects.toBeInstanceOf(EscalationValidationError);
        await attempt.catch((error: EscalationValidationError) => {
            expect(error.fields.sort()).toEqual(['conversationId', 'email', 'name']);
            expect(error.message).not.toContain('not-an-address');
        });
        expect(pendingCount()).toBe(0);
    });

    it('accepts a stored journey that is partial or malformed', async () => {
        const service = new EscalationService({ outbox: new SqliteOutbox(db), transcripts: new SqliteTranscriptStore(db), config });
        const broken = { completed: 'nope', stuckAt: ['nowhere'], ern: 42 } as unknown as ReturnType<typeof sampleRequest>['journey'];
        const { reference } = await service.submit(sampleRequest({ journey: broken }));
        expect(isReference(reference)).toBe(true);
        const sender = new OutboxSender({ outbox: new SqliteOutbox(db), config });
        await sender.flushOnce();
        const parsed = await simpleParser(await fs.readFile(path.join(config.outboxDir, `${reference}.eml`)));
        expect(parsed.subject).toBe(`[CPMS access] ${reference} No step - Dr. Test Example`);
        expect(parsed.text).toMatch(/^Network: +Not given$/m);
        expect(parsed.text).toMatch(/^Member or guest: +Not said$/m);
        await sender.stop();
    });

    it('retries on a reference collision and keeps references unique', async () => {
        const outbox = new SqliteOutbox(db);
        const forced = ['RCN-20261123-AAAA', 'RCN-20261123-AAAA', 'RCN-20261123-BBBB'];
        const service = new EscalationService({ outbox, transcripts: new SqliteTranscriptStore(db), config, newReference: () => forced.shift()! });
        expect((await service.submit(sampleRequest())).reference).toBe('RCN-20261123-AAAA');
        expect((await service.submit(sampleRequest())).reference).toBe('RCN-20261123-BBBB');
        await expect(
            outbox.enqueue({ reference: 'RCN-20261123-AAAA', envelope: { from: 'a@example.org', to: ['b@example.org'] }, raw: Buffer.from('x'), createdAt: new Date() }),
        ).rejects.toBeInstanceOf(DuplicateReferenceError);

        // A tiny alphabet forces many collisions: every submission still gets its own reference.
        // The draws are seeded (a fixed linear congruential sequence): with Math.random, eight
        // collisions in a row near the end of the run made it fail now and then (the fresh-clone run
        // of 7dbacb0 did).
        let seed = 20261202;
        const draw = (max: number) => {
            seed = (seed * 1103515245 + 12345) % 2 ** 31;
            return Math.floor((seed / 2 ** 31) * Math.min(max, 4));
        };
        const tiny = new EscalationService({
            outbox,
            transcripts: new SqliteTranscriptStore(db),
            config,
            newReference: (now) => newReference(now, draw),
        });
        const references: string[] = [];
        for (let i = 0; i < 40; i++) references.push((await tiny.submit(sampleRequest())).reference);
        expect(new Set(references).size).toBe(40);
        expect(pendingCount()).toBe(42);
    });

    it('still queues the escalation when the transcript cannot be read', async () => {
        const brokenDb = openTestDb(testConfig(path.join(dir, 'other')));
        const brokenStore = new SqliteTranscriptStore(brokenDb);
        brokenDb.close();
        const lines: string[] = [];
        const service = new EscalationService({
            outbox: new SqliteOutbox(db),
            transcripts: brokenStore,
            config,
            log: (_level, message) => lines.push(message),
        });
        const { reference } = await service.submit(sampleRequest());
        const sender = new OutboxSender({ outbox: new SqliteOutbox(db), config });
        await sender.flushOnce();
        const parsed = await simpleParser(await fs.readFile(path.join(config.outboxDir, `${reference}.eml`)));
        expect(parsed.text).toContain(`The transcript could not be read; the bot's log has details under reference ${reference}.`);
        expect(lines.some((l) => l.startsWith('transcript read failed'))).toBe(true);
        await sender.stop();
    });

    it('forgetUser deletes the transcripts but a confirmed escalation is still delivered', async () => {
        const transcripts = new SqliteTranscriptStore(db);
        const outbox = new SqliteOutbox(db);
        await talk(echoAdapter(transcripts), ['hello', 'please forget me']);
        const service = new EscalationService({ outbox, transcripts, config });
        const { reference } = await service.submit(sampleRequest());
        expect(await service.forgetUser(USER_ID)).toEqual({ conversationsDeleted: 1 });
        expect((await transcripts.getTranscriptActivities(CHANNEL_ID, CONVERSATION_ID)).items).toEqual([]);
        expect(pendingCount()).toBe(1);

        const sender = new OutboxSender({ outbox, config });
        expect(await sender.flushOnce()).toEqual({ sent: 1, failed: 0 });
        const parsed = await simpleParser(await fs.readFile(path.join(config.outboxDir, `${reference}.eml`)));
        expect(parsed.text).toContain('] User: please forget me');
        // Once delivered, the bot keeps no copy of the message body.
        const row = db.prepare('SELECT raw FROM escalation_outbox WHERE reference = ?').get(reference) as { raw: Buffer | null };
        expect(row.raw).toBeNull();
        await sender.stop();
    });

    it('calls onEnqueued only after the message is stored', async () => {
        const outbox = new SqliteOutbox(db);
        const seen: number[] = [];
        const service = new EscalationService({
            outbox,
            transcripts: new SqliteTranscriptStore(db),
            config,
            onEnqueued: () => seen.push(pendingCount()),
        });
        await service.submit(sampleRequest());
        expect(seen).toEqual([1]);
    });
});
