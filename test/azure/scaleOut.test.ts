/**
 * Two real bot processes (`node dist/src/index.js`, STORAGE=azure) on one Azurite, as several App
 * Service instances behind Azure Bot Service would run: any message may reach any instance.
 */
import { execFile } from 'child_process';
import { promisify } from 'util';
import * as fs from 'fs';
import * as path from 'path';
import { loadConfig } from '../../src/config';
import { PROJECT_ROOT } from '../../src/paths';
import { AzureStorageAccount } from '../../src/storage/azureClients';
import { AzureBlobsStateStorage } from '../../src/storage/azureStateStorage';
import { readSharedFeedbackReport } from '../../src/storage/backends';
import { AzureTranscriptStore } from '../../src/escalation/azureTranscriptStore';
import { startAzurite, Azurite } from './azurite';
import { BotInstance, recapFacts, Speaker, startBot, textOf } from './botProcess';
import { startSmtpServer, TestSmtpServer, unusedPort } from '../escalation/helpers';
import { tempDir } from '../support/tempDir';

/** The member journey typed by a user, from the menu to the recap (as the dialog tests prove it). */
const TO_RECAP = ['get access step by step', 'member', 'no', 'done', 'yes', 'done', 'reconnet', 'Italy', 'yes', 'careggi', 'yes', 'HP'];
const REFERENCE = /RCN-\d{8}-[A-Z0-9]{4}/;
const SIMULTANEOUS = /arrived at the same moment/;
const APOLOGY = /something went wrong/;

interface Health {
    status: string;
    outbox: { pending: number; failing: boolean; deadLettered: number };
}

async function health(instance: BotInstance): Promise<Health> {
    return (await (await fetch(`${instance.base}/healthz`)).json()) as Health;
}

async function until<T>(what: string, probe: () => Promise<T> | T, ok: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const value = await probe();
        if (ok(value)) return value;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
}

describe('two bot instances on one Azure Storage account', () => {
    let azurite: Azurite;
    let a: BotInstance;
    let b: BotInstance;
    let smtpPort: number;
    let smtp: TestSmtpServer | undefined;
    const dirs: string[] = [];

    beforeAll(async () => {
        [azurite, smtpPort] = await Promise.all([startAzurite(), unusedPort()]);
        const env = (name: string) => {
            const dir = tempDir(`cpms-${name}-`);
            dirs.push(dir);
            return {
                DATA_DIR: dir,
                STORAGE: 'azure',
                AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
                // The mail server is down until the escalation test starts it on this port.
                SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
                MAIL_FROM: 'bot@example.org',
                OUTBOX_RETRY_BASE_SECONDS: '1',
            };
        };
        [a, b] = await Promise.all([startBot('A', env('a')), startBot('B', env('b'))]);
    }, 60_000);

    afterAll(async () => {
        await Promise.all([a?.kill(), b?.kill()]);
        await smtp?.close();
        await azurite?.stop();
        for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    });

    test('a member journey whose turns alternate between the instances reaches the same recap as on one instance', async () => {
        const alone = new Speaker('user-alone', 'conversation-alone');
        const alternating = new Speaker('user-alternating', 'conversation-alternating');
        expect(textOf(await alone.join(a))).toBe(textOf(await alternating.join(b)));
        const aloneReplies: string[] = [];
        const alternatingReplies: string[] = [];
        let recapAlone;
        let recapAlternating;
        for (const [i, text] of TO_RECAP.entries()) {
            const one = await alone.say(a, text);
            const both = await alternating.say(i % 2 === 0 ? a : b, text);
            aloneReplies.push(textOf(one));
            alternatingReplies.push(textOf(both));
            recapAlone = recapFacts(one) ?? recapAlone;
            recapAlternating = recapFacts(both) ?? recapAlternating;
        }
        expect(alternatingReplies).toEqual(aloneReplies);
        expect(recapAlone).toEqual({ Application: 'CPMS', Organisation: 'IT13 - AOU Careggi, Florence', 'Access Profile': 'HP' });
        expect(recapAlternating).toEqual(recapAlone);
    }, 60_000);

    test('two messages of one conversation reaching both instances at once are both taken, one after the other', async () => {
        const user = new Speaker('user-concurrent', 'conversation-concurrent');
        await user.join(a);
        for (const [i, text] of TO_RECAP.slice(0, TO_RECAP.indexOf('Italy')).entries()) await user.say(i % 2 === 0 ? a : b, text);
        // At the country prompt: a question on A and the answer on B, at the same moment.
        const [question, answer] = await Promise.all([user.say(a, 'how long does approval take?'), user.say(b, 'Italy')]);
        for (const replies of [question, answer]) {
            expect(replies.length).toBeGreaterThan(0);
            expect(textOf(replies)).not.toMatch(APOLOGY);
        }
        // A turn that lost the race says so (and changed nothing); then the user sends it again.
        if (SIMULTANEOUS.test(textOf(answer))) await user.say(b, 'Italy');
        // The answer was not lost under the question's write: the confirmation of Italy comes next.
        expect(textOf(await user.say(a, 'yes'))).toMatch(/hospital/i);
        await user.say(b, 'careggi');
        await user.say(a, 'yes');
        expect(recapFacts(await user.say(b, 'HP'))).toEqual({ Application: 'CPMS', Organisation: 'IT13 - AOU Careggi, Florence', 'Access Profile': 'HP' });
    }, 60_000);

    test('"forget me" on one instance erases the state and transcripts of turns the other instance handled', async () => {
        const account = new AzureStorageAccount(azurite.connectionString);
        const transcripts = new AzureTranscriptStore({
            connectionString: azurite.connectionString,
            containerName: 'bot-transcripts',
            container: () => account.container('bot-transcripts'),
        });
        const state = new AzureBlobsStateStorage(azurite.connectionString, 'bot-state');
        // Scripts without a channel id are the "api" channel (src/app.ts).
        const keys = ['api/users/user-forget/', 'api/conversations/conversation-forget/'];
        const user = new Speaker('user-forget', 'conversation-forget');
        await user.join(a);
        await user.say(a, 'get access step by step');
        await user.say(b, 'member');
        await until('the transcript', async () => (await transcripts.getTranscriptActivities('api', 'conversation-forget')).items.length, (n) => n >= 4);
        expect(Object.keys(await state.read(keys)).sort()).toEqual([...keys].sort());

        expect(textOf(await user.say(a, 'forget me'))).toMatch(/delete/);
        expect(textOf(await user.say(b, 'yes'))).toMatch(/deleted/);
        // Everything, the confirmation included: the erasure waits for the turn's own transcript writes.
        expect((await transcripts.getTranscriptActivities('api', 'conversation-forget')).items).toEqual([]);
        expect(await state.read([keys[0]])).toEqual({});
        expect(await transcripts.conversationsOf('user-forget')).toHaveLength(0);
    }, 60_000);

    test('`cli report` reads the FAQ feedback every instance recorded', async () => {
        const first = new Speaker('user-report-1', 'conversation-report-1');
        const second = new Speaker('user-report-2', 'conversation-report-2');
        await first.join(a);
        await second.join(b);
        expect(textOf(await first.say(a, 'how long does approval take?'))).toMatch(/approv/i);
        expect(textOf(await second.say(b, 'how long does approval take?'))).toMatch(/approv/i);
        const config = loadConfig({ STORAGE: 'azure', AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString });
        const answered = (report: Awaited<ReturnType<typeof readSharedFeedbackReport>>) => report.mostAsked.find((e) => e.id === 'approval-time')?.count ?? 0;
        await until('both instances\' feedback', () => readSharedFeedbackReport(config), (r) => answered(r) >= 2);

        // Run asynchronously: a blocking spawnSync would stall this process's HTTP keep-alive bookkeeping.
        const cli = await promisify(execFile)(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'src', 'cli.js'), 'report', '--json'], {
            env: { PATH: process.env.PATH ?? '', STORAGE: 'azure', AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString, LOG_LEVEL: 'silent' },
            encoding: 'utf8',
            timeout: 30_000,
        });
        expect(answered(JSON.parse(cli.stdout))).toBeGreaterThanOrEqual(2);
    }, 60_000);

    test('an escalation confirmed on A while mail is down reaches the helpdesk exactly once, from B, after A is killed', async () => {
        const user = new Speaker('user-escalating', 'conversation-escalating');
        await user.join(a);
        // Turns handled by B before the escalation: the e-mail must carry them too.
        await user.say(b, 'get access step by step');
        await user.say(a, 'member');
        await user.say(b, 'helpdesk');
        await user.say(b, 'yes');
        await user.say(a, 'Dr. Test Example');
        await user.say(b, 'dr.test@example.org');
        await user.say(a, 'The SMS code never arrives.');
        const confirmed = textOf(await user.say(a, 'send to the helpdesk'));
        const reference = REFERENCE.exec(confirmed)?.[0];
        expect(reference).toBeDefined();

        // A tried at once and failed (connection refused): the escalation waits in the shared queue.
        await until('a failed attempt', () => health(a), (h) => h.outbox.failing && h.outbox.pending === 1);
        await a.kill();
        smtp = await startSmtpServer({ port: smtpPort });

        const server = smtp;
        await until('the e-mail', () => server.received.length, (n) => n >= 1);
        expect(server.received[0].raw.toString('utf8')).toContain(reference!);
        // The transcript in the e-mail has the turns both instances handled.
        expect(server.received[0].parsed.text).toMatch(/get access step by step[\s\S]*member/);
        // B logs the delivery once it has recorded it, a moment after the server took the mail.
        const delivered = new RegExp(`${reference} attempt \\d+ via smtp delivered`);
        await until('B to record the delivery', () => b.output(), (out) => delivered.test(out));
        await until('B to settle it', () => health(b), (h) => h.outbox.pending === 0);
        // Well past another poll of B's sender (every 5 s): still exactly one e-mail.
        await new Promise((resolve) => setTimeout(resolve, 6_000));
        expect(server.received).toHaveLength(1);
        expect((await health(b)).outbox).toMatchObject({ pending: 0, failing: false, deadLettered: 0 });
    }, 60_000);

    test('a message no instance can read is parked in the dead-letter queue and shows in /healthz', async () => {
        const account = new AzureStorageAccount(azurite.connectionString);
        await (await account.queue('escalation-outbox')).sendMessage('{"not":"an escalation"}');
        const parked = await until('the dead letter', () => health(b), (h) => h.outbox.deadLettered === 1);
        expect(parked).toMatchObject({ status: 'degraded', outbox: { pending: 0, deadLettered: 1 } });
    }, 60_000);
});
