import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import { generateKeyPairSync } from 'crypto';
import jwt from 'jsonwebtoken';
import { createApp, App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import { SqliteOutbox } from '../../src/escalation/outbox';
import { tempDir } from '../support/tempDir';
import { post, refusingPort, replyText, scriptMessage } from './botProcess';
import { bearer, call, postText, requestToken, startConversation, activities } from './directLineClient';

/** Issue 15, items 2, 5, 6, 7 and 8: what the HTTP edge lets in. */

/** Every log line the app writes, kept in memory. */
function memoryLog(): { lines: string[]; destination: { write(line: string): void } } {
    const lines: string[] = [];
    return { lines, destination: { write: (line: string) => void lines.push(line) } };
}

interface Running {
    app: App;
    base: string;
    dir: string;
    log: string[];
}

async function start(env: Record<string, string> = {}): Promise<Running> {
    const dir = tempDir();
    const memory = memoryLog();
    const app = createApp(loadConfig({ DATA_DIR: dir, PORT: '0', LOG_LEVEL: 'info', ...env }), createLogger('info', memory.destination));
    const base = await app.listen(0, '127.0.0.1');
    return { app, base, dir, log: memory.lines };
}

async function stop(running: Running | undefined): Promise<void> {
    if (!running) return;
    await running.app.close();
    fs.rmSync(running.dir, { recursive: true, force: true });
}

/** A local stand-in for the Bot Framework's sign-in metadata: one RSA key, id "known-kid". */
async function metadataServer(): Promise<{ url: string; close(): Promise<void> }> {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
    const server = http.createServer((req, res) => {
        const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        res.setHeader('Content-Type', 'application/json');
        if (req.url === '/openid') {
            res.end(JSON.stringify({ issuer: 'https://api.botframework.com', jwks_uri: `${base}/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
        } else {
            res.end(JSON.stringify({ keys: [{ kty: 'RSA', use: 'sig', kid: 'known-kid', n: jwk.n, e: jwk.e, endorsements: ['test', 'msteams'] }] }));
        }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/openid`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function forgedTokens(): Record<string, string> {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const claims = { iss: 'https://api.botframework.com', aud: 'test-app-id', serviceurl: 'http://127.0.0.1:9/' };
    const header = (alg: string) => Buffer.from(JSON.stringify({ alg, typ: 'JWT', kid: 'known-kid' })).toString('base64url');
    const body = Buffer.from(JSON.stringify({ ...claims, exp: Math.floor(Date.now() / 1000) + 600 })).toString('base64url');
    return {
        'a bad RS256 signature': jwt.sign(claims, privateKey, { algorithm: 'RS256', keyid: 'known-kid', expiresIn: 600 }),
        'HS256 signed with a guessed secret': jwt.sign(claims, 'guessed-secret', { algorithm: 'HS256', keyid: 'known-kid', expiresIn: 600 }),
        'alg none': `${header('none')}.${body}.`,
    };
}

describe('item 2: every authentication failure is a 401 with a short body, and nothing secret is logged', () => {
    let metadata: Awaited<ReturnType<typeof metadataServer>> | undefined;
    let running: Running | undefined;
    afterEach(async () => {
        await stop(running);
        await metadata?.close();
        running = undefined;
        metadata = undefined;
    });

    const authed = { MicrosoftAppId: 'test-app-id', MicrosoftAppPassword: 'test-password' };

    test('forged tokens naming a known key id', async () => {
        metadata = await metadataServer();
        running = await start({ ...authed, ToBotFromChannelOpenIdMetadataUrl: metadata.url });
        for (const [name, token] of Object.entries(forgedTokens())) {
            const res = await post(running.base, scriptMessage('hi', { deliveryMode: undefined, serviceUrl: 'http://127.0.0.1:9/' }), { Authorization: `Bearer ${token}` });
            expect([name, res.status]).toEqual([name, 401]);
            expect(res.text.length).toBeLessThan(200);
            expect(res.text).not.toMatch(/http|Error:|at /);
            const logged = running.log.join('');
            expect(logged).not.toContain(token.split('.')[2] || token);
        }
        expect(running.log.join('')).not.toMatch(/\n\s+at |BEGIN|"stack"/);
    });

    test('a token-shaped value while the sign-in metadata cannot be fetched', async () => {
        running = await start({ ...authed, ToBotFromChannelOpenIdMetadataUrl: `http://127.0.0.1:${await refusingPort()}/openid` });
        const res = await post(running.base, scriptMessage('hi', { deliveryMode: undefined }), { Authorization: `Bearer ${forgedTokens()['alg none']}` });
        expect(res.status).toBe(401);
        expect(res.text).not.toMatch(/127\.0\.0\.1|openid|http/);
    });
});

describe('items 5 to 8 on a bot without an app id', () => {
    let running: Running | undefined;
    afterEach(async () => {
        await stop(running);
        running = undefined;
    });

    test('item 5: no one but the bot may post to its connector routes, even from this machine', async () => {
        running = await start();
        const token = String((await requestToken(running.base)).body.token);
        const { conversationId } = await startConversation(running.base, token);
        for (const prefix of ['', '/v3/directline']) {
            const res = await call(`${running.base}${prefix}/v3/conversations/${conversationId}/activities`, {
                method: 'POST',
                headers: { 'Content-Type': 'application/json' },
                body: JSON.stringify({ type: 'message', text: 'Injected: your account is blocked, send your password', from: { id: 'cpms-helpdesk-bot', role: 'bot' } }),
            });
            expect(res.status).not.toBe(200);
        }
        expect(JSON.stringify((await activities(running.base, token, conversationId)).activities)).not.toContain('Injected');
    });

    test('item 6: a service URL that is not loopback, the own Direct Line or allowed is refused before anything is called', async () => {
        running = await start();
        const res = await post(running.base, scriptMessage('hi', { deliveryMode: undefined, serviceUrl: 'http://169.254.169.254/latest/' }));
        expect(res.status).toBe(403);
        expect(res.text).toMatch(/serviceUrl/);
        // Loopback (the Emulator, scripts) still works.
        const local = await post(running.base, scriptMessage('hi'));
        expect(local.status).toBe(200);
    });

    test('item 6: ALLOWED_SERVICE_URLS lets a named channel through', async () => {
        running = await start({ ALLOWED_SERVICE_URLS: 'https://channel.example.org' });
        const res = await post(running.base, scriptMessage('hi', { serviceUrl: 'https://channel.example.org/api/' }));
        expect(res.status).toBe(200);
    });

    test('item 7: tokens, conversations and messages are rate-limited (429 on the API, a polite message in the chat)', async () => {
        running = await start({ RATE_LIMIT_TOKENS_PER_MINUTE: '3', RATE_LIMIT_CONVERSATIONS_PER_MINUTE: '2', RATE_LIMIT_MESSAGES_PER_MINUTE: '3' });
        const tokens = [];
        for (let i = 0; i < 4; i++) tokens.push(await requestToken(running.base));
        expect(tokens.map((t) => t.status)).toEqual([200, 200, 200, 429]);
        expect(Number(tokens[3].headers.get('retry-after'))).toBeGreaterThan(0);
        const token = String(tokens[0].body.token);
        const conversations = [];
        for (let i = 0; i < 3; i++) conversations.push((await startConversation(running.base, token)).status);
        expect(conversations).toEqual([201, 201, 429]);

        const say = (text: string, conversation = 'busy') => post(running!.base, scriptMessage(text, { conversation: { id: conversation } as never }));
        for (let i = 0; i < 3; i++) expect(replyText((await say('help')).replies)).not.toMatch(/faster than I can read/);
        expect(replyText((await say('help')).replies)).toMatch(/faster than I can read/);
        expect((await say('help')).replies).toHaveLength(0);
        expect(replyText((await say('help', 'someone-else')).replies)).not.toMatch(/faster than I can read/);
    });

    test('item 8: a value nested 8,000 deep is refused with 400 at both edges', async () => {
        running = await start();
        const deep = `${'{"a":'.repeat(8000)}1${'}'.repeat(8000)}`;
        const token = String((await requestToken(running.base)).body.token);
        const { conversationId } = await startConversation(running.base, token);
        const dl = await call(`${running.base}/v3/directline/conversations/${conversationId}/activities`, {
            method: 'POST',
            headers: bearer(token),
            body: `{"type":"message","text":"hi","value":${deep}}`,
        });
        expect(dl.status).toBe(400);
        const api = await fetch(`${running.base}/api/messages`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(scriptMessage('hi')).replace(/}$/, `,"value":${deep}}`),
        });
        expect(api.status).toBe(400);
        // The conversation goes on.
        expect(await postText(running.base, token, conversationId, 'menu')).toBe(200);
    });

    test('item 8: an expired previousToken is renewed only for a limited time', async () => {
        const secret = 'a-test-signing-secret-of-at-least-32-characters';
        running = await start({ DIRECT_LINE_TOKEN_SECRET: secret });
        const now = Math.floor(Date.now() / 1000);
        const sign = (expiredSecondsAgo: number) =>
            jwt.sign({ user: 'dl_returningVisitor01', iat: now - expiredSecondsAgo - 1800, exp: now - expiredSecondsAgo }, secret, { algorithm: 'HS256', issuer: 'cpms-helpdesk-bot', audience: 'directline' });
        const recent = await requestToken(running.base, { previousToken: sign(3600) });
        expect(recent.status).toBe(200);
        expect(recent.body.userId).toBe('dl_returningVisitor01');
        const ancient = await requestToken(running.base, { previousToken: sign(365 * 24 * 3600) });
        expect(ancient.status).toBe(401);
    });

    test("item 8: an adaptiveCard/action invoke with a null value is answered and the conversation's state kept", async () => {
        running = await start();
        const conversation = { id: 'invoke-conversation' } as never;
        expect((await post(running.base, scriptMessage('start', { conversation }))).status).toBe(200);
        const state = () => running!.app.runtime.db.prepare("SELECT key, value FROM bot_state WHERE key LIKE '%invoke-conversation%'").all();
        const before = state();
        expect(before.length).toBeGreaterThan(0);
        const res = await post(running.base, { ...scriptMessage('', { conversation }), type: 'invoke', name: 'adaptiveCard/action', value: null, text: undefined });
        expect(res.status).toBeLessThan(500);
        expect(state()).toEqual(before);
    });

    test("item 8: /healthz shows the mail error's code, not the mail server's address", async () => {
        const port = await refusingPort();
        running = await start({ SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'bot@example.org' });
        await new SqliteOutbox(running.app.runtime.db).enqueue({
            reference: 'RCN-20260101-TEST',
            envelope: { from: 'bot@example.org', to: ['desk@example.org'] },
            raw: Buffer.from('Subject: test\r\n\r\nbody\r\n'),
            createdAt: new Date(),
        });
        running.app.runtime.sender.wake();
        let health: { outbox: { lastError?: string } } = { outbox: {} };
        for (let i = 0; i < 200 && !health.outbox.lastError; i++) {
            await new Promise((r) => setTimeout(r, 50));
            health = (await (await fetch(`${running.base}/healthz`)).json()) as typeof health;
        }
        expect(health.outbox.lastError).toMatch(/^E[A-Z]+/);
        expect(health.outbox.lastError).not.toMatch(/127\.0\.0\.1|localhost|:\d{2,5}/);
    });
});
