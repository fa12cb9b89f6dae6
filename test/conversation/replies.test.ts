import { CatalogueService } from '../../src/catalogue';
import { FaqKnowledgeBase, FaqMatcher } from '../../src/faq';
import { createLogger } from '../../src/log';
import { tempDir } from '../support/tempDir';
import { FIFTH_REPLIES_FILE, FOURTH_REPLIES_FILE, loadReplies, outcomeOf, ReplyScore, scoreReplies, SECOND_REPLIES_FILE, THIRD_REPLIES_FILE } from './replies';

/**
 * Natural replies per prompt kind (written before the recognisers were tuned, one third kept aside
 * as unseen) go through the bot's own decision. The floors sit under the measured figures (tune
 * 97.7 %, unseen 87.1 % when written); `npm run bench` prints the details per language and kind.
 */
const TUNE_FLOOR = 0.95;
const UNSEEN_FLOOR = 0.84;
/** Floor of the second set (measured 91.8 % as written). */
const SECOND_SET_FLOOR = 0.9;
/** Floor of the third set (measured 96.4 % as written). */
const THIRD_SET_FLOOR = 0.95;
/** The fourth set: 95.9 % as written, 98.2 % after the rules it showed. */
const FOURTH_SET_FLOOR = 0.96;

const catalogue = CatalogueService.open({ file: `${tempDir()}/catalogue.json`, logger: createLogger('silent') });
const faq = new FaqMatcher(FaqKnowledgeBase.load());

/** The share of a scored set's rows under `key` (see `scoreReplies`) read as labelled. */
function rateOf(scores: Map<string, ReplyScore>): (key: string) => number {
    return (key) => {
        const s = scores.get(key);
        return s ? s.right / s.total : 0;
    };
}

describe('labelled natural replies at every kind of prompt', () => {
    const rate = rateOf(scoreReplies(loadReplies(), catalogue.search, faq));

    test('tune split', () => {
        expect(rate('tune')).toBeGreaterThanOrEqual(TUNE_FLOOR);
    });

    test('unseen split (never tuned on)', () => {
        expect(rate('unseen')).toBeGreaterThanOrEqual(UNSEEN_FLOOR);
    });

    test.each(['en', 'ro', 'it'])('every language is read as well: %s', (lng) => {
        expect(rate(`tune/${lng}`)).toBeGreaterThanOrEqual(TUNE_FLOOR - 0.03);
    });
});

/** The blind six-language sets, each measured once as written and from then on a tune split only. */
describe.each([
    // Measured as written: 91.8 % (en 92.2, ro 93.1, it 90.5, fr 91.4, de 90.5, es 93.1).
    ['second', SECOND_REPLIES_FILE, SECOND_SET_FLOOR],
    // Measured as written: 96.4 % (en 98.2, ro 96.4, it 97.3, fr 95.5, de 96.4, es 94.5).
    ['third', THIRD_REPLIES_FILE, THIRD_SET_FLOOR],
    // Measured as written: 95.9 % (en 92.7, ro 92.7, it 97.3, fr 99.1, de 95.5, es 98.2).
    ['fourth', FOURTH_REPLIES_FILE, FOURTH_SET_FLOOR],
] as const)('the %s set of natural replies, six languages (written blind)', (_name, file, floor) => {
    const rate = rateOf(scoreReplies(loadReplies(file), catalogue.search, faq));

    test('all languages together', () => {
        expect(rate('tune')).toBeGreaterThanOrEqual(floor);
    });

    test.each(['en', 'ro', 'it', 'fr', 'de', 'es'])('every language is read as well: %s', (lng) => {
        expect(rate(`tune/${lng}`)).toBeGreaterThanOrEqual(floor - 0.03);
    });
});

/**
 * The fifth blind set keeps a third of each (language, prompt) group unseen. Measured as written
 * over all rows: 95.9 %; now tune 98.4 %, unseen 96.3 % (never read).
 */
describe('the fifth set of natural replies, six languages (written blind, a third unseen)', () => {
    const rate = rateOf(scoreReplies(loadReplies(FIFTH_REPLIES_FILE), catalogue.search, faq));

    test.each([
        ['tune', 0.96],
        ['unseen', 0.93],
    ] as const)('%s split', (split, floor) => {
        expect(rate(split)).toBeGreaterThanOrEqual(floor);
    });
});

describe('the panel manager of a level, typed at the profile question', () => {
    test.each([
        ['en', 'panel manager for the network please', 'Panel Manager ERN'],
        ['en', "I'm the panel manager for our hospital", 'Panel Manager HCP'],
        ['fr', 'panel manager pour le réseau', 'Panel Manager ERN'],
        ['de', 'Panel-Manager für unser Krankenhaus', 'Panel Manager HCP'],
        ['es', 'panel manager de la red', 'Panel Manager ERN'],
        ['it', "panel manager dell'ospedale", 'Panel Manager HCP'],
        ['ro', 'panel manager pentru rețea', 'Panel Manager ERN'],
    ])('%s "%s" → %s', (lang, text, expected) => {
        expect(outcomeOf({ lang, kind: 'profile', text, expect: expected, split: 'tune' }, catalogue.search, faq)).toBe(expected);
    });
});

describe('an answer word that only opens a command, and words that look like commands', () => {
    test.each([
        // the answer word opens a sentence that leaves the prompt
        ['en', 'yesno', 'ok, go back', 'back'],
        ['ro', 'path', 'hai inapoi la pasul dinainte', 'back'],
        ['en', 'yesno', 'yes, main menu', 'menu'],
        // skip and the guide stay answers
        ['en', 'yesno', 'yes, skip it', 'yes'],
        ['it', 'yesno', 'no, mostrami come', 'no'],
        // "anul" is "the year", not "anulează" (cancel)
        ['ro', 'yesno', 'da, l-am facut anul trecut', 'yes'],
        // a problem that names the drop-down "menu" is still a problem
        ['it', 'recap', 'non trovo il mio ospedale nel menu a tendina', 'stuck'],
        // a long answer with its reason is still an answer (up to MAX_SENTENCE_ANSWER_WORDS)
        ['en', 'path', "no, my hospital isn't part of ReCONNET so I'll come in as a guest", 'guest'],
        ['fr', 'path', "non, je viens d'un CH qui n'est pas dans ReCONNET, je serai invité", 'guest'],
        // what can be typed is a question about the bot, not about CPMS
        ['en', 'network', 'what can I type here?', 'help'],
        ['it', 'network', 'aiuto, cosa posso scrivere qui?', 'help'],
        ['fr', 'country', "aide, qu'est-ce que je peux taper ?", 'help'],
        // going back to change an answer
        ['fr', 'recap', 'je veux revenir pour changer le profil', 'back'],
        ['de', 'recap', 'ich möchte zurück, um das Profil zu ändern', 'back'],
    ])('%s at a %s prompt: "%s" → %s', (lang, kind, text, expected) => {
        expect(outcomeOf({ lang, kind, text, expect: expected, split: 'tune' }, catalogue.search, faq)).toBe(expected);
    });
});

describe('a language name inside a sentence at the country question', () => {
    test.each([
        ['ro', 'spital german, la Heidelberg', 'DE'],
        ['it', 'lavoro in un ospedale tedesco, a Monaco', 'DE'],
        ['de', 'in Italien', 'IT'],
        // the sentence asks for the language
        ['en', 'switch to Romanian please', 'language'],
        ['de', 'auf Italienisch bitte', 'language'],
        ['de', 'Englisch bitte', 'language'],
        ['ro', 'engleză vă rog', 'language'],
    ])('%s "%s" → %s', (lang, text, expected) => {
        expect(outcomeOf({ lang, kind: 'country', text, expect: expected, split: 'tune' }, catalogue.search, faq)).toBe(expected);
    });
});
