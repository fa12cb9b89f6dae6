import { promises as fs } from 'fs';
import * as path from 'path';
import { simpleParser } from 'mailparser';
import { EmlFileDelivery, EscalationService, OutboxSender, SqliteOutbox, SqliteTranscriptStore } from '../../src/escalation';
import { Db } from '../../src/storage/database';
import { echoAdapter, makeTempDir, openTestDb, removeTempDir, sampleRequest, talk, testConfig } from './helpers';

describe('.eml outbox (no SMTP server configured)', () => {
    let dir: string;
    let db: Db | undefined;
    let sender: OutboxSender | undefined;

    beforeEach(async () => {
        dir = await makeTempDir();
    });

    afterEach(async () => {
        await sender?.stop();
        db?.close();
        sender = undefined;
        db = undefined;
        await removeTempDir(dir);
    });

    it('writes one complete, parseable <reference>.eml per escalation, once', async () => {
        const config = testConfig(dir);
        expect(config.smtpUrl).toBe('');
        expect(config.outboxDir).toBe(path.join(dir, 'outbox'));
        db = openTestDb(config);
        const transcripts = new SqliteTranscriptStore(db);
        const outbox = new SqliteOutbox(db);
        await talk(echoAdapter(transcripts), ['hello', 'card']);
        const { reference } = await new EscalationService({ outbox, transcripts, config }).submit(sampleRequest());
        sender = new OutboxSender({ outbox, config });

        expect(await sender.flushOnce()).toEqual({ sent: 1, failed: 0 });
        expect(await fs.readdir(config.outboxDir)).toEqual([`${reference}.eml`]);

        const parsed = await simpleParser(await fs.readFile(path.join(config.outboxDir, `${reference}.eml`)));
        expect(parsed.subject).toBe(`[CPMS access] ${reference} Step 3 of 4: Request access - Dr. Test Example`);
        expect(parsed.messageId).toBe(`<${reference}@bot.example.org>`);
        expect(parsed.replyTo?.value).toEqual([{ name: 'Dr. Test Example', address: 'dr.test@example.org' }]);
        expect(parsed.text).toMatch(/^Hospital: +Example University Hospital \(9999\)$/m);
        expect(parsed.text).toContain('My hospital is not in the list on screen 2.');
        expect(parsed.text).toMatch(/\] Bot: Card: Step 3 of 4: Request access/);
        expect(String(parsed.html)).toMatch(/<th[^>]*>Network<\/th><td[^>]*>ERN ReCONNET \(ReCONNET\)<\/td>/);
        expect(parsed.attachments.map((a) => a.filename)).toEqual([`${reference}-transcript.txt`]);

        expect(await sender.flushOnce()).toEqual({ sent: 0, failed: 0 });
        expect(await fs.readdir(config.outboxDir)).toHaveLength(1);
        expect(await sender.health()).toEqual({ pending: 0, oldestPendingAgeSeconds: null, failing: false });
    });

    it('retries when the folder cannot be written, leaving no temporary files', async () => {
        const config = testConfig(dir);
        db = openTestDb(config);
        const outbox = new SqliteOutbox(db);
        const { reference } = await new EscalationService({ outbox, transcripts: new SqliteTranscriptStore(db), config }).submit(
            sampleRequest(),
        );
        // A file where the folder should be: every write fails until it is moved away.
        await fs.writeFile(config.outboxDir, 'not a folder');
        sender = new OutboxSender({ outbox, config });
        expect(await sender.flushOnce()).toEqual({ sent: 0, failed: 1 });
        expect((await sender.health()).failing).toBe(true);
        await fs.rm(config.outboxDir);
        await sender.stop();

        sender = new OutboxSender({ outbox, config, now: () => new Date(Date.now() + 24 * 3600_000) });
        expect(await sender.flushOnce()).toEqual({ sent: 1, failed: 0 });
        expect(await fs.readdir(config.outboxDir)).toEqual([`${reference}.eml`]);
    });

    it('refuses to turn anything but a reference into a file name', () => {
        const delivery = new EmlFileDelivery(dir);
        expect(() => delivery.fileFor('../../etc/passwd')).toThrow(/not a reference/);
        expect(delivery.fileFor('RCN-20261123-7QK2')).toBe(path.join(dir, 'RCN-20261123-7QK2.eml'));
    });
});
