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

/**
 * Natural replies from the third labelled set's shapes, through the whole bot: a country named by
 * its adjective, a command one letter away from a country ("salta" / Malta), and a problem told at
 * a yes/no question (its "no" is not the answer).
 */
describe('natural replies at the Italian guide prompts', () => {
    let bot: TestBot;
    let user: TestConversation;

    beforeEach(async () => {
        bot = createTestBot();
        user = bot.conversation('it-IT');
        await user.join();
    });
    afterEach(() => bot.close());

    async function atCountryQuestion(): Promise<void> {
        for (const text of ['inizia', 'membro', 'sì', 'sì', 'fatto']) await user.say(text);
        expect(said(await user.say('reconnet'))).toMatch(/paese/i);
    }

    test('"ospedale italiano" answers the country question with Italy', async () => {
        await atCountryQuestion();
        // read through its adjective, so the bot checks: "Si tratta di **Italia**?"
        expect(said(await user.say('ospedale italiano'))).toMatch(/\*\*Italia\*\*\?/);
    });

    test('"salta questo" skips the question instead of choosing Malta', async () => {
        await atCountryQuestion();
        const reply = said(await user.say('salta questo'));
        expect(reply).not.toMatch(/Malta/);
        expect(reply).toMatch(/Passaggio 4 di 4/);
    });

    test('"ci ho provato ma non va" at a yes/no question is a problem, not a "no"', async () => {
        for (const text of ['inizia', 'membro']) await user.say(text);
        const reply = said(await user.say('ci ho provato ma non va'));
        expect(reply).toMatch(/Problemi frequenti con EU Login/);
        expect(reply).toMatch(/Ha già un account EU Login\?/);
    });
});

/**
 * Natural replies from the fourth labelled set, through the whole bot: a country named as written
 * that another language calls a language ("Italien" is French for "Italian"), and a sentence that
 * asks for a person while holding the "help" of the stuck button.
 */
describe('natural replies of the fourth set', () => {
    let bot: TestBot;

    beforeEach(() => {
        bot = createTestBot();
    });
    afterEach(() => bot.close());

    test('"in Italien" at the German country question is Italy, not a switch to Italian', async () => {
        const user = bot.conversation('de-DE');
        await user.join();
        for (const text of ['start', 'Mitglied', 'ja', 'ja', 'fertig']) await user.say(text);
        expect(said(await user.say('reconnet'))).toMatch(/Land/);
        const reply = said(await user.say('in Italien'));
        expect(reply).toMatch(/\*\*Italien\*\*\?/);
        expect(reply).not.toMatch(/Italiano|lingua/i);
    });

    test('"can a human help me with this" after the EU Login instructions goes to the helpdesk', async () => {
        const user = bot.conversation('en-US');
        await user.join();
        for (const text of ['start', 'member']) await user.say(text);
        expect(said(await user.say('no'))).toMatch(/Type \*\*done\*\*/);
        const reply = said(await user.say('can a human help me with this'));
        expect(reply).toMatch(/ReCONNET helpdesk/);
        expect(reply).not.toMatch(/Common problems/i);
    });
});
