import * as fs from 'fs';
import type { Activity } from 'botbuilder';
import { tempDir } from '../support/tempDir';
import { BotProcess, hangingServer, post as send, refusingPort, replyText as said, scriptMessage as message, startBotProcess } from './botProcess';

/**
 * Issue 15, item 0: on Teams, "hi" → "Contact the helpdesk" → "yes" makes the escalation ask the
 * channel for the member's e-mail. When the channel refuses or hangs, the turn outlives the typing
 * delay; the typing indicator's late failure used to read the revoked turn context and end the
 * whole process with an unhandled rejection.
 */
describe('a Teams user whose channel refuses or hangs cannot bring the bot down', () => {
    let dir: string;
    let bot: BotProcess | undefined;
    let hanging: Awaited<ReturnType<typeof hangingServer>> | undefined;

    beforeEach(() => {
        dir = tempDir();
    });
    afterEach(async () => {
        await bot?.stop();
        await hanging?.close();
        bot = undefined;
        hanging = undefined;
        fs.rmSync(dir, { recursive: true, force: true });
    });

    const teams = (serviceUrl: string, conversation: string) => (text: string): Partial<Activity> =>
        message(text, {
            channelId: 'msteams',
            serviceUrl,
            from: { id: `29:teams-user-${conversation}`, name: 'User' },
            conversation: { id: `a:${conversation}`, conversationType: 'personal' } as Activity['conversation'],
        });

    async function helpdeskPathSurvives(serviceUrl: string): Promise<void> {
        bot = await startBotProcess(dir);
        const say = teams(serviceUrl, 'one');
        expect((await send(bot.base, say('hi'))).status).toBe(200);
        expect((await send(bot.base, say('Contact the helpdesk'))).status).toBe(200);
        const consent = await send(bot.base, say('yes'));
        expect(consent.status).toBe(200);
        // The roster gave nothing in time: the bot asks the user instead.
        expect(said(consent.replies)).toMatch(/What is your name\?/);
        // Typing indicators of the slow turn have had time to fail (period 2 s) after the turn ended.
        await new Promise((resolve) => setTimeout(resolve, 4500));
        expect(bot.child.exitCode).toBeNull();
        const name = await send(bot.base, say('Test Example'));
        expect(said(name.replies)).toMatch(/e-mail address/);
        // And everyone else is still served.
        const other = await send(bot.base, message('start', { conversation: { id: 'someone-else' } as Activity['conversation'], from: { id: 'other-user', name: 'User' } }));
        expect(said(other.replies)).toMatch(/full member/);
        expect(bot.output()).not.toMatch(/Cannot perform 'get' on a proxy that has been revoked/);
    }

    test('the service URL refuses connections', async () => {
        await helpdeskPathSurvives(`http://127.0.0.1:${await refusingPort()}/`);
    }, 60000);

    test('the service URL accepts and never answers', async () => {
        hanging = await hangingServer();
        await helpdeskPathSurvives(`http://127.0.0.1:${hanging.port}/`);
    }, 60000);
});
