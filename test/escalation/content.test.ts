import { Db } from '../../src/storage/database';
import { Config } from '../../src/config';
import {
    EscalationService,
    OutboxSender,
    REFERENCE_PATTERN,
    SqliteOutbox,
    SqliteTranscriptStore,
} from '../../src/escalation';
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

const NOW = new Date('2026-11-23T10:15:00.000Z');

describe('helpdesk e-mail content (real SMTP server on 127.0.0.1)', () => {
    let dir: string;
    let smtp: TestSmtpServer;
    let config: Config;
    let db: Db;
    let sender: OutboxSender;
    let reference: string;
    let mail: ReceivedMail;

    beforeAll(async () => {
        dir = await makeTempDir();
        smtp = await startSmtpServer();
        config = testConfig(dir, smtp.port);
        db = openTestDb(config);
        const transcripts = new SqliteTranscriptStore(db);
        const outbox = new SqliteOutbox(db);
        await talk(echoAdapter(transcripts), ['hello', 'card', 'adaptive', 'I cannot find my hospital <b>anywhere</b>']);
        const service = new EscalationService({ outbox, transcripts, config, now: () => NOW });
        sender = new OutboxSender({ outbox, config, now: () => NOW });
        ({ reference } = await service.submit(sampleRequest()));
        const flushed = await sender.flushOnce();
        expect(flushed).toEqual({ sent: 1, failed: 0 });
        expect(smtp.received).toHaveLength(1);
        mail = smtp.received[0];
    });

    afterAll(async () => {
        await sender.stop();
        db.close();
        await smtp.close();
        await removeTempDir(dir);
    });

    it('returns a reference with the UTC date', () => {
        expect(reference).toMatch(REFERENCE_PATTERN);
        expect(reference.startsWith('RCN-20261123-')).toBe(true);
    });

    it('has the subject, addresses and Message-ID the helpdesk expects', () => {
        const { parsed } = mail;
        expect(parsed.subject).toBe(`[CPMS access] ${reference} Step 3 of 4: Request access - Dr. Test Example`);
        expect(mail.envelopeFrom).toBe('cpms-bot@bot.example.org');
        expect(mail.envelopeTo).toEqual(['helpdesk.reconnet@ao-pisa.toscana.it']);
        expect(parsed.from?.value).toEqual([{ name: 'CPMS helpdesk bot', address: 'cpms-bot@bot.example.org' }]);
        const to = Array.isArray(parsed.to) ? parsed.to : [parsed.to];
        expect(to.flatMap((a) => a?.value.map((v) => v.address))).toEqual(['helpdesk.reconnet@ao-pisa.toscana.it']);
        expect(parsed.replyTo?.value).toEqual([{ name: 'Dr. Test Example', address: 'dr.test@example.org' }]);
        expect(parsed.messageId).toBe(`<${reference}@bot.example.org>`);
        expect(parsed.date?.toISOString()).toBe(NOW.toISOString());
        expect(parsed.headers.get('x-cpms-escalation-reference')).toBe(reference);
    });

    it('shows the summary in the text body', () => {
        const text = mail.parsed.text ?? '';
        const expected: [string, string][] = [
            ['Reference', reference],
            ['Time (UTC)', '2026-11-23 10:15:00 UTC'],
            ['Name', 'Dr. Test Example'],
            ['E-mail', 'dr.test@example.org'],
            ['Channel', 'directline'],
            ['Language', 'Romanian (ro)'],
            ['Member or guest', 'ERN member'],
            ['Network', 'ERN ReCONNET (ReCONNET)'],
            ['Country', 'Italy (IT)'],
            ['Hospital', 'Example University Hospital (9999)'],
            ['Access profile', 'HP'],
            ['Stuck at', 'Step 3 of 4: Request access'],
            ['Where in the guide', 'Request wizard, screen 2 "Select organisation": hospital'],
        ];
        for (const [label, value] of expected) {
            expect(text).toMatch(new RegExp(`^${label.replace(/[()]/g, '\\$&')}: +${value.replace(/[()"]/g, '\\$&')}$`, 'm'));
        }
        expect(text).toMatch(/^Questions the bot could not answer:\n {2}- Where do I find the hospital code\?$/m);
        expect(text).toMatch(/^Steps done:\n {2}- Step 1 of 4: Create an EU Login account\n {2}- Step 2 of 4: Add a mobile phone as second factor$/m);
    });

    it('shows the same summary as a table in the HTML body', () => {
        const html = String(mail.parsed.html);
        const cell = (label: string, value: string) =>
            new RegExp(`<th[^>]*>${label.replace(/[()]/g, '\\$&')}</th><td[^>]*>${value.replace(/[()]/g, '\\$&')}</td>`);
        expect(html).toMatch(cell('Reference', reference));
        expect(html).toMatch(cell('Time (UTC)', '2026-11-23 10:15:00 UTC'));
        expect(html).toMatch(cell('Language', 'Romanian (ro)'));
        expect(html).toMatch(cell('Member or guest', 'ERN member'));
        expect(html).toMatch(cell('Network', 'ERN ReCONNET (ReCONNET)'));
        expect(html).toMatch(cell('Country', 'Italy (IT)'));
        expect(html).toMatch(cell('Hospital', 'Example University Hospital (9999)'));
        expect(html).toMatch(cell('Access profile', 'HP'));
        expect(html).toMatch(cell('Stuck at', 'Step 3 of 4: Request access'));
        expect(html).toContain('<li>Where do I find the hospital code?</li>');
    });

    it('carries the description', () => {
        expect(mail.parsed.text).toContain('What the user wrote\n===================\nMy hospital is not in the list on screen 2.');
        expect(String(mail.parsed.html)).toContain('My hospital is not in the list on screen 2.');
    });

    it('includes the whole transcript with timestamps, both sides, cards as text, no typing', () => {
        const text = mail.parsed.text ?? '';
        const stamp = '\\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\]';
        const order = [
            `${stamp} User: hello`,
            `${stamp} Bot: You said: hello`,
            `${stamp} User: card`,
            `${stamp} Bot: Card: Step 3 of 4: Request access`,
            ` {4}Open https://cpms.ern-net.eu/login/ and choose "To request authorisation to use CPMS".`,
            ` {4}Buttons: \\[Done\\] \\[I am stuck\\]`,
            ` {4}Buttons: \\[Help\\] \\[Talk to the helpdesk\\]`,
            `${stamp} User: adaptive`,
            `${stamp} Bot: Card:`,
            ` {4}Your request so far`,
            ` {4}Network: ERN ReCONNET`,
            ` {4}Profile: HP`,
            ` {4}Buttons: \\[Send to the helpdesk\\]`,
            `${stamp} User: I cannot find my hospital <b>anywhere</b>`,
            `${stamp} Bot: You said: I cannot find my hospital <b>anywhere</b>`,
        ];
        expect(text).toMatch(new RegExp(order.join('\\n'), 'm'));
        // Four turns, four bot messages: the typing activities were not logged.
        expect(text.match(/\] Bot: /g)).toHaveLength(4);
        const html = String(mail.parsed.html);
        expect(html).toContain('You said: I cannot find my hospital &lt;b&gt;anywhere&lt;/b&gt;');
        expect(html).toContain('Buttons: [Done] [I am stuck]');
    });

    it('attaches the transcript as a .txt file', () => {
        const attachments = mail.parsed.attachments;
        expect(attachments).toHaveLength(1);
        const [file] = attachments;
        expect(file.filename).toBe(`${reference}-transcript.txt`);
        expect(file.contentType).toBe('text/plain');
        const content = file.content.toString('utf8');
        expect(content.startsWith(`Transcript for escalation ${reference} (channel directline)`)).toBe(true);
        expect(content).toMatch(/\] User: hello\n\[[^\]]+\] Bot: You said: hello/);
        expect(content).toContain('Buttons: [Done] [I am stuck]');
    });
});
