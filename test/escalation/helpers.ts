import { promises as fs } from 'fs';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import {
    ActivityTypes,
    CardFactory,
    ConversationAccount,
    MessageFactory,
    TestAdapter,
    TranscriptLoggerMiddleware,
    TurnContext,
} from 'botbuilder';
import { simpleParser, ParsedMail } from 'mailparser';
import { SMTPServer, SMTPServerSession } from 'smtp-server';
import { Config, loadConfig } from '../../src/config';
import { EscalationRequest } from '../../src/escalation';
import { SqliteTranscriptStore } from '../../src/escalation/transcriptStore';
import { newJourney, JourneyState } from '../../src/journey';
import { Db, openDatabase } from '../../src/storage/database';

/** A fresh temp dir per test file; removed by `removeTempDir`. */
export async function makeTempDir(): Promise<string> {
    return fs.mkdtemp(path.join(os.tmpdir(), 'cpms-escalation-'));
}

export async function removeTempDir(dir: string): Promise<void> {
    await fs.rm(dir, { recursive: true, force: true });
}

export function testConfig(dataDir: string, smtpPort?: number): Config {
    return loadConfig({
        DATA_DIR: dataDir,
        SMTP_URL: smtpPort === undefined ? '' : `smtp://127.0.0.1:${smtpPort}?ignoreTLS=true`,
        MAIL_FROM: 'cpms-bot@bot.example.org',
        LOG_LEVEL: 'silent',
    });
}

export function openTestDb(config: Config): Db {
    return openDatabase(config.databaseFile);
}

/** One message the test SMTP server accepted. */
export interface ReceivedMail {
    envelopeFrom: string;
    envelopeTo: string[];
    raw: Buffer;
    parsed: ParsedMail;
}

/** A real SMTP server on 127.0.0.1 that records what it accepts. */
export interface TestSmtpServer {
    port: number;
    received: ReceivedMail[];
    close(): Promise<void>;
}

export interface TestSmtpOptions {
    port?: number;
    /** Answer RCPT TO with this SMTP code (e.g. 451, 550) instead of accepting. */
    rejectRecipientWith?: number;
}

function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => resolve(Buffer.concat(chunks)));
        stream.on('error', reject);
    });
}

function envelopeOf(session: SMTPServerSession): { from: string; to: string[] } {
    const from = session.envelope.mailFrom;
    return { from: from ? from.address : '', to: session.envelope.rcptTo.map((r) => r.address) };
}

export async function startSmtpServer(options: TestSmtpOptions = {}): Promise<TestSmtpServer> {
    const received: ReceivedMail[] = [];
    const server = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS'],
        logger: false,
        onRcptTo(_address, _session, callback) {
            if (!options.rejectRecipientWith) return callback();
            const error = new Error('Mailbox temporarily unavailable') as Error & { responseCode: number };
            error.responseCode = options.rejectRecipientWith;
            callback(error);
        },
        onData(stream, session, callback) {
            readAll(stream)
                .then(async (raw) => {
                    const envelope = envelopeOf(session);
                    received.push({ envelopeFrom: envelope.from, envelopeTo: envelope.to, raw, parsed: await simpleParser(raw) });
                    callback();
                })
                .catch((error: Error) => callback(error));
        },
    });
    await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    const port = (server.server.address() as AddressInfo).port;
    return {
        port,
        received,
        close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
}

/** A port nothing listens on: opened by a real server, then closed (the outage). */
export async function unusedPort(): Promise<number> {
    const server = await startSmtpServer();
    await server.close();
    return server.port;
}

export const CHANNEL_ID = 'directline';
export const CONVERSATION_ID = 'conv-escalation-1';
export const USER_ID = 'user-test-1';

/**
 * Echo bot run through botbuilder's TestAdapter with the real TranscriptLoggerMiddleware:
 * echoes text, and answers "card" with a hero card plus suggested actions, "adaptive" with an
 * Adaptive Card, and types before each reply (typing must not reach the transcript).
 */
export function echoAdapter(
    store: SqliteTranscriptStore,
    ids: { conversationId?: string; userId?: string } = {},
): TestAdapter {
    const adapter = new TestAdapter(
        async (context: TurnContext) => {
            if (context.activity.type !== ActivityTypes.Message) return;
            await context.sendActivity({ type: ActivityTypes.Typing });
            const text = context.activity.text ?? '';
            if (text === 'card') {
                const card = CardFactory.heroCard(
                    'Step 3 of 4: Request access',
                    'Open https://cpms.ern-net.eu/login/ and choose "To request authorisation to use CPMS".',
                    undefined,
                    CardFactory.actions([
                        { type: 'imBack', title: 'Done', value: 'done' },
                        { type: 'imBack', title: 'I am stuck', value: 'stuck' },
                    ]),
                );
                const reply = MessageFactory.attachment(card);
                reply.suggestedActions = {
                    to: [],
                    actions: [
                        { type: 'imBack', title: 'Help', value: 'help' },
                        { type: 'imBack', title: 'Talk to the helpdesk', value: 'helpdesk' },
                    ],
                };
                await context.sendActivity(reply);
                return;
            }
            if (text === 'adaptive') {
                await context.sendActivity(
                    MessageFactory.attachment(
                        CardFactory.adaptiveCard({
                            type: 'AdaptiveCard',
                            version: '1.5',
                            body: [
                                { type: 'TextBlock', text: 'Your request so far', weight: 'Bolder' },
                                {
                                    type: 'FactSet',
                                    facts: [
                                        { title: 'Network', value: 'ERN ReCONNET' },
                                        { title: 'Profile', value: 'HP' },
                                    ],
                                },
                            ],
                            actions: [{ type: 'Action.Submit', title: 'Send to the helpdesk', data: { go: true } }],
                        }),
                    ),
                );
                return;
            }
            await context.sendActivity(`You said: ${text}`);
        },
        {
            channelId: CHANNEL_ID,
            conversation: { id: ids.conversationId ?? CONVERSATION_ID } as ConversationAccount,
            from: { id: ids.userId ?? USER_ID, name: 'Dr. Test Example' },
            recipient: { id: 'cpms-bot', name: 'CPMS bot' },
        },
    );
    adapter.use(new TranscriptLoggerMiddleware(store));
    return adapter;
}

/** Runs a few turns so the store holds a real transcript. */
export async function talk(adapter: TestAdapter, lines: string[]): Promise<void> {
    for (const line of lines) await adapter.send(line).startTest();
}

export function journeyAtRequestAccess(): JourneyState {
    return {
        ...newJourney(),
        path: 'member',
        position: 'requestAccess.hospital',
        currentStep: 'requestAccess',
        completed: ['euLogin', 'twoFactor'],
        ern: { code: 'ReCONNET', label: 'ERN ReCONNET' },
        country: { iso: 'IT', name: 'Italy' },
        hospital: { code: '9999', name: 'Example University Hospital' },
        profile: 'HP',
        stuckAt: ['requestAccess'],
        unanswered: ['Where do I find the hospital code?'],
    };
}

export function sampleRequest(overrides: Partial<EscalationRequest> = {}): EscalationRequest {
    return {
        channelId: CHANNEL_ID,
        conversationId: CONVERSATION_ID,
        userId: USER_ID,
        name: 'Dr. Test Example',
        email: 'dr.test@example.org',
        description: 'My hospital is not in the list on screen 2.',
        language: 'ro-RO',
        journey: journeyAtRequestAccess(),
        ...overrides,
    };
}
