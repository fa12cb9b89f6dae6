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

/**
 * A question the FAQ cannot answer, typed at a guide prompt, gets an honest "I don't know" (kept
 * for the helpdesk) and the prompt again, in every language: asking the prompt again as if the
 * user had not spoken ignored them.
 */
describe('a question the bot cannot answer, typed at a guide prompt', () => {
    let bot: TestBot;
    afterEach(() => bot.close());

    test.each([
        ['en-US', 'do I need to use my hospital e-mail address for this?', /don't know the answer to that one/, /Back to step 1/],
        ['it-IT', "quanto costa il parcheggio dell'ospedale per i medici esterni?", /non conosco la risposta/, /passo 1/i],
        ['fr-FR', 'est-ce que cette étape donne droit à des crédits de formation continue ?', /ne connais pas la réponse/, /étape 1/i],
        ['de-DE', 'muss ich dafür meine dienstliche E-Mail-Adresse nehmen?', /nicht beantworten/, /Schritt 1/],
    ])('%s: "%s"', async (locale, question, unknown, backToStep) => {
        bot = createTestBot();
        const user: TestConversation = bot.conversation(locale);
        await user.join();
        const start = { 'en-US': ['start', 'member', 'no'], 'it-IT': ['inizia', 'membro', 'no'], 'fr-FR': ['commencer', 'membre', 'non'], 'de-DE': ['start', 'Mitglied', 'nein'] }[locale]!;
        for (const text of start) await user.say(text);
        const reply = said(await user.say(question));
        expect(reply).toMatch(unknown);
        expect(reply).toMatch(backToStep);
        // Kept for the helpdesk's statistics, like a question the FAQ could not answer.
        expect(bot.runtime.feedback.report().unanswered.length).toBe(1);
        // The prompt still takes its answer.
        expect(said(await user.say('done'))).not.toMatch(unknown);
    });

    test('a short question-like answer ("Careggi?") is not taken for a question', async () => {
        bot = createTestBot();
        const user = bot.conversation('en-US');
        await user.join();
        for (const text of ['start', 'member', 'yes', 'yes', 'done', 'reconnet', 'italy']) await user.say(text);
        expect(said(await user.say('Careggi?'))).not.toMatch(/don't know the answer/);
    });
});

describe('stuck at the network question, and the panel manager of a level', () => {
    let bot: TestBot;
    afterEach(() => bot.close());

    test.each([
        ['en-US', ['start', 'member', 'yes', 'yes', 'done'], "I can't find ReCONNET, I'm stuck"],
        ['es-ES', ['empezar', 'miembro', 'sí', 'sí', 'hecho'], 'no encuentro ReCONNET, estoy atascado'],
        ['de-DE', ['start', 'Mitglied', 'ja', 'ja', 'erledigt'], 'ich finde ReCONNET nicht, komme nicht weiter'],
    ])('%s: a network named as not found is not chosen, and not "another network"', async (locale, steps, text) => {
        bot = createTestBot();
        const user = bot.conversation(locale);
        await user.join();
        for (const step of steps) await user.say(step);
        const stuck = () => bot.runtime.feedback.report().stuck.reduce((n, s) => n + s.count, 0);
        const before = stuck();
        await user.say(text);
        expect(stuck()).toBe(before + 1);
    });
});
