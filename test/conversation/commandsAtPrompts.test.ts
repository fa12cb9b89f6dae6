import { createTestBot, said, TestBot, TestConversation } from '../support/testBot';

/**
 * At an organisation question a sentence is read for a name first, then for the sense of its
 * words; a sentence that asks to leave the prompt (forget me, the helpdesk) beats that sense,
 * even when it shares a word with a button ("all").
 */
describe('commands typed as sentences at the country question', () => {
    let bot: TestBot;
    let user: TestConversation;

    beforeEach(async () => {
        bot = createTestBot();
        user = bot.conversation('en-US');
        await user.join();
        for (const text of ['start', 'member', 'yes', 'yes', 'done']) await user.say(text);
        expect(said(await user.say('reconnet'))).toMatch(/Which country is it\?/);
    });
    afterEach(() => bot.close());

    test('"please delete all my data" asks to confirm forgetting, not the list of all countries', async () => {
        const reply = said(await user.say('please delete all my data'));
        expect(reply).toMatch(/delete what I store about you/);
        expect(reply).not.toMatch(/Show all countries/);
    });

    test('"show me all" still lists the countries', async () => {
        expect(said(await user.say('show me all'))).toMatch(/Italy/);
    });

    test('"I don\'t know, can I see them all?" stays with the prompt', async () => {
        expect(said(await user.say("I don't know, can I see them all?"))).not.toMatch(/delete what I store|helpdesk/i);
    });
});
