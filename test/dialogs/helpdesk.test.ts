import * as fs from 'fs';
import * as path from 'path';
import { buttons, createTestBot, said, TestBot, TestConversation } from '../support/testBot';

const all = said;

describe('escalation to the helpdesk', () => {
    let bot: TestBot;
    let user: TestConversation;
    beforeEach(async () => {
        bot = createTestBot();
        user = bot.conversation('en-US', { userName: 'Dr. Test Example' });
        await user.join();
    });
    afterEach(() => bot.close());

    async function flushOutbox(): Promise<string[]> {
        await bot.runtime.sender.flushOnce();
        const dir = bot.config.outboxDir;
        return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.eml')).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')) : [];
    }

    test('from a step: consent, prefilled name, validated e-mail, summary, reference; the .eml carries the journey', async () => {
        await user.say('start');
        await user.say('member');
        await user.say('yes');
        await user.say('no');
        const consent = await user.say('helpdesk');
        expect(all(consent)).toMatch(/our conversation so far/);
        const name = await user.say('yes');
        expect(all(name)).toMatch(/your name/);
        expect(name.flatMap(buttons)).toContain('Dr. Test Example');
        await user.say('Dr. Test Example');
        expect(all(await user.say('not-an-address'))).toMatch(/does not look like an e-mail/);
        expect(all(await user.say('dr.test@example.org'))).toMatch(/describe briefly/);
        const summary = all(await user.say('The SMS code never arrives.'));
        expect(summary).toMatch(/dr\.test@example\.org/);
        expect(summary).toMatch(/Step 2 of 4/);
        const sent = all(await user.say('send to the helpdesk'));
        const reference = /RCN-\d{8}-[A-Z0-9]{4}/.exec(sent)?.[0];
        expect(reference).toBeDefined();
        // After the hand-over the same step is asked again.
        expect(sent).toMatch(/Type \*\*done\*\* when your phone is linked/);

        const mails = await flushOutbox();
        expect(mails).toHaveLength(1);
        expect(mails[0]).toContain(reference!);
        expect(mails[0]).toMatch(/Subject: \[CPMS access\]/);
        expect(mails[0]).toMatch(/Reply-To: .*dr\.test@example\.org/);
    });

    test('markup in the name or description is shown inert in the summary', async () => {
        await user.say('helpdesk');
        await user.say('yes');
        await user.say('[click](https://evil.example.org) <b>Dr</b>');
        await user.say('dr.test@example.org');
        const summary = all(await user.say('**bold** ![img](https://evil.example.org/x.png)'));
        expect(summary).not.toMatch(/\]\(https/);
        expect(summary).toContain('\\[click\\]\\(https://evil.example.org\\)');
        expect(summary).toContain('\\*\\*bold\\*\\*');
    });

    test('cancel at any point sends nothing', async () => {
        await user.say('contact the helpdesk');
        await user.say('yes');
        await user.say('Dr. Test Example');
        expect(all(await user.say('cancel'))).toMatch(/not sent anything/);
        expect(await flushOutbox()).toHaveLength(0);
    });

    test('"human" and "operator" reach the helpdesk from anywhere; Romanian words too', async () => {
        expect(all(await user.say('human'))).toMatch(/ReCONNET helpdesk/);
        const ro = bot.conversation('ro-RO', { conversationId: 'ro', userId: 'ro-user' });
        await ro.join();
        expect(all(await ro.say('operator'))).toMatch(/helpdesk/);
    });
});

describe('questions', () => {
    let bot: TestBot;
    let user: TestConversation;
    beforeEach(async () => {
        bot = createTestBot();
        user = bot.conversation('en-US');
        await user.join();
    });
    afterEach(() => bot.close());

    test('a question typed at the menu is answered, then "Was this helpful?" is counted', async () => {
        const answer = all(await user.say('Which browsers are supported?'));
        expect(answer).toMatch(/Chrome/);
        expect(answer).toMatch(/Was this helpful/);
        expect(all(await user.say('yes'))).toMatch(/Glad/);
        const report = bot.runtime.feedback.report();
        expect(JSON.stringify(report)).toMatch(/supported-browsers/);
    });

    test('"thanks!" under an answer says it helped, and "thank you, bye" at the menu is no unanswered question', async () => {
        await user.say('Which browsers are supported?');
        expect(all(await user.say('thanks!'))).toMatch(/Glad it helped/);
        expect(all(await user.say('thank you, bye'))).toMatch(/You're welcome!/);
        expect(bot.runtime.feedback.report().unanswered).toEqual([]);
        // still a question when it asks one
        expect(all(await user.say('thanks, but how do I log in?'))).toMatch(/Login via EU Login/);
    });

    test('thanks in German, at the menu', async () => {
        const german = bot.conversation('de-DE', { userId: 'user-de', conversationId: 'conversation-de' });
        await german.join();
        expect(all(await german.say('danke schön'))).toMatch(/Gern geschehen!/);
        expect(bot.runtime.feedback.report().unanswered).toEqual([]);
    });

    test('medical questions are declined', async () => {
        expect(all(await user.say('What dose of prednisone should I give for lupus?'))).toMatch(/medical advice/);
    });

    test('an unknown question is admitted, recorded redacted, and the helpdesk offered', async () => {
        await user.say('ask a question');
        const reply = await user.say('Can I park my car at the hospital in Pisa? My name is Test Example, phone +39 333 1234567');
        expect(all(reply)).toMatch(/don't know/);
        expect(reply.flatMap(buttons)).toContain('Contact the helpdesk');
        const report = JSON.stringify(bot.runtime.feedback.report());
        expect(report).toMatch(/park my car/);
        expect(report).not.toMatch(/1234567|Test Example/);
    });
});

describe('forget me', () => {
    test('deletes state and transcripts after confirmation', async () => {
        const bot = createTestBot();
        try {
            const user = bot.conversation('en-US');
            await user.join();
            await user.say('start');
            await user.say('member');
            expect((await bot.runtime.transcripts.getTranscriptActivities('test', 'conversation-1')).items.length).toBeGreaterThan(0);
            expect(all(await user.say('forget me'))).toMatch(/delete/);
            expect(all(await user.say('yes'))).toMatch(/deleted/);
            expect((await bot.runtime.transcripts.getTranscriptActivities('test', 'conversation-1')).items).toHaveLength(0);
            const state = await bot.runtime.storage.read(['test/users/user-1/', 'test/conversations/conversation-1/']);
            expect(Object.keys(state)).toHaveLength(0);
            // A new message starts from scratch: no resume offer.
            expect(all(await user.say('hello'))).not.toMatch(/Welcome back/);
        } finally {
            await bot.close();
        }
    });
});

describe('Microsoft Teams', () => {
    test('welcomes in personal scope only, strips @mentions in channels', async () => {
        const bot = createTestBot();
        try {
            const personal = bot.conversation('en-US', { channelId: 'msteams' });
            const added = await personal.send({ type: 'conversationUpdate', membersAdded: [{ id: 'bot', name: 'Bot' }], recipient: { id: 'bot', name: 'Bot' } });
            expect(all(added)).toMatch(/CPMS access assistant/);

            const team = bot.conversation('en-US', { channelId: 'msteams', conversationId: 'team-channel', conversationType: 'channel' });
            const teamAdded = await team.send({
                type: 'conversationUpdate',
                membersAdded: [{ id: 'someone', name: 'Someone' }],
            });
            expect(teamAdded).toHaveLength(0);

            const mentioned = await team.say('<at>CPMS Bot</at> help', {
                entities: [{ type: 'mention', mentioned: { id: 'bot', name: 'CPMS Bot' }, text: '<at>CPMS Bot</at>' }],
            });
            expect(all(mentioned)).toMatch(/Commands that work at any time/);
        } finally {
            await bot.close();
        }
    });
});
