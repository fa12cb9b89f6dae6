import { compilePattern, findPattern } from '../../src/conversation/patterns';
import { ChoiceOption, isQuestionLike, recognizeChoice, recognizeCommand } from '../../src/conversation/recognizer';
import { lexiconFor } from '../../src/conversation/lexicon';
import { tokenize } from '../../src/text/normalize';

const yesNo: ChoiceOption[] = [
    { value: 'yes', title: 'Yes, I have one', words: ['yes'], intent: 'yes' },
    { value: 'no', title: 'No, show me how', words: ['no'], intent: 'no' },
];
const doneStuck: ChoiceOption[] = [
    { value: 'done', title: 'Done, phone added', words: ['done'], intent: 'done' },
    { value: 'stuck', title: "I'm stuck", words: ['stuck'], intent: 'stuck' },
];
const path: ChoiceOption[] = [
    { value: 'member', title: 'Yes, member or partner', words: ['member'], intent: 'yes' },
    { value: 'guest', title: 'No, I am a guest', words: ['guest'], intent: 'no' },
    { value: 'notSure', title: "I'm not sure", words: ['notSure'] },
];
const pick = (lng: string, text: string, options: ChoiceOption[], value?: unknown) => recognizeChoice(lng, text, value, options, { sentences: true })?.value;

describe('patterns: words in order, gaps, prefixes, alternatives', () => {
    test.each([
        ['talk human', 'I want to talk to a human', true],
        ['talk human', 'human, talk to me', false],
        ['=forget me', 'I always forget my password, help me', false],
        ['=forget me', 'please forget me', true],
        ['thank*', 'thankyou so much', true],
        ['speak|talk* person|someone', 'can I speak with someone', true],
        ['want access', 'I want to be given proper access', false],
    ])('%s in "%s": %s', (pattern, text, found) => {
        expect(findPattern(tokenize(text), compilePattern(pattern)!) !== undefined).toBe(found);
    });
});

describe('a click is recognised by its value, whatever its title', () => {
    test('the value wins over a title that reads like a question', () => {
        expect(pick('en', 'What is a guest?', path, { choice: 'guest' })).toBe('guest');
    });
    test('an unknown value falls back to the text', () => {
        expect(pick('en', 'Yes, member or partner', path, { choice: 'gone' })).toBe('member');
    });
});

describe('answers typed as people type them', () => {
    test.each([
        ['en', 'yes', yesNo, 'yes'],
        ['en', 'yes I have it already', yesNo, 'yes'],
        ['en', 'no, not yet', yesNo, 'no'],
        ['en', 'nope', yesNo, 'no'],
        ['ro', 'da, am deja', yesNo, 'yes'],
        ['it', 'sì, ce l’ho', yesNo, 'yes'],
        ['it', 'non ancora', yesNo, 'no'],
        ['en', 'ok', doneStuck, 'done'],
        ['en', 'ok found it in spam, done now', doneStuck, 'done'],
        ['en', 'thanks!', doneStuck, 'done'],
        ['en', 'dnoe', doneStuck, 'done'],
        ['en', "it doesn't work", doneStuck, 'stuck'],
        ['en', 'the SMS never arrived', doneStuck, 'stuck'],
        ['it', 'ok, ho aggiunto il numero', doneStuck, 'done'],
        ['ro', 'gata, am adăugat telefonul', doneStuck, 'done'],
        ['en', 'yes', path, 'member'],
        ['en', "we're an affiliated partner", path, 'member'],
        ['en', 'our hospital is not a member', path, 'guest'],
        ['en', 'no idea, how can I check?', path, 'notSure'],
        ['ro', 'nu sunt sigur', path, 'notSure'],
        // The longest phrase that starts the answer wins: "no idea" (not sure), not "no" (guest).
        ['en', 'no idea tbh', path, 'notSure'],
        ['de', 'keine Ahnung ehrlich gesagt', path, 'notSure'],
        ['en', 'no thanks', path, 'guest'],
    ] as const)('%s "%s" → %s', (lng, text, options, expected) => {
        expect(pick(lng, text, [...options])).toBe(expected);
    });

    test.each([
        ['en', 'how long does approval take?', doneStuck],
        ['en', 'not yet', doneStuck],
        ['en', 'what is EU Login?', yesNo],
        ['en', 'I have a question about roles and the approval of my colleagues in the panel', yesNo],
    ] as const)('%s "%s" is not an answer', (lng, text, options) => {
        expect(pick(lng, text, [...options])).toBeUndefined();
    });

    test('a menu reads whole answers only: "language ro" is a command, not the "Change language" button', () => {
        const menu: ChoiceOption[] = [{ value: 'language', title: 'Change language', words: ['language'] }];
        expect(recognizeChoice('en', 'language ro', undefined, menu, { sentences: false, prefix: false })).toBeUndefined();
        expect(recognizeCommand('en', 'language ro', { sentences: true })).toEqual({ kind: 'language', language: 'ro' });
    });
});

describe('commands, as words and as sentences', () => {
    test.each([
        ['en', 'menu', 'menu'],
        ['en', 'helpdesk please', 'helpdesk'],
        ['en', 'hepldesk', 'helpdesk'],
        ['en', 'I want to talk to a human', 'helpdesk'],
        ['en', 'can I speak to someone?', 'helpdesk'],
        ['ro', 'vreau să vorbesc cu un operator', 'helpdesk'],
        ['it', 'vorrei parlare con una persona', 'helpdesk'],
        ['en', 'I want to request access to CPMS, can you guide me?', 'start'],
        ['en', 'can you walk me through getting access?', 'start'],
        ['ro', 'vreau acces la CPMS', 'start'],
        ['it', "come ottengo l'accesso? mi accompagna lei?", 'start'],
        ['en', 'please delete my data', 'forget'],
        ['en', 'go back', 'back'],
        ['it', 'torna indietro', 'back'],
        ['en', 'skip this step', 'skip'],
        ['en', 'what can you do?', 'help'],
        ['it', 'italiano', 'language'],
        // "Nothing works" in every language, and a few ways of saying skip, forget me and help.
        ['en', 'nothing works', 'stuck'],
        ['fr', 'rien ne marche 😩', 'stuck'],
        ['de', 'geht nix mehr 🙄', 'stuck'],
        ['es', 'nada funciona 😤', 'stuck'],
        ['it', 'non funziona niente', 'stuck'],
        ['ro', 'nu merge nimic', 'stuck'],
        ['ro', 'treci peste pasul asta', 'skip'],
        ['ro', 'uita tot despre mine', 'forget'],
        ['fr', 'tu sais faire quoi ?', 'help'],
        // A pattern's alternatives are single words: "darme de alta" once swallowed "quiero acceso".
        ['es', 'quiero acceso al cpms', 'start'],
        ['es', 'quiero darme de alta en el cpms', 'start'],
        ['it', "ho bisogno dell'accesso al CPMS", 'start'],
        ['fr', "j'exerce mon droit à l'effacement", 'forget'],
        ['fr', "qu'est-ce que tu sais faire ?", 'help'],
        ['de', 'bitte alle meine Daten vergessen', 'forget'],
        ['es', 'olvídate de mí', 'forget'],
        ['ro', 'vreau la helpdesk', 'helpdesk'],
    ] as const)('%s "%s" → %s', (lng, text, kind) => {
        expect(recognizeCommand(lng, text, { sentences: true })?.kind).toBe(kind);
    });

    test.each([
        ['en', 'how long does it take to get access?'],
        ['en', 'I always forget my password, help me'],
        ['en', 'what is a virtual panel?'],
        ['it', 'ho dimenticato la password'],
        ['es', '¿qué hace un dispatcher?'],
        ['es', 'me olvidé de mi contraseña'],
    ] as const)('%s "%s" is no command', (lng, text) => {
        expect(recognizeCommand(lng, text, { sentences: true })).toBeUndefined();
    });

    test('typed details are taken as typed: a name "Mena" is not "menu"', () => {
        expect(recognizeCommand('en', 'Mena', { sentences: false })).toBeUndefined();
        expect(recognizeCommand('en', 'mneu', { sentences: false })).toBeUndefined();
        expect(recognizeCommand('en', 'mneu', { sentences: true })?.kind).toBe('menu');
    });

    test('a language is switched by its own name, by "language X", or in a short sentence', () => {
        expect(recognizeCommand('en', 'română', { sentences: true })).toEqual({ kind: 'language', language: 'ro' });
        expect(recognizeCommand('ro', 'limba italiana', { sentences: true })).toEqual({ kind: 'language', language: 'it' });
        expect(recognizeCommand('en', 'can you speak Italian please', { sentences: true })).toEqual({ kind: 'language', language: 'it' });
        // "it" alone is an English word and a country code, not a language
        expect(recognizeCommand('en', 'it', { sentences: true })).toBeUndefined();
    });

    test.each([
        ['en', 'in German please', 'de'],
        ['en', 'speak german with me', 'de'],
        ['de', 'können wir Englisch sprechen', 'en'],
        ['fr', 'je préfère le français', 'fr'],
        ['fr', 'parlez-vous anglais ?', 'en'],
        ['it', 'in tedesco per favore', 'de'],
        ['es', '¿puede hablar en francés?', 'fr'],
        ['ro', 'scrie in romana te rog', 'ro'],
    ] as const)('%s "%s" asks for a language next to its cue', (lng, text, language) => {
        expect(recognizeCommand(lng, text, { sentences: true })).toEqual({ kind: 'language', language });
    });

    // Said in the language wanted while the conversation is in another one.
    test.each([
        ['en', 'je parle français', 'fr'],
        ['en', 'Ich spreche Deutsch', 'de'],
        ['en', 'Deutsch bitte', 'de'],
        ['en', 'hablo español', 'es'],
        ['en', 'parlo italiano', 'it'],
        ['it', 'vorbesc română', 'ro'],
        ['de', 'I speak English', 'en'],
    ] as const)('%s conversation, "%s" asks for %s in its own words', (lng, text, language) => {
        expect(recognizeCommand(lng, text, { sentences: true })).toEqual({ kind: 'language', language });
    });

    test.each([
        ['en', 'I work in a German hospital'],
        ['en', 'I am at an Italian hospital in Rome'],
        ['de', 'Ich arbeite in einem italienischen Krankenhaus'],
        ['it', 'lavoro in un ospedale tedesco'],
        ['fr', 'je travaille dans un hôpital allemand'],
        ['es', 'trabajo en un hospital alemán'],
        ['ro', 'lucrez într-un spital german'],
    ] as const)('%s "%s" names a hospital\'s country, not a language to speak', (lng, text) => {
        expect(recognizeCommand(lng, text, { sentences: true })).toBeUndefined();
    });
});

describe('questions', () => {
    test.each([
        ['en', 'how long does approval take', true],
        ['en', 'ok I am there', false],
        ['ro', 'cât durează aprobarea', true],
        ['it', 'quanto tempo ci vuole', true],
        ['en', 'which browser?', true],
    ] as const)('%s "%s" is a question: %s', (lng, text, expected) => {
        expect(isQuestionLike(text, lexiconFor(lng))).toBe(expected);
    });
});

/**
 * Sentences of the labelled FAQ sets that name a page or a word of a command but ask something
 * else: read as the command, they took the user to the menu mid-question or offered to forget them.
 */
describe('questions that only mention a command word', () => {
    test.each([
        ['fr', "Je suis sur la page d'accueil du CPMS et je ne sais pas sur quel bouton cliquer pour me connecter."],
        ['de', 'Ich bin auf der CPMS-Startseite, sehe aber nirgends, wo man den Zugang beantragt.'],
        ['es', 'Meto el correo, la contraseña y el código, y luego me devuelve a la página de inicio.'],
        ['it', 'Nel menu Select organisation non trovo il nome del mio ospedale.'],
        ['it', 'GDPR?'],
        ['ro', 'GDPR?'],
        ['fr', "J'entends sans arrêt parler de réseaux européens de référence."],
    ] as const)('%s "%s" is no command', (lng, text) => {
        expect(recognizeCommand(lng, text, { sentences: true })).toBeUndefined();
    });

    test.each([
        ['fr', "page d'accueil", 'menu'],
        ['de', 'zurück zur Startseite', 'menu'],
        ['es', 'página de inicio', 'menu'],
        ['it', 'menu', 'menu'],
        ['it', 'gdpr cancella tutto', 'forget'],
        ['fr', 'arrêtez', 'cancel'],
    ] as const)('%s "%s" is still %s', (lng, text, kind) => {
        expect(recognizeCommand(lng, text, { sentences: true })?.kind).toBe(kind);
    });
});
