import { Activity } from 'botbuilder';
import * as fs from 'fs';
import { createApp, App } from '../../src/app';
import { createLogger } from '../../src/log';
import { tempDir } from '../support/tempDir';
import { testConfig } from '../support/testBot';
import { message, said, send } from '../support/http';

describe('the HTTP server', () => {
    let dir: string;
    let app: App;
    let base: string;

    beforeEach(async () => {
        dir = tempDir();
        app = createApp(testConfig(dir), createLogger('silent'));
        base = await app.listen(0, '127.0.0.1');
    });
    afterEach(async () => {
        await app.close();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    test('GET /healthz reports ok and the outbox', async () => {
        const response = await fetch(`${base}/healthz`);
        expect(response.status).toBe(200);
        expect(await response.json()).toMatchObject({ status: 'ok', outbox: { pending: 0 } });
    });

    test('answers expectReplies activities in the response body', async () => {
        const { status, replies } = await send(base, message('hello'));
        expect(status).toBe(200);
        expect(said(replies)).toMatch(/What would you like to do/);
    });

    test('a script needs only type, text, from and conversation with expectReplies', async () => {
        const minimal = { type: 'message', text: 'start', deliveryMode: 'expectReplies', from: { id: 'script-user' }, conversation: { id: 'script-conversation' } } as Partial<Activity>;
        const { status, replies } = await send(base, minimal);
        expect(status).toBe(200);
        expect(said(replies)).toMatch(/full member/);
        // Without expectReplies there is nowhere to send the replies: refused clearly.
        const response = await fetch(`${base}/api/messages`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ ...minimal, deliveryMode: undefined }),
        });
        expect(response.status).toBe(400);
        expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/channelId|serviceUrl/);
    });

    test.each([
        ['malformed JSON', '{"type": "message", ', 400],
        ['a missing activity type', JSON.stringify({ text: 'hi', conversation: { id: 'c' } }), 400],
        ['an array', '[]', 400],
        ['an empty body', '', 400],
    ])('refuses %s with 400 and a clear message', async (_name, body, expected) => {
        const response = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
        expect(response.status).toBe(expected);
        const json = (await response.json()) as { error: { message: string } };
        expect(json.error.message).toMatch(/\w/);
    });

    test('the first message of a conversation is followed: a question is answered, a hospital found, a stray word welcomed', async () => {
        const first = (text: string, id: string) => send(base, message(text, { conversation: { id } as never, from: { id: `user-${id}`, name: 'User' } }));
        expect(said((await first('How long does the approval take?', 'q')).replies)).toMatch(/few days/);
        expect(said((await first('AOU Pisana', 'h')).replies)).toMatch(/IT08 - AOU Pisana/);
        const stray = said((await first('ok', 's')).replies);
        expect(stray).toMatch(/What would you like to do/);
        expect(stray).not.toMatch(/did not understand/);
    });

    test('a message over 4,000 characters gets a polite refusal and the conversation goes on', async () => {
        const long = await send(base, message('x'.repeat(4001)));
        expect(long.status).toBe(200);
        expect(said(long.replies)).toMatch(/too long/);
        const next = await send(base, message('start'));
        expect(said(next.replies)).toMatch(/full member/);
    });

    test('an empty message and an unknown command get clear answers', async () => {
        expect(said((await send(base, message(''))).replies)).toMatch(/did not receive any text/);
        await send(base, message('menu'));
        expect(said((await send(base, message('xyzzy'))).replies)).toMatch(/did not understand/);
    });

    test('a restart in the middle of the journey continues at the same step', async () => {
        await send(base, message('start'));
        await send(base, message('member'));
        expect(said((await send(base, message('yes'))).replies)).toMatch(/Step 2 of 4/);
        await app.close();
        app = createApp(testConfig(dir), createLogger('silent'));
        base = await app.listen(0, '127.0.0.1');
        // The pending question survived: "yes" answers step 2 and moves to step 3.
        expect(said((await send(base, message('yes'))).replies)).toMatch(/Step 3 of 4/);
    });

    test('a turn that fails gets a translated apology, its dialog state is cleared, and the next message works', async () => {
        await send(base, message('start', { locale: 'ro-RO' }));
        // Corrupt the stored dialog stack the way a bad deployment could: the dialog id no longer exists.
        const key = 'test/conversations/http-conversation/';
        const stored = (await app.runtime.storage.read([key]))[key];
        stored.dialogState.dialogStack[0].id = 'a-dialog-that-does-not-exist';
        await app.runtime.storage.write({ [key]: { ...stored, eTag: '*' } });

        const failed = await send(base, message('da', { locale: 'ro-RO' }));
        expect(failed.status).toBe(200);
        expect(said(failed.replies)).toMatch(/Ne pare rău|Îmi pare rău/);
        expect((await app.runtime.storage.read([key]))[key]).toBeUndefined();

        const next = await send(base, message('start', { locale: 'ro-RO' }));
        expect(said(next.replies)).toMatch(/membru/i);
    });
});
