import { Config } from '../../src/config';
import { EscalationService, EscalationValidationError, OutboxSender, SqliteOutbox, SqliteTranscriptStore } from '../../src/escalation';
import { Db } from '../../src/storage/database';
import {
    echoAdapter,
    makeTempDir,
    openTestDb,
    ReceivedMail,
    removeTempDir,
    sampleRequest,
    startSmtpServer,
    talk,
    testConfig,
    TestSmtpServer,
} from './helpers';

/** Generous bound for a fully truncated escalation; an uncapped one would be well over 100 KB. */
const MAX_BOUNDED_MESSAGE_BYTES = 60_000;

/** The header block of a raw message, unfolded. */
function headerBlock(raw: Buffer): string {
    const text = raw.toString('utf8');
    return text.slice(0, text.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
}

describe('hostile input in escalations', () => {
    let dir: string;
    let smtp: TestSmtpServer;
    let config: Config;
    let db: Db;
    let service: EscalationService;
    let sender: OutboxSender;
    let transcripts: SqliteTranscriptStore;

    /** Submits, delivers and returns the one message the server got. */
    async function deliver(overrides: Parameters<typeof sampleRequest>[0]): Promise<ReceivedMail> {
        const before = smtp.received.length;
        await service.submit(sampleRequest(overrides));
        await sender.flushOnce();
        expect(smtp.received).toHaveLength(before + 1);
        return smtp.received[before];
    }

    beforeAll(async () => {
        dir = await makeTempDir();
        smtp = await startSmtpServer();
        config = testConfig(dir, smtp.port);
        db = openTestDb(config);
        transcripts = new SqliteTranscriptStore(db);
        const outbox = new SqliteOutbox(db);
        service = new EscalationService({ outbox, transcripts, config });
        sender = new OutboxSender({ outbox, config });
    });

    afterAll(async () => {
        await sender.stop();
        db.close();
        await smtp.close();
        await removeTempDir(dir);
    });

    it('escapes markup from the name, description and transcript in the HTML body', async () => {
        await talk(echoAdapter(transcripts, { conversationId: 'conv-markup' }), ['<img src=x onerror="alert(2)">']);
        const mail = await deliver({
            conversationId: 'conv-markup',
            name: '<script>alert(1)</script>',
            description: 'See <a href="https://evil.example.org">here</a> & <b>bold</b>',
        });
        const html = String(mail.parsed.html);
        expect(html).not.toContain('<script>');
        expect(html).not.toContain('<a href="https://evil.example.org">');
        expect(html).not.toContain('<img src=x');
        expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
        expect(html).toContain('See &lt;a href=&quot;https://evil.example.org&quot;&gt;here&lt;/a&gt; &amp; &lt;b&gt;bold&lt;/b&gt;');
        expect(html).toContain('&lt;img src=x onerror=&quot;alert(2)&quot;&gt;');
        // The text body shows what the user typed, as text.
        expect(mail.parsed.text).toContain('See <a href="https://evil.example.org">here</a> & <b>bold</b>');
        expect(mail.parsed.subject).toContain('<script>alert(1)</script>');
    });

    it('never lets CR/LF in the name create a header or a recipient', async () => {
        const mail = await deliver({ name: 'Dr. Test\r\nBcc: x@example.org\r\nX-Injected: yes\u0000\u2028' });
        const headers = headerBlock(mail.raw);
        expect(headers).not.toMatch(/^Bcc:/im);
        expect(headers).not.toMatch(/^X-Injected:/im);
        expect(mail.parsed.headers.has('bcc')).toBe(false);
        expect(mail.parsed.headers.has('x-injected')).toBe(false);
        expect(mail.envelopeTo).toEqual(['helpdesk.reconnet@ao-pisa.toscana.it']);
        expect(mail.parsed.subject).toMatch(/ - Dr\. Test Bcc: x@example\.org X-Injected: yes$/);
        expect(mail.parsed.replyTo?.value).toEqual([{ name: 'Dr. Test Bcc: x@example.org X-Injected: yes', address: 'dr.test@example.org' }]);
    });

    it('refuses an e-mail address carrying a header, before anything is stored', async () => {
        await expect(service.submit(sampleRequest({ email: 'dr.test@example.org\r\nBcc: x@example.org' }))).rejects.toBeInstanceOf(
            EscalationValidationError,
        );
        await expect(service.submit(sampleRequest({ email: '"Dr" <dr.test@example.org>' }))).rejects.toThrow(/email/);
        expect(await sender.flushOnce()).toEqual({ sent: 0, failed: 0 });
    });

    it('keeps a 10,000-character name and description to a clean, bounded e-mail', async () => {
        const longName = 'N'.repeat(10_000);
        const longDescription = `${'Lorem ipsum <i>dolor</i> sit amet. '.repeat(300)}END-OF-DESCRIPTION`;
        expect(longDescription.length).toBeGreaterThan(10_000);
        const mail = await deliver({ name: longName, description: longDescription });
        expect(mail.raw.length).toBeLessThan(MAX_BOUNDED_MESSAGE_BYTES);
        expect((mail.parsed.subject ?? '').length).toBeLessThan(160);
        expect(mail.parsed.subject).toMatch(/ - N{60} …$/);
        const text = mail.parsed.text ?? '';
        expect(text).not.toContain('END-OF-DESCRIPTION');
        expect(text).toContain('[…] truncated');
        expect(text).toMatch(/^Name: +N{200} \[…\] truncated$/m);
        expect(String(mail.parsed.html)).toContain('[…] truncated');
        expect(String(mail.parsed.html)).not.toContain('<i>dolor</i>');
        expect(mail.parsed.replyTo?.value[0].address).toBe('dr.test@example.org');
    });
});
