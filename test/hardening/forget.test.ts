import * as fs from 'fs';
import { createApp, App } from '../../src/app';
import { createLogger } from '../../src/log';
import { tempDir } from '../support/tempDir';
import { loadConfig } from '../../src/config';
import { activities, postText, requestToken, startConversation, waitForBotMessages } from './directLineClient';

/** Issue 15, item 3: "forget me" leaves nothing behind, in any store, on disk included. */
describe('forget me removes the user from every store, now', () => {
    let dir: string;
    let app: App;
    let base: string;

    beforeEach(async () => {
        dir = tempDir();
        app = createApp(loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', PORT: '0' }), createLogger('silent'));
        base = await app.listen(0, '127.0.0.1');
    });
    afterEach(async () => {
        await app.close();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    /** Every byte SQLite keeps on disk: the database and its write-ahead log. */
    function diskBytes(): string {
        return ['bot.sqlite', 'bot.sqlite-wal']
            .map((f) => `${dir}/${f}`)
            .filter((f) => fs.existsSync(f))
            .map((f) => fs.readFileSync(f).toString('latin1'))
            .join('');
    }

    test('the other conversation, the Direct Line copies and the deleted text on disk are gone', async () => {
        const token = String((await requestToken(base)).body.token);
        // Conversation A: the user types their name into the helpdesk hand-over, then cancels.
        const a = (await startConversation(base, token)).conversationId;
        await waitForBotMessages(base, token, a, 1);
        expect(await postText(base, token, a, 'Contact the helpdesk')).toBe(200);
        expect(await postText(base, token, a, 'yes')).toBe(200);
        expect(await postText(base, token, a, 'Quokkafish Zebrawski')).toBe(200);
        const before = await activities(base, token, a);
        expect(JSON.stringify(before.activities)).toContain('Quokkafish Zebrawski');
        const stateKeysOfA = app.runtime.db.prepare('SELECT key FROM bot_state WHERE key LIKE ?').all(`%${a}%`);
        expect(stateKeysOfA.length).toBeGreaterThan(0);
        expect(diskBytes()).toContain('Quokkafish');

        // Conversation B, later: "forget me".
        const b = (await startConversation(base, token)).conversationId;
        await waitForBotMessages(base, token, b, 1);
        expect(await postText(base, token, b, 'forget me')).toBe(200);
        expect(await postText(base, token, b, 'yes')).toBe(200);

        // The Direct Line copy of A is no longer served to the user's token.
        const after = await activities(base, token, a);
        expect(JSON.stringify(after.activities)).not.toContain('Quokkafish');
        // B keeps only the bot's confirmation, nothing the user typed.
        const inB = await activities(base, token, b);
        expect(inB.activities.every((x) => (x.from as { role?: string }).role === 'bot')).toBe(true);
        expect(JSON.stringify(inB.activities)).toMatch(/deleted/);
        // No state of A (the dialog state held the name), no transcripts.
        expect(app.runtime.db.prepare('SELECT key FROM bot_state WHERE key LIKE ?').all(`%${a}%`)).toEqual([]);
        expect(app.runtime.db.prepare("SELECT COUNT(*) AS n FROM transcript_activity WHERE activity LIKE '%Quokkafish%'").get()).toEqual({ n: 0 });
        // And not on disk: neither in free pages of the database nor in the write-ahead log.
        expect(diskBytes()).not.toContain('Quokkafish');
    });
});
