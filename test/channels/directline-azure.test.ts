import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import { EchoServer, startEchoServer, tempDataDir } from './echoServer';

const SECRET = 'fake-azure-direct-line-secret-for-tests';

/** What the fake Azure Direct Line saw. */
interface Seen {
    authorization?: string;
    path?: string;
    body?: { user?: { id?: string } };
}

/** A stand-in for Azure's `POST /v3/directline/tokens/generate` on 127.0.0.1. */
async function startFakeAzure(seen: Seen[]): Promise<{ endpoint: string; close(): Promise<void> }> {
    const server = http.createServer((req, res) => {
        let raw = '';
        req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
        req.on('end', () => {
            seen.push({ authorization: req.headers.authorization, path: req.url, body: raw ? JSON.parse(raw) : undefined });
            if (req.method !== 'POST' || req.url !== '/v3/directline/tokens/generate' || req.headers.authorization !== `Bearer ${SECRET}`) {
                // restify patches http.ServerResponse: writeHead no longer returns `this`.
                res.statusCode = 403;
                res.end();
                return;
            }
            res.statusCode = 200;
            res.setHeader('Content-Type', 'application/json');
            res.end(JSON.stringify({ conversationId: 'AzureConv123', token: 'azure-issued-token', expires_in: 3600 }));
        });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
        endpoint: `http://127.0.0.1:${port}/v3/directline`,
        close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
}

async function requestToken(baseUrl: string, body: Record<string, unknown> = {}): Promise<{ status: number; text: string }> {
    const res = await fetch(`${baseUrl}/api/directline/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, text: await res.text() };
}

describe('token endpoint with DIRECT_LINE_SECRET (Azure Direct Line)', () => {
    const seen: Seen[] = [];
    let azure: { endpoint: string; close(): Promise<void> };
    let app: EchoServer;
    let dataDir: string;

    beforeAll(async () => {
        azure = await startFakeAzure(seen);
        dataDir = tempDataDir('dl-azure');
        app = await startEchoServer(dataDir, { DIRECT_LINE_SECRET: SECRET, DIRECT_LINE_ENDPOINT: azure.endpoint });
    });

    afterAll(async () => {
        await app.close();
        await azure.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it("exchanges the secret at Azure for a token bound to the visitor's id, never revealing the secret", async () => {
        const res = await requestToken(app.baseUrl, { locale: 'en-GB' });
        expect(res.status).toBe(200);
        expect(res.text).not.toContain(SECRET);
        const body = JSON.parse(res.text) as Record<string, unknown>;
        expect(body).toMatchObject({ token: 'azure-issued-token', conversationId: 'AzureConv123', domain: azure.endpoint, expires_in: 3600 });
        const call = seen.at(-1);
        expect(call?.authorization).toBe(`Bearer ${SECRET}`);
        expect(call?.body?.user?.id).toBe(body.userId);

        const again = JSON.parse((await requestToken(app.baseUrl, { previousToken: body.identityToken })).text) as Record<string, unknown>;
        expect(again.userId).toBe(body.userId);
    });

    it("does not serve the bot's own Direct Line when Azure's is configured", async () => {
        const res = await fetch(`${app.baseUrl}/v3/directline/conversations`, { method: 'POST' });
        expect(res.status).toBe(404);
    });

    it('answers 502 when Azure refuses or is unreachable', async () => {
        const wrong = await startEchoServer(tempDataDir('dl-azure-wrong'), { DIRECT_LINE_SECRET: 'a-different-secret', DIRECT_LINE_ENDPOINT: azure.endpoint });
        try {
            const res = await requestToken(wrong.baseUrl);
            expect(res.status).toBe(502);
            expect(JSON.parse(res.text)).toEqual({ error: { code: 'DirectLineUnavailable', message: 'Direct Line is not reachable right now' } });
        } finally {
            await wrong.close();
            fs.rmSync(wrong.config.dataDir, { recursive: true, force: true });
        }
    });
});

describe('token endpoint with a MicrosoftAppId but no DIRECT_LINE_SECRET', () => {
    it('explains with 503 that the web chat needs Azure Direct Line', async () => {
        const app = await startEchoServer(tempDataDir('dl-appid'), { MicrosoftAppId: '11111111-2222-3333-4444-555555555555', MicrosoftAppPassword: 'x' });
        try {
            const res = await requestToken(app.baseUrl);
            expect(res.status).toBe(503);
            expect(res.text).toContain('DIRECT_LINE_SECRET');
        } finally {
            await app.close();
            fs.rmSync(app.config.dataDir, { recursive: true, force: true });
        }
    });
});
