import './nodeGlobals';
import { Activity, ConnectionStatus, DirectLine } from 'botframework-directlinejs';
import * as fs from 'fs';
import jwt from 'jsonwebtoken';
import * as path from 'path';
import { TOKEN_SECRET_FILE } from '../../src/directline/tokens';
import { EchoServer, startEchoServer, tempDataDir, WELCOME_TEXT } from './echoServer';

/** How long a test waits for an activity before failing (not a timing assertion). */
const WAIT_LIMIT_MS = 15_000;

interface TokenResponse {
    token: string;
    userId: string;
    identityToken: string;
    expires_in: number;
    domain?: string;
    conversationId?: string;
}

async function getToken(baseUrl: string, body: Record<string, unknown> = {}): Promise<TokenResponse> {
    const res = await fetch(`${baseUrl}/api/directline/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as TokenResponse;
}

/** Collects what a DirectLine client receives and waits for a matching activity. */
class Inbox {
    readonly received: Activity[] = [];
    private readonly subscription: { unsubscribe(): void };

    constructor(private readonly client: DirectLine) {
        this.subscription = client.activity$.subscribe((a) => this.received.push(a));
    }

    async waitFor(predicate: (a: Activity) => boolean, what: string): Promise<Activity> {
        const deadline = Date.now() + WAIT_LIMIT_MS;
        for (;;) {
            const found = this.received.find(predicate);
            if (found) return found;
            if (Date.now() > deadline) {
                throw new Error(`no ${what} among ${JSON.stringify(this.received.map((a) => a.type === 'message' ? a.text : a.type))}`);
            }
            await new Promise((r) => setTimeout(r, 50));
        }
    }

    end(): void {
        this.subscription.unsubscribe();
        this.client.end();
    }
}

function botText(a: Activity): string | undefined {
    return a.type === 'message' && a.from.role === 'bot' ? a.text : undefined;
}

function post(client: DirectLine, activity: Partial<Activity>): Promise<string> {
    return new Promise((resolve, reject) => {
        client.postActivity(activity as Activity).subscribe({ next: resolve, error: reject });
    });
}

function connect(baseUrl: string, token: string, extra: Record<string, unknown> = {}): DirectLine {
    return new DirectLine({ domain: `${baseUrl}/v3/directline`, token, webSocket: false, pollingInterval: 200, ...extra });
}

describe("the bot's own Direct Line with Microsoft's directlinejs client", () => {
    let dataDir: string;
    let app: EchoServer;
    const clients: Inbox[] = [];

    beforeAll(async () => {
        dataDir = tempDataDir('dl');
        app = await startEchoServer(dataDir);
    });

    afterEach(() => {
        while (clients.length > 0) clients.pop()?.end();
    });

    afterAll(async () => {
        await app.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
    });

    function open(token: string, extra: Record<string, unknown> = {}): { client: DirectLine; inbox: Inbox } {
        const client = connect(app.baseUrl, token, extra);
        const inbox = new Inbox(client);
        clients.push(inbox);
        return { client, inbox };
    }

    it('welcomes, echoes the user with id and clientActivityID, and carries the locale', async () => {
        const { token, userId } = await getToken(app.baseUrl, { locale: 'ro-RO' });
        expect(userId).toMatch(/^dl_/);
        expect(jwt.decode(token)).toMatchObject({ user: userId, locale: 'ro-RO' });
        const { client, inbox } = open(token);

        await inbox.waitFor((a) => botText(a) === WELCOME_TEXT, 'welcome');
        const update = app.bot.conversationUpdates.at(-1);
        expect(update?.membersAdded).toEqual(['cpms-helpdesk-bot', userId]);
        expect(update?.locale).toBe('ro-RO');

        const id = await post(client, {
            type: 'message',
            text: 'Bună ziua',
            locale: 'ro-RO',
            from: { id: userId },
            channelData: { clientActivityID: 'client-1' },
        });
        const echo = await inbox.waitFor((a) => a.id === id, 'echo of the user message');
        expect(echo.from).toMatchObject({ id: userId, role: 'user' });
        expect((echo.channelData as Record<string, unknown>).clientActivityID).toBe('client-1');
        await inbox.waitFor((a) => botText(a) === 'You said: Bună ziua', 'bot reply');
        expect(app.bot.seenLocales.at(-1)).toBe('ro-RO');
    });

    it('delivers a proactive message sent later through continueConversationAsync', async () => {
        const { token } = await getToken(app.baseUrl);
        const { inbox } = open(token);
        await inbox.waitFor((a) => botText(a) === WELCOME_TEXT, 'welcome');
        const conversationId = inbox.received[0].conversation?.id ?? '';
        const reference = app.bot.references.get(conversationId);
        expect(reference).toBeDefined();

        await app.adapter.continueConversationAsync('', reference as Partial<import('botbuilder').ConversationReference>, async (context) => {
            await context.sendActivity('Your helpdesk ticket was answered.');
        });

        const proactive = await inbox.waitFor((a) => botText(a) === 'Your helpdesk ticket was answered.', 'proactive message');
        expect((proactive as { replyToId?: string }).replyToId).toBeUndefined();
    });

    it('returns the same user for a validly signed previous token, even an expired one', async () => {
        const first = await getToken(app.baseUrl);
        const again = await getToken(app.baseUrl, { previousToken: first.identityToken });
        expect(again.userId).toBe(first.userId);

        const secret = fs.readFileSync(path.join(dataDir, TOKEN_SECRET_FILE), 'utf8').trim();
        const old = jwt.sign({ user: first.userId }, secret, {
            algorithm: 'HS256',
            issuer: 'cpms-helpdesk-bot',
            audience: 'directline',
            expiresIn: -3 * 24 * 3600,
        });
        expect((await getToken(app.baseUrl, { previousToken: old })).userId).toBe(first.userId);

        const forged = jwt.sign({ user: first.userId }, 'not-the-secret-not-the-secret-not-the-secret', {
            algorithm: 'HS256',
            issuer: 'cpms-helpdesk-bot',
            audience: 'directline',
        });
        const refused = await fetch(`${app.baseUrl}/api/directline/token`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ previousToken: forged }),
        });
        expect(refused.status).toBe(401);
    });

    it('survives a restart: same conversation, history kept, old token still valid', async () => {
        const { token, userId } = await getToken(app.baseUrl);
        const { client, inbox } = open(token);
        await inbox.waitFor((a) => botText(a) === WELCOME_TEXT, 'welcome');
        await post(client, { type: 'message', text: 'before restart', from: { id: userId } });
        await inbox.waitFor((a) => botText(a) === 'You said: before restart', 'reply before restart');
        const conversationId = inbox.received[0].conversation?.id ?? '';
        const watermark = (client as unknown as { watermark: string }).watermark;
        inbox.end();

        await app.close();
        app = await startEchoServer(dataDir);

        const resumed = open(token, { conversationId, watermark });
        await post(resumed.client, { type: 'message', text: 'after restart', from: { id: userId } });
        await resumed.inbox.waitFor((a) => botText(a) === 'You said: after restart', 'reply after restart');
        expect(resumed.inbox.received.every((a) => a.conversation?.id === conversationId)).toBe(true);
        expect(resumed.inbox.received.some((a) => botText(a) === 'You said: before restart')).toBe(false);

        const history = await fetch(`${app.baseUrl}/v3/directline/conversations/${conversationId}/activities`, {
            headers: { Authorization: `Bearer ${token}` },
        });
        const texts = ((await history.json()) as { activities: Activity[] }).activities.map((a) => (a.type === 'message' ? a.text : a.type));
        expect(texts).toEqual([WELCOME_TEXT, 'before restart', 'You said: before restart', 'after restart', 'You said: after restart']);
        expect(resumed.client.connectionStatus$.getValue()).toBe(ConnectionStatus.Online);
    });
});
