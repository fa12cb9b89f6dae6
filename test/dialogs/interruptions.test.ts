import { Activity } from 'botbuilder';
import { buttons, createTestBot, TestBot, visibleText } from '../support/testBot';
import { SUPPORTED_LANGUAGES, translator } from '../../src/i18n';

/** The member journey, typed; every prefix of it leaves the user at a different prompt. */
const MEMBER_JOURNEY = ['start', 'member', 'no', 'done', 'yes', 'done', 'reconnet', 'we are in Italy', 'yes', 'Hospital of Nowhereville', 'careggi', 'yes', 'HP', 'done'];

/** The last thing the bot asked: the text of its last reply. */
const lastPrompt = (replies: Partial<Activity>[]) => replies[replies.length - 1]?.text ?? '';
/** The buttons of the last reply. */
const lastButtons = (replies: Partial<Activity>[]) => (replies.length ? buttons(replies[replies.length - 1]) : []);

describe('interruptions at every prompt of the journey', () => {
    let bot: TestBot;
    beforeAll(() => {
        bot = createTestBot();
    });
    afterAll(() => bot.close());

    test.each(MEMBER_JOURNEY.map((_, i) => [i, MEMBER_JOURNEY[i - 1] ?? '(welcome)']))(
        'after %i answers (last: %s) a question is answered and the same prompt asked again; so is "help"',
        async (count) => {
            const user = bot.conversation('en-US', { conversationId: `interrupt-${count}`, userId: `interrupt-user-${count}` });
            let replies = await user.join();
            for (const text of MEMBER_JOURNEY.slice(0, count as number)) replies = await user.say(text);
            const prompt = lastPrompt(replies);
            expect(prompt).not.toBe('');

            const answered = await user.say('Which browsers does CPMS support?');
            expect(answered.map(visibleText).join('\n')).toMatch(/Chrome/);
            // At the menu the FAQ dialog asks "Was this helpful?"; everywhere else the prompt comes back
            // in one line ("Back to step 1 (EU Login): …") with its own buttons, not the whole step.
            if ((count as number) > 0) {
                expect(lastPrompt(answered)).toMatch(/^Back to (step \d \(|where we were)/);
                expect(lastPrompt(answered).length).toBeLessThan(prompt.length + 60);
                expect(lastButtons(answered)).toEqual(lastButtons(replies));
            }

            const helped = await user.say('help');
            expect(helped.map(visibleText).join('\n')).toMatch(/\*\*menu\*\*/);
            expect(lastPrompt(helped)).toMatch(/^Back to (step \d \(|where we were)/);
            expect(lastButtons(helped)).toEqual(lastButtons(answered));
        },
    );
});

describe('commands at every prompt of the journey', () => {
    let bot: TestBot;
    beforeAll(() => {
        bot = createTestBot();
    });
    afterAll(() => bot.close());

    test.each(MEMBER_JOURNEY.map((_, i) => [i]))('after %i answers: helpdesk then cancel comes back to the same prompt; back, skip and language never fail', async (count) => {
        const user = bot.conversation('en-US', { conversationId: `commands-${count}`, userId: `commands-user-${count}` });
        let replies = await user.join();
        for (const text of MEMBER_JOURNEY.slice(0, count as number)) replies = await user.say(text);
        const prompt = lastPrompt(replies);

        expect((await user.say('helpdesk')).map(visibleText).join('\n')).toMatch(/ReCONNET helpdesk/);
        const cancelled = await user.say('cancel');
        expect(cancelled.map(visibleText).join('\n')).toMatch(/not sent anything/);
        // at the menu, "helpdesk" is its button: the menu comes back afterwards ("What else …")
        if ((count as number) > 0) expect(lastPrompt(cancelled)).toBe(prompt);
        expect(lastButtons(cancelled)).toEqual(lastButtons(replies));

        for (const command of ['back', 'skip', 'language it', 'indietro', 'language en']) {
            const answer = await user.say(command);
            const text = answer.map(visibleText).join('\n');
            for (const lng of SUPPORTED_LANGUAGES) expect(text).not.toContain(translator(lng)('common:errors.apology'));
            expect(lastPrompt(answer)).not.toBe('');
        }
    });
});

describe('a restart at every prompt of the journey', () => {
    // Up to "HP": the recap comes after it.
    test.each(MEMBER_JOURNEY.slice(0, MEMBER_JOURNEY.indexOf('HP') + 1).map((_, i) => [i]))('restarting after %i answers loses nothing: the journey still reaches the recap', async (count) => {
        const first = createTestBot();
        const before = first.conversation('en-US');
        await before.join();
        for (const text of MEMBER_JOURNEY.slice(0, count as number)) await before.say(text);
        await first.close();

        const second = createTestBot({}, first.dir);
        try {
            const after = second.conversation('en-US');
            let replies: Partial<Activity>[] = [];
            for (const text of MEMBER_JOURNEY.slice(count as number)) replies = replies.concat(await after.say(text));
            expect(replies.map(visibleText).join('\n')).toMatch(/"Organisation","value":"IT13 - AOU Careggi, Florence"/);
        } finally {
            await second.close();
        }
    });
});
