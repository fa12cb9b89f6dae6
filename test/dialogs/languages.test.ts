/**
 * French, German and Spanish as a clinician of those countries meets them: the channel locale of
 * their Teams or browser (fr-BE, de-AT, es-MX), the member and the guest journey typed in their own
 * words and clicked through the buttons, switching language at any time, and the offers to switch
 * when they write in another language than the bot's or their locale is one the bot does not speak.
 */
import { Activity } from 'botbuilder';
import { SUPPORTED_LANGUAGES, translator } from '../../src/i18n';
import { buttons, createTestBot, said, TestBot, TestConversation } from '../support/testBot';

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

/** Plain text of a translated string, for matching: Markdown stars dropped, first sentence only. */
function firstSentence(text: string): string {
    return text.replace(/\*\*/g, '').split(/(?<=[.?!:])\s/)[0];
}

/** Everything the user sees in a turn, Markdown emphasis dropped. */
const plain = (replies: Partial<Activity>[]): string => said(replies).replace(/\*\*/g, '');

function escape(text: string): RegExp {
    return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
}

/** What a clinician of each country types: their own words, not the button titles. */
interface Typed {
    locale: string;
    start: string;
    member: string;
    guest: string;
    no: string;
    yes: string;
    done: string;
    country: string;
    confirm: string;
    stuck: string;
    back: string;
    skip: string;
    language: string;
}

const TYPED: Record<'fr' | 'de' | 'es', Typed> = {
    fr: {
        locale: 'fr-BE',
        start: 'commencer',
        member: 'je suis membre',
        guest: 'je suis invité',
        no: 'non',
        yes: 'oui',
        done: 'terminé',
        country: 'Italie',
        confirm: "oui c'est ça",
        stuck: 'je suis bloqué',
        back: 'retour',
        skip: 'passer',
        language: 'langue',
    },
    de: {
        locale: 'de-AT',
        start: 'starten',
        member: 'Mitglied',
        guest: 'ich bin Gast',
        no: 'nein',
        yes: 'ja',
        done: 'fertig',
        country: 'Italien',
        confirm: 'ja genau',
        stuck: 'ich komme nicht weiter',
        back: 'zurück',
        skip: 'überspringen',
        language: 'Sprache',
    },
    es: {
        locale: 'es-MX',
        start: 'empezar',
        member: 'soy miembro',
        guest: 'soy invitado',
        no: 'no',
        yes: 'sí',
        done: 'hecho',
        country: 'Italia',
        confirm: 'sí, es ese',
        stuck: 'estoy atascado',
        back: 'atrás',
        skip: 'saltar',
        language: 'idioma',
    },
};

const LANGUAGES = Object.keys(TYPED) as (keyof typeof TYPED)[];

/** The texts the bot must show, straight from the locale files. */
function expected(lng: string) {
    const t = translator(lng);
    const step = (n: number, key: string) => escape(t('guide:progress', { n, total: 4, title: t(`guide:steps.${key}.title`) }));
    return {
        t,
        welcome: escape(firstSentence(t('common:welcome'))),
        pathAsk: escape(firstSentence(t('guide:path.ask'))),
        step1: step(1, 'euLogin'),
        step2: step(2, 'twoFactor'),
        step3: step(3, 'requestAccess'),
        step4: step(4, 'afterSubmit'),
        ern: escape(firstSentence(t('guide:organisation.ern.ask'))),
        country: escape(firstSentence(t('guide:organisation.country.ask'))),
        profiles: escape(firstSentence(t('guide:profiles.intro'))),
        finishedMember: escape(firstSentence(t('guide:finished.member'))),
        guestIntro: escape(firstSentence(t('guide:path.intro.guest'))),
        euLoginHelp: escape(firstSentence(t('guide:stuck.euLogin'))),
    };
}

describe.each(LANGUAGES)('%s: the member and the guest journey, typing only', (lng) => {
    const typed = TYPED[lng];
    const x = expected(lng);
    let bot: TestBot;
    let user: TestConversation;
    beforeEach(() => {
        bot = createTestBot();
        user = bot.conversation(typed.locale);
    });
    afterEach(() => bot.close());

    test(`${typed.locale} is welcomed in its language; member path to the recap IT13 with HP`, async () => {
        const welcome = await user.join();
        expect(plain(welcome)).toMatch(x.welcome);
        expect(welcome.flatMap(buttons)).toEqual(expect.arrayContaining([x.t('common:menu.start'), x.t('common:menu.guest')]));
        expect(plain(await user.say(typed.start))).toMatch(x.pathAsk);
        expect(plain(await user.say(typed.member))).toMatch(x.step1);
        expect(said(await user.say(typed.no))).toMatch(/register\.cgi/);
        expect(plain(await user.say(typed.done))).toMatch(x.step2);
        expect(plain(await user.say(typed.yes))).toMatch(x.step3);
        expect(plain(await user.say(typed.done))).toMatch(x.ern);
        expect(plain(await user.say('reconnet'))).toMatch(x.country);
        await user.say(typed.country);
        expect(said(await user.say('careggi'))).toMatch(/IT13 - AOU Careggi, Florence/);
        expect(plain(await user.say(typed.confirm))).toMatch(x.profiles);
        expect(recapFacts(await user.say('HP'))).toEqual({ Application: 'CPMS', Organisation: 'IT13 - AOU Careggi, Florence', 'Access Profile': 'HP' });
        expect(plain(await user.say(typed.done))).toMatch(x.step4);
        expect(plain(await user.say(typed.done))).toMatch(x.finishedMember);
    });

    test('guest path to the recap 0000 Guest Access with HP', async () => {
        await user.join();
        const guest = plain(await user.say(typed.guest));
        expect(guest).toMatch(x.guestIntro);
        expect(guest).toMatch(x.step1);
        expect(plain(await user.say(typed.yes))).toMatch(x.step2);
        expect(plain(await user.say(typed.yes))).toMatch(x.step3);
        await user.say(typed.done);
        await user.say('reconnet');
        expect(said(await user.say(typed.country))).toMatch(/0000 Guest Access/);
        expect(recapFacts(await user.say('hp'))).toMatchObject({ Organisation: '0000 Guest Access', 'Access Profile': 'HP' });
        expect(plain(await user.say(typed.done))).toMatch(x.step4);
    });

    test('stuck, back and skip in their own words', async () => {
        await user.join();
        await user.say(typed.start);
        await user.say(typed.member);
        const stuck = plain(await user.say(typed.stuck));
        expect(stuck).toMatch(x.euLoginHelp);
        expect(plain(await user.say(typed.skip))).toMatch(x.step2);
        expect(plain(await user.say(typed.back))).toMatch(x.step1);
    });
});

describe.each(LANGUAGES)('%s: the member and the guest journey, clicking', (lng) => {
    const typed = TYPED[lng];
    const x = expected(lng);
    const t = x.t;
    let bot: TestBot;
    beforeEach(() => {
        bot = createTestBot();
    });
    afterEach(() => bot.close());

    // Every answer is a click: the country question offers the user's own country and those with
    // member hospitals, and "show the full list" turns every hospital into a button.
    test('member: every answer a button, to the recap IT13 with HP', async () => {
        const user = bot.conversation(typed.locale);
        let last = await user.join();
        last = await user.click(t('common:menu.start'), last);
        expect(plain(last)).toMatch(x.pathAsk);
        last = await user.click(t('guide:path.member'), last);
        expect(plain(last)).toMatch(x.step1);
        last = await user.click(t('guide:steps.euLogin.showMe'), last);
        last = await user.click(t('guide:steps.euLogin.done'), last);
        expect(plain(last)).toMatch(x.step2);
        last = await user.click(t('guide:steps.twoFactor.haveIt'), last);
        expect(plain(last)).toMatch(x.step3);
        last = await user.click(t('guide:steps.requestAccess.done'), last);
        last = await user.click('ReCONNET', last);
        expect(plain(last)).toMatch(x.country);
        last = await user.click(typed.country, last);
        last = await user.click(t('guide:organisation.hcp.showList'), last);
        last = await user.click(/^IT13 - AOU Careggi/, last);
        expect(said(last)).toMatch(/IT13 - AOU Careggi, Florence/);
        expect(plain(last)).toMatch(x.profiles);
        last = await user.click(/^HP/, last);
        expect(recapFacts(last)).toEqual({ Application: 'CPMS', Organisation: 'IT13 - AOU Careggi, Florence', 'Access Profile': 'HP' });
        last = await user.click(t('guide:steps.requestAccess.submitted'), last);
        expect(plain(last)).toMatch(x.step4);
        last = await user.click(t('guide:steps.afterSubmit.done'), last);
        expect(plain(last)).toMatch(x.finishedMember);
    });

    test('guest: every answer a button, to the recap 0000 Guest Access', async () => {
        const user = bot.conversation(typed.locale);
        let last = await user.join();
        last = await user.click(t('common:menu.guest'), last);
        expect(plain(last)).toMatch(x.guestIntro);
        last = await user.click(t('guide:steps.euLogin.haveIt'), last);
        expect(plain(last)).toMatch(x.step2);
        last = await user.click(t('guide:steps.twoFactor.haveIt'), last);
        last = await user.click(t('guide:steps.requestAccess.done'), last);
        last = await user.click('ReCONNET', last);
        last = await user.click(typed.country, last);
        expect(said(last)).toMatch(/0000 Guest Access/);
        last = await user.click(/^HP/, last);
        expect(recapFacts(last)).toMatchObject({ Organisation: '0000 Guest Access', 'Access Profile': 'HP' });
    });
});

describe('switching language', () => {
    let bot: TestBot;
    beforeEach(() => {
        bot = createTestBot();
    });
    afterEach(() => bot.close());

    test.each(LANGUAGES)('"%s" typed words open the language menu at any time; every language is offered, each in itself', async (lng) => {
        const user = bot.conversation(TYPED[lng].locale);
        await user.join();
        await user.say(TYPED[lng].start);
        const menu = await user.say(TYPED[lng].language);
        expect(said(menu)).toMatch(escape(translator(lng)('common:language.ask')));
        expect(menu.flatMap(buttons)).toEqual(SUPPORTED_LANGUAGES.map((l) => translator(l)('common:language.name')));
    });

    test('a language named in its own words switches in the middle of the guide and is remembered', async () => {
        const user = bot.conversation('en-US');
        await user.join();
        await user.say('start');
        await user.say('member');
        const switched = said(await user.say('Deutsch'));
        expect(switched).toMatch(escape(translator('de')('common:language.changed')));
        // back at the same step, now in German
        expect(switched).toMatch(expected('de').step1);
        expect(said(await user.say('Hilfe'))).toMatch(/Menü/);
        // a new conversation with an English Teams client still speaks German
        const later = bot.conversation('en-US', { conversationId: 'later' });
        expect(said(await later.say('Hallo'))).toMatch(/Willkommen zurück|Was möchten Sie tun/);
    });

    test.each([
        ['de-DE', 'Sprache Französisch', 'fr'],
        ['fr-FR', 'langue espagnole', 'es'],
        ['es-ES', 'idioma alemán', 'de'],
        ['it-IT', 'français', 'fr'],
        ['ro-RO', 'español', 'es'],
        ['en-GB', 'Deutsch', 'de'],
    ])('%s: "%s" switches to %s', async (locale, text, lng) => {
        const user = bot.conversation(locale);
        await user.join();
        expect(said(await user.say(text))).toMatch(escape(translator(lng)('common:language.changed')));
    });
});

describe('language offers', () => {
    let bot: TestBot;
    beforeEach(() => {
        bot = createTestBot();
    });
    afterEach(() => bot.close());

    test('several words in another language: the offer is written in that language, and clicking its name switches', async () => {
        const user = bot.conversation('en-US');
        await user.join();
        const replies = await user.say('Hallo, wie bekomme ich Zugang zum CPMS für mein Krankenhaus?');
        const offer = replies[replies.length - 1];
        expect(offer.text).toBe(translator('de')('common:language.switchOffer'));
        expect(buttons(offer)).toEqual(['Deutsch', 'English']);
        const switched = said(await user.click('Deutsch', replies));
        expect(switched).toMatch(escape(translator('de')('common:language.changed')));
        // no second offer once answered, in either direction
        expect(said(await user.say('I would rather read this in English after all, thank you'))).not.toMatch(escape(translator('en')('common:language.switchOffer')));
    });

    test.each([
        ['fr-FR', 'Bonjour, comment puis-je demander un accès au CPMS ?', 'es'],
        ['es-ES', '¿Cómo puedo solicitar el acceso al CPMS para mi hospital?', 'fr'],
    ])('a %s user asked in Spanish or French the other way round is offered the language they write', async (locale, text, current) => {
        const user = bot.conversation(current === 'es' ? 'es-ES' : 'fr-FR');
        await user.join();
        const written = locale.slice(0, 2);
        const replies = await user.say(text);
        expect(said(replies)).toMatch(escape(translator(written)('common:language.switchOffer')));
        expect(replies[replies.length - 1].attachments).toBeDefined();
    });

    test('the offer is made once per language, and short or same-language messages bring none', async () => {
        const user = bot.conversation('fr-FR');
        await user.join();
        const offer = translator('en')('common:language.switchOffer');
        expect(said(await user.say('how long does the approval take usually'))).toContain(offer);
        expect(said(await user.say('and how do I add my phone number to EU Login'))).not.toContain(offer);
        expect(said(await user.say('ok thanks'))).not.toContain(translator('de')('common:language.switchOffer'));
        expect(said(await user.say('Combien de temps prend la validation de ma demande ?'))).not.toContain(translator('fr')('common:language.switchOffer'));
    });

    test('a hospital name in the local language at the hospital prompt brings no offer', async () => {
        const user = bot.conversation('en-US');
        await user.join();
        for (const text of ['start', 'member', 'yes', 'yes', 'done', 'reconnet', 'Italy']) await user.say(text);
        const replies = await user.say('Azienda Ospedaliero Universitaria Careggi di Firenze');
        expect(said(replies)).toMatch(/IT13/);
        expect(said(replies)).not.toContain(translator('it')('common:language.switchOffer'));
    });

    test.each(['pl-PL', 'nl-NL'])('%s: English, plus one line offering every language in itself; a click switches', async (locale) => {
        const user = bot.conversation(locale);
        const welcome = await user.join();
        expect(said(welcome)).toMatch(/Hello/);
        const offer = welcome[welcome.length - 1];
        const others = SUPPORTED_LANGUAGES.filter((l) => l !== 'en').map((l) => translator(l)('common:language.name'));
        expect(offer.text).toBe(translator('en')('common:language.offerAll', { languages: others.join(' · ') }));
        expect(buttons(offer)).toEqual(SUPPORTED_LANGUAGES.map((l) => translator(l)('common:language.name')));
        expect(said(await user.click('Français', welcome))).toMatch(escape(translator('fr')('common:language.changed')));
        // offered once
        expect(said(await user.say('aide'))).not.toMatch(/I can also speak/);
    });

    test('a spoken locale gets no offer of every language', async () => {
        const user = bot.conversation('es-AR');
        expect(said(await user.join())).not.toMatch(/También puedo hablar|I can also speak/);
    });
});
