import * as fs from 'fs';
import jwt from 'jsonwebtoken';
import { AddressInfo } from 'net';
import * as path from 'path';
import { DirectLineStore } from '../../src/directline/store';
import { TOKEN_SECRET_FILE } from '../../src/directline/tokens';
import { openDatabase } from '../../src/storage/database';
import { EchoServer, startEchoServer, tempDataDir, WELCOME_TEXT } from './echoServer';

interface Json {
    [key: string]: unknown;
}

async function call(url: string, init: RequestInit = {}): Promise<{ status: number; body: Json; headers: Headers }> {
    const res = await fetch(url, init);
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Json) : {}, headers: res.headers };
}

function bearer(token: string, extra: Record<string, string> = {}): Record<string, string> {
    return { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...extra };
}

async function tokenFor(baseUrl: string, body: Json = {}): Promise<string> {
    const res = await call(`${baseUrl}/api/directline/token`, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
    return String(res.body.token);
}

async function startConversation(baseUrl: string, token: string): Promise<string> {
    const res = await call(`${baseUrl}/v3/directline/conversations`, { method: 'POST', headers: bearer(token), body: '{"user":{}}' });
    expect(res.status).toBe(201);
    return String(res.body.conversationId);
}

async function activities(baseUrl: string, token: string, conversationId: string, watermark = ''): Promise<{ activities: Json[]; watermark: unknown }> {
    const res = await call(`${baseUrl}/v3/directline/conversations/${conversationId}/activities?watermark=${watermark}`, { headers: bearer(token) });
    expect(res.status).toBe(200);
    return res.body as unknown as { activities: Json[]; watermark: unknown };
}

async function waitForActivities(baseUrl: string, token: string, conversationId: string, count: number): Promise<Json[]> {
    for (let i = 0; i < 200; i++) {
        const page = await activities(baseUrl, token, conversationId);
        if (page.activities.length >= count) return page.activities;
        await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`fewer than ${count} activities`);
}

describe('Direct Line endpoint: HTTP contract and input validation', () => {
    let dataDir: string;
    let app: EchoServer;
    let token: string;
    let conversationId: string;
    let base: string;

    beforeAll(async () => {
        dataDir = tempDataDir('dl-http');
        app = await startEchoServer(dataDir, { MAX_MESSAGE_LENGTH: '200' });
        base = app.baseUrl;
        token = await tokenFor(base, { locale: 'it-IT' });
        conversationId = await startConversation(base, token);
        await waitForActivities(base, token, conversationId, 1);
    });

    afterAll(async () => {
        await app.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('answers GETs with watermarks as strings, never numbers', async () => {
        const page = await activities(base, token, conversationId);
        expect(typeof page.watermark).toBe('string');
        expect(page.watermark).toBe('1');
        expect(page.activities[0]).toMatchObject({ type: 'message', text: WELCOME_TEXT, from: { role: 'bot' } });
        expect(page.activities[0].serviceUrl).toBeUndefined();
        expect((await activities(base, token, conversationId, '1')).activities).toEqual([]);
    });

    it('refuses missing and forged tokens with 401, expired ones with 403', async () => {
        const url = `${base}/v3/directline/conversations/${conversationId}/activities`;
        expect((await call(url)).status).toBe(401);
        const forged = `${token.slice(0, -4)}AAAA`;
        const res = await call(url, { headers: bearer(forged) });
        expect(res.status).toBe(401);
        expect(res.body).toEqual({ error: { code: 'Unauthorized', message: 'The token is not valid' } });
        expect((await call(`${base}/v3/directline/tokens/refresh`, { method: 'POST', headers: bearer('garbage') })).status).toBe(401);

        const secret = fs.readFileSync(path.join(dataDir, TOKEN_SECRET_FILE), 'utf8').trim();
        const user = (jwt.decode(token) as { user: string }).user;
        const expired = jwt.sign({ user }, secret, { algorithm: 'HS256', issuer: 'cpms-helpdesk-bot', audience: 'directline', expiresIn: -60 });
        const late = await call(url, { headers: bearer(expired) });
        expect(late.status).toBe(403);
        expect((late.body.error as Json).code).toBe('TokenExpired');
    });

    it('answers 404 for an unknown conversation and 403 for somebody else’s', async () => {
        const unknown = await call(`${base}/v3/directline/conversations/AAAAAAAAAAAAAAAAAAAAAA/activities`, { headers: bearer(token) });
        expect(unknown.status).toBe(404);
        const otherToken = await tokenFor(base);
        const foreign = await call(`${base}/v3/directline/conversations/${conversationId}/activities`, { headers: bearer(otherToken) });
        expect(foreign.status).toBe(403);
    });

    it('rejects malformed JSON and invalid activities with 400 and a clear message', async () => {
        const url = `${base}/v3/directline/conversations/${conversationId}/activities`;
        const malformed = await call(url, { method: 'POST', headers: bearer(token), body: '{"type": "message", "text": ' });
        expect(malformed.status).toBe(400);
        expect(malformed.body).toEqual({ error: { code: 'BadArgument', message: 'The request body is not valid JSON' } });

        const badType = await call(url, { method: 'POST', headers: bearer(token), body: JSON.stringify({ type: 'deleteUserData' }) });
        expect(badType.status).toBe(400);
        expect(String((badType.body.error as Json).message)).toContain("type must be 'message', 'event' or 'typing'");

        const array = await call(url, { method: 'POST', headers: bearer(token), body: '[1,2]' });
        expect(array.status).toBe(400);

        const tooLong = await call(url, { method: 'POST', headers: bearer(token), body: JSON.stringify({ type: 'message', text: 'x'.repeat(201) }) });
        expect(tooLong.status).toBe(400);
        expect(String((tooLong.body.error as Json).message)).toContain('longer than 200 characters');

        const empty = await call(url, { method: 'POST', headers: bearer(token) });
        expect(empty.status).toBe(400);
    });

    it('answers 413 for an over-large body', async () => {
        const url = `${base}/v3/directline/conversations/${conversationId}/activities`;
        const huge = JSON.stringify({ type: 'message', text: 'hi', channelData: { padding: 'x'.repeat(300_000) } });
        const res = await call(url, { method: 'POST', headers: bearer(token), body: huge });
        expect(res.status).toBe(413);
        expect((res.body.error as Json).code).toBe('PayloadTooLarge');
    });

    it('answers CORS preflights with 204 and the headers the clients send', async () => {
        for (const path of ['/api/directline/token', '/v3/directline/conversations', `/v3/directline/conversations/${conversationId}/activities`]) {
            const res = await fetch(`${base}${path}`, {
                method: 'OPTIONS',
                headers: { Origin: 'https://reconnet.example.org', 'Access-Control-Request-Method': 'POST' },
            });
            expect(res.status).toBe(204);
            expect(res.headers.get('access-control-allow-origin')).toBe('*');
            expect(res.headers.get('access-control-allow-headers')).toMatch(/x-ms-bot-agent/);
            expect(res.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
        }
        const get = await call(`${base}/v3/directline/conversations/${conversationId}/activities`, { headers: bearer(token) });
        expect(get.headers.get('access-control-allow-origin')).toBe('*');
    });

    it('refreshes a token and reconnects to a conversation', async () => {
        const refreshed = await call(`${base}/v3/directline/tokens/refresh`, { method: 'POST', headers: bearer(token) });
        expect(refreshed.status).toBe(200);
        expect(typeof refreshed.body.token).toBe('string');
        const again = await call(`${base}/v3/directline/conversations/${conversationId}?watermark=1`, { headers: bearer(String(refreshed.body.token)) });
        expect(again.status).toBe(200);
        expect(again.body.conversationId).toBe(conversationId);
    });

    it('accepts bot replies to an activity id it never issued and drops that replyToId', async () => {
        const before = (await activities(base, token, conversationId)).activities.length;
        // the connector routes answer only the bot: it replies to the service URL (with its secret) it was given
        const serviceUrl = app.bot.references.get(conversationId)?.serviceUrl;
        expect(serviceUrl).toMatch(/\/v3\/directline\/bot\/[\w-]+$/);
        const res = await call(`${serviceUrl}/v3/conversations/${conversationId}/activities/not-an-id-we-issued`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ type: 'message', text: 'late news', replyToId: 'not-an-id-we-issued' }),
        });
        expect(res.status).toBe(200);
        const all = await activities(base, token, conversationId);
        expect(all.activities).toHaveLength(before + 1);
        const last = all.activities[all.activities.length - 1];
        expect(last).toMatchObject({ text: 'late news', id: res.body.id, from: { role: 'bot' } });
        expect(last.replyToId).toBeUndefined();

        const unknownConversation = await call(`${serviceUrl}/v3/conversations/AAAAAAAAAAAAAAAAAAAAAA/activities`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ type: 'message', text: 'x' }),
        });
        expect(unknownConversation.status).toBe(404);
    });

    it('keeps at most the configured number of activities and expires idle conversations', async () => {
        let now = Date.now();
        const limited = await startLimited(() => now);
        try {
            const t = await tokenFor(limited.baseUrl);
            const conv = await startConversation(limited.baseUrl, t);
            await waitForActivities(limited.baseUrl, t, conv, 1);
            for (let i = 0; i < 4; i++) {
                const res = await call(`${limited.baseUrl}/v3/directline/conversations/${conv}/activities`, {
                    method: 'POST',
                    headers: bearer(t),
                    body: JSON.stringify({ type: 'message', text: `m${i}` }),
                });
                expect(res.status).toBe(200);
            }
            const kept = (await activities(limited.baseUrl, t, conv)).activities.map((a) => a.text);
            expect(kept).toEqual(['m2', 'You said: m2', 'm3', 'You said: m3']);

            now += 8 * 24 * 3600 * 1000;
            expect(limited.expireIdle()).toBeGreaterThanOrEqual(1);
            const gone = await call(`${limited.baseUrl}/v3/directline/conversations/${conv}/activities`, { headers: bearer(t) });
            expect(gone.status).toBe(404);
        } finally {
            await limited.close();
        }
    });
});

/** A server with tiny limits and a movable clock (tokens still use real time). */
async function startLimited(now: () => number): Promise<{ baseUrl: string; expireIdle(): number; close(): Promise<void> }> {
    const restify = await import('restify');
    const { loadConfig } = await import('../../src/config');
    const { createAdapter } = await import('../../src/adapter');
    const { openDatabase } = await import('../../src/storage/database');
    const { registerDirectLine } = await import('../../src/directline/directLine');
    const { EchoBot } = await import('./echoServer');
    const dir = tempDataDir('dl-limited');
    const config = loadConfig({ DATA_DIR: dir });
    const db = openDatabase(config.databaseFile);
    const server = restify.createServer();
    const bot = new EchoBot();
    let baseUrl = '';
    const handle = registerDirectLine(server, {
        adapter: createAdapter(config),
        logic: (context) => bot.run(context),
        db,
        config,
        serviceUrl: () => baseUrl,
        limits: { maxActivitiesPerConversation: 4 },
        now,
        logger: { warn: () => undefined, error: () => undefined },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return {
        baseUrl,
        expireIdle: () => handle.expireIdle(),
        close: async () => {
            handle.close();
            await new Promise<void>((resolve) => server.close(() => resolve()));
            db.close();
            fs.rmSync(dir, { recursive: true, force: true });
        },
    };
}

describe('DirectLineStore', () => {
    it('gives an empty conversation the watermark "0" and numbers activities from 1', () => {
        const db = openDatabase(':memory:');
        try {
            const store = new DirectLineStore(db);
            const conversation = store.createConversation('dl_testuser1', 'en-US');
            expect(store.activitiesAfter(conversation.id, '')).toEqual({ activities: [], watermark: '0' });
            const stored = store.append(conversation.id, { type: 'message', text: 'hello' });
            expect(stored.id).toBe(`${conversation.id}|0000001`);
            expect(store.activitiesAfter(conversation.id, '0').watermark).toBe('1');
            expect(store.activitiesAfter(conversation.id, 'not-a-number').activities).toHaveLength(1);
        } finally {
            db.close();
        }
    });

    it("keeps only a visitor's newest conversations", () => {
        const db = openDatabase(':memory:');
        try {
            const store = new DirectLineStore(db, { maxConversationsPerUser: 2 });
            const ids = [1, 2, 3].map(() => store.createConversation('dl_testuser2', undefined).id);
            expect(store.getConversation(ids[0])).toBeUndefined();
            expect(store.getConversation(ids[2])).toBeDefined();
        } finally {
            db.close();
        }
    });
});
