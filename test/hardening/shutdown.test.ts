import * as fs from 'fs';
import type { Activity } from 'botbuilder';
import { tempDir } from '../support/tempDir';
import { hangingServer, post, replyText, scriptMessage, startBotProcess } from './botProcess';

/** Issue 15, "Also": SIGTERM finishes the turns in progress and exits 0. */
test('SIGTERM during a turn: the turn is answered, then the process exits with 0', async () => {
    const dir = tempDir();
    const bot = await startBotProcess(dir);
    // A Teams turn that waits 2.5 s for a roster that never answers: surely in progress at SIGTERM.
    const hanging = await hangingServer();
    const teams = (text: string) =>
        scriptMessage(text, { channelId: 'msteams', serviceUrl: `http://127.0.0.1:${hanging.port}/`, from: { id: '29:shutdown-user', name: 'User' }, conversation: { id: 'a:shutdown' } as Activity['conversation'] });
    try {
        await post(bot.base, teams('Contact the helpdesk'));
        const pending = post(bot.base, teams('yes'));
        await new Promise((resolve) => setTimeout(resolve, 1000));
        bot.child.kill('SIGTERM');
        const answered = await pending;
        expect(answered.status).toBe(200);
        expect(replyText(answered.replies)).toMatch(/What is your name\?/);
        expect(await bot.exited).toEqual({ code: 0, signal: null });
        expect(bot.output()).toMatch(/"msg":"stopped"/);
    } finally {
        await bot.stop();
        await hanging.close();
        fs.rmSync(dir, { recursive: true, force: true });
    }
}, 60000);
