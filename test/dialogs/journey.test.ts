import { Activity } from 'botbuilder';
import { buttons, createTestBot, said, TestBot, TestConversation } from '../support/testBot';
import { MAX_BUTTONS_PER_CARD } from '../../dialogs/choicePrompt';

/** The recap card's facts, as the CPMS "Recap and Submission" screen shows them. */
function recapFacts(replies: Partial<Activity>[]): Record<string, string> {
    for (const reply of replies) {
        for (const attachment of reply.attachments ?? []) {
            const body = (attachment.content as { body?: { type: string; facts?: { title: string; value: string }[] }[] })?.body ?? [];
            const factSet = body.find((b) => b.type === 'FactSet');
            if (factSet) return Object.fromEntries((factSet.facts ?? []).map((f) => [f.title, f.value]));
        }
    }
    throw new Error('no recap card in the replies');
}

const all = said;

describe('the member journey in English, typing only', () => {
    let bot: TestBot;
    let user: TestConversation;
    beforeEach(() => {
        bot = createTestBot();
        user = bot.conversation('en-US');
    });
    afterEach(() => bot.close());

    test('welcome, four steps with progress, organisation by typing, recap IT13 - AOU Careggi, Florence with HP', async () => {
        const welcome = await user.join();
        expect(all(welcome)).toMatch(/CPMS access assistant/);
        expect(welcome.flatMap(buttons)).toEqual(expect.arrayContaining(['Get access step by step', 'I am a guest', 'Ask a question', 'Contact the helpdesk', 'Change language']));

        expect(all(await user.say('get access step by step'))).toMatch(/full member/);
        const step1 = all(await user.say('member'));
        expect(step1).toMatch(/Step 1 of 4: EU Login/);
        expect(step1).toMatch(/4 steps/);
        const instructions = all(await user.say('no'));
        expect(instructions).toMatch(/register\.cgi/);
        expect(instructions).toMatch(/Where is ECAS/);
        expect(all(await user.say('done'))).toMatch(/Step 2 of 4: Second factor/);
        const step3 = all(await user.say('yes'));
        expect(step3).toMatch(/Step 3 of 4: Request access to CPMS/);
        expect(step3).toMatch(/cpms\.ern-net\.eu\/login/);
        expect(all(await user.say('done'))).toMatch(/Select organisation/);
        // The network's button title typed: no confirmation needed.
        expect(all(await user.say('reconnet'))).toMatch(/country/i);
        // a country typed exactly needs no confirmation
        expect(all(await user.say('Italy'))).toMatch(/hospital/i);
        expect(all(await user.say('careggi'))).toMatch(/IT13 - AOU Careggi, Florence/);
        const profiles = all(await user.say('yes'));
        expect(profiles).toMatch(/Researcher/);
        expect(profiles).toMatch(/HP/);
        const recap = await user.say('HP');
        expect(recapFacts(recap)).toEqual({ Application: 'CPMS', Organisation: 'IT13 - AOU Careggi, Florence', 'Access Profile': 'HP' });
        expect(all(await user.say('done'))).toMatch(/Step 4 of 4: Approval/);
        const end = all(await user.say('done'));
        expect(end).toMatch(/completed the guide/);
        expect(end).toMatch(/What else can I do/);
    });

    test('skip, back and "I\'m stuck" keep the user on track', async () => {
        await user.join();
        await user.say('start');
        await user.say('member');
        const skipped = all(await user.say('skip'));
        expect(skipped).toMatch(/Step 2 of 4/);
        const back = all(await user.say('back'));
        expect(back).toMatch(/Step 1 of 4/);
        const stuck = await user.say("I'm stuck");
        expect(all(stuck)).toMatch(/spam folder/);
        expect(all(stuck)).toMatch(/helpdesk\.reconnet@ao-pisa\.toscana\.it/);
        expect(stuck.flatMap(buttons)).toContain('Contact the helpdesk');
        // The same question is asked again after the help.
        expect(all(stuck)).toMatch(/Do you already have an EU Login/);
        expect(all(await user.say('yes'))).toMatch(/Step 2 of 4/);
    });

    test('a question mid-dialog is answered and the same step asked again', async () => {
        await user.join();
        await user.say('start');
        await user.say('member');
        const replies = await user.say('How long does the approval take?');
        const answer = all(replies);
        expect(answer).toMatch(/few days/i);
        expect(answer).toMatch(/Do you already have an EU Login/);
        // The answer can be rated without leaving the step.
        const rate = (replies.flatMap((r) => r.attachments ?? []).flatMap((a) => (a.content as { buttons?: { title: string; value: unknown }[] }).buttons ?? [])).find((b) => b.title === '👍 Helpful');
        expect(rate).toBeDefined();
        const thanked = all(await user.send({ type: 'message', text: '', value: rate!.value, locale: 'en-US' }));
        expect(thanked).toMatch(/Glad it helped/);
        expect(thanked).toMatch(/Do you already have an EU Login/);
        expect(JSON.stringify(bot.runtime.feedback.report())).toMatch(/approval-time/);
        // Prompt answers are not taken for questions.
        expect(all(await user.say('yes'))).toMatch(/Step 2 of 4/);
    });

    test('a name that is not in the catalogue is said honestly, with the list, guest access and the helpdesk offered', async () => {
        await user.join();
        await user.say('start');
        await user.say('member');
        await user.say('yes');
        await user.say('yes');
        await user.say('done');
        await user.say('ReCONNET');
        await user.say('Italia');
        const notFound = await user.say('Hospital of Nowhereville');
        expect(all(notFound)).toMatch(/could not find/);
        expect(notFound.flatMap(buttons)).toEqual(expect.arrayContaining(['Show the full list', 'Use guest access', 'Contact the helpdesk']));
        // The full list is a button per hospital, guest access and the helpdesk still beside them.
        const list = (await user.say('show the full list')).flatMap(buttons);
        expect(list).toEqual(expect.arrayContaining(['IT08 - AOU Pisana', 'IT13 - AOU Careggi, Florence', 'Use guest access', 'Contact the helpdesk']));
        expect(list).not.toContain('Show the full list');
        expect(all(await user.say('IT08'))).toMatch(/IT08 - AOU Pisana/);
    });
    test('a country whose member list is not imported yet: the hospital is taken as CPMS shows it', async () => {
        await user.join();
        for (const text of ['start', 'member', 'yes', 'yes', 'done', 'reconnet', 'Romania']) await user.say(text);
        expect(all(await user.say('show the full list'))).toMatch(/don't have the member hospitals/);
        expect(all(await user.say('ro 02 - Spitalul Clinic Exemplu'))).toMatch(/Is it \*\*RO02 - Spitalul Clinic Exemplu\*\*/);
        await user.say('yes');
        const recap = await user.say('HP');
        expect(recapFacts(recap)).toMatchObject({ Organisation: 'RO02 - Spitalul Clinic Exemplu', 'Access Profile': 'HP' });
    });

    test('a person who only clicks: likely countries first, then every country, six buttons to a card', async () => {
        user = bot.conversation('ro-RO');
        await user.join();
        for (const text of ['start', 'member', 'yes', 'yes', 'done']) await user.say(text);
        // The user's own country (from the channel locale), then the countries with member hospitals.
        const country = await user.say('ReCONNET');
        expect(country.flatMap(buttons)).toEqual(['România', 'Italia', 'Afișați toate țările']);
        const listed = await user.click('Afișați toate țările', country);
        const cards = listed.flatMap((a) => a.attachments ?? []);
        expect(listed.flatMap(buttons)).toHaveLength(30);
        expect(cards.length).toBeGreaterThan(1);
        for (const card of cards) expect((card.content as { buttons: unknown[] }).buttons.length).toBeLessThanOrEqual(MAX_BUTTONS_PER_CARD);
        const germany = await user.click('Germania', listed);
        expect(all(germany)).toMatch(/Germania/);
    });

    test('a hospital typed at the menu finds network, country and hospital in one go', async () => {
        await user.join();
        const found = all(await user.say('AOU Pisana'));
        expect(found).toMatch(/IT08 - AOU Pisana \\?\(ReCONNET, Italy\\?\)/);
        const journey = all(await user.say('yes'));
        expect(journey).toMatch(/remember your organisation/);
        expect(journey).toMatch(/Step 1 of 4/);
        await user.say('yes');
        await user.say('yes');
        const organisation = all(await user.say('done'));
        expect(organisation).toMatch(/ReCONNET - Connective Tissue and Musculoskeletal Diseases\*\* → \*\*Italy\*\* → \*\*IT08 - AOU Pisana/);
        expect(organisation).toMatch(/Select access profile/);
    });

    test('a sentence that mentions a city is a question, not a hospital', async () => {
        await user.join();
        expect(all(await user.say('Is there parking near the hospital in Pisa?'))).toMatch(/don't know/);
    });
});

describe('the guest journey in Romanian, typing only', () => {
    let bot: TestBot;
    beforeEach(() => {
        bot = createTestBot();
    });
    afterEach(() => bot.close());

    test('ro-RO is welcomed in Romanian and reaches the recap 0000 Guest Access with HP', async () => {
        const user = bot.conversation('ro-RO');
        const welcome = all(await user.join());
        expect(welcome).toMatch(/asistent/i);
        expect(all(await user.say('începe'))).toMatch(/membru/i);
        const guest = all(await user.say('invitat'));
        expect(guest).toMatch(/temporar/);
        expect(guest).toMatch(/Pasul 1 din 4/);
        expect(all(await user.say('da'))).toMatch(/Pasul 2 din 4/);
        expect(all(await user.say('da'))).toMatch(/Pasul 3 din 4/);
        await user.say('gata');
        await user.say('reconnet');
        // "Italia" typed exactly: no confirmation, and a guest takes "0000 Guest Access" at once
        const profiles = all(await user.say('Italia'));
        expect(profiles).toMatch(/Italia/);
        expect(profiles).toMatch(/0000 Guest Access/);
        const recap = await user.say('hp');
        expect(recapFacts(recap)).toMatchObject({ Organisation: '0000 Guest Access', 'Access Profile': 'HP' });
        expect(all(await user.say('gata'))).toMatch(/Pasul 4 din 4/);
    });

    test('Romanian typed answers: nu, înapoi, gata without diacritics', async () => {
        const user = bot.conversation('ro-RO');
        await user.join();
        await user.say('incepe');
        await user.say('membru');
        expect(all(await user.say('nu'))).toMatch(/register\.cgi/);
        expect(all(await user.say('inapoi'))).toMatch(/membru/i);
    });

    test('an unknown locale speaks English; "language ro" switches at once and is remembered', async () => {
        const user = bot.conversation('xx-YY');
        expect(all(await user.join())).toMatch(/Hello/);
        const switched = all(await user.say('language ro'));
        expect(switched).toMatch(/română/i);
        expect(all(await user.say('ajutor'))).toMatch(/meniu/i);
    });
});

describe('resume', () => {
    test('the same chat opened again after days (as in Teams) offers to continue instead of a stale question', async () => {
        const bot = createTestBot();
        try {
            const user = bot.conversation('en-US');
            await user.join();
            await user.say('start');
            await user.say('member');
            expect(all(await user.say('yes'))).toMatch(/Step 2 of 4/);
            const key = 'test/conversations/conversation-1/';
            const stored = (await bot.runtime.storage.read([key]))[key];
            await bot.runtime.storage.write({ [key]: { ...stored, lastActive: Date.now() - 3 * 24 * 60 * 60 * 1000, eTag: '*' } });
            const back = all(await user.say('hello'));
            expect(back).toMatch(/Welcome back/);
            expect(back).toMatch(/Step 2 of 4/);
            expect(all(await user.say('continue where I stopped'))).toMatch(/Have you already added your mobile phone/);
        } finally {
            await bot.close();
        }
    });

    test('coming back days later (a new conversation) offers to continue at the same step', async () => {
        const bot = createTestBot();
        try {
            const first = bot.conversation('en-US', { conversationId: 'monday' });
            await first.join();
            await first.say('start');
            await first.say('member');
            await first.say('yes');
            expect(all(await first.say('yes'))).toMatch(/Step 3 of 4/);
            const later = bot.conversation('en-US', { conversationId: 'friday' });
            const welcome = all(await later.join());
            expect(welcome).toMatch(/Welcome back/);
            expect(welcome).toMatch(/Step 3 of 4: Request access/);
            expect(all(await later.say('continue where I stopped'))).toMatch(/cpms\.ern-net\.eu\/login/);
        } finally {
            await bot.close();
        }
    });
});
