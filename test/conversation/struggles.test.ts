import * as fs from 'fs';
import * as path from 'path';
import { simpleParser } from 'mailparser';
import { createTestBot, TestBot } from '../support/testBot';

/** The helpdesk e-mail says where the user struggled: questions asked again and steps where they said "stuck". */
describe('the escalation e-mail lists where the user was asked again or said stuck', () => {
    let bot: TestBot;
    beforeAll(() => {
        bot = createTestBot();
    });
    afterAll(() => bot.close());

    test('two answers not understood at step 1, then stuck, then the hand-over', async () => {
        const user = bot.conversation('en-US', { userId: 'struggling-user', conversationId: 'struggling' });
        await user.join();
        await user.say('start');
        await user.say('member');
        for (const text of ['blorp', 'zzz qqq']) {
            const retry = (await user.say(text)).map((a) => a.text).join('\n');
            expect(retry).toMatch(/Please answer \*\*yes\*\* or \*\*no\*\*/);
        }
        await user.say("I'm stuck");
        await user.say('can I talk to a person?');
        await user.say('yes');
        await user.say('Dr. Test Example');
        await user.say('dr.test@example.org');
        await user.say('I cannot create the account');
        const sent = (await user.say('yes')).map((a) => a.text).join('\n');
        expect(sent).toMatch(/RCN-\d{8}-/);

        await bot.runtime.sender.flushOnce();
        const outbox = bot.config.outboxDir;
        const files = fs.readdirSync(outbox).filter((f) => f.endsWith('.eml'));
        expect(files).toHaveLength(1);
        const text = (await simpleParser(fs.readFileSync(path.join(outbox, files[0])))).text ?? '';
        expect(text).toMatch(/Asked again \(answer not understood\):\s+- [^\n]*EU Login[^\n]*: 2 times/);
        expect(text).toMatch(/Said they were stuck at:\s+[^\n]*EU Login/);
    });
});
