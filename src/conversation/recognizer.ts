/**
 * Pure recognisers of what a user typed or clicked: an answer to the prompt on screen, or a command
 * that works anywhere. No dialog state and no I/O: every rule here is table-tested
 * (test/conversation/recognizer.test.ts) and measured on labelled replies by `npm run bench`.
 */
import { Language } from '../i18n';
import { normalizeText } from '../text/normalize';
import { Lexicon, languageNames, lexiconFor, MIN_BARE_NAME, WordKey } from './lexicon';
import { anyPattern, findPattern, Pattern } from './patterns';

/** What a button means, so that typed sentences of that sense pick it ("yes it is", "ok done"). */
export type ChoiceIntent = 'yes' | 'no' | 'done' | 'stuck';

/** One answer a prompt accepts: the value the step receives, the button title, and what else may be typed. */
export interface ChoiceOption {
    value: string;
    /** Button title; undefined for an answer that is typed only (no button). */
    title?: string;
    /** Extra phrases (codes, names) accepted as the whole answer. */
    synonyms?: string[];
    /** Word lists (`words.<key>` of the locale) accepted as the whole answer. */
    words?: WordKey[];
    intent?: ChoiceIntent;
}

/** Longest answer still read as "yes, I have one" from its first words. */
const MAX_PREFIX_ANSWER_WORDS = 5;
/** Longest sentence read as an answer from its cues; longer text is a message, not an answer. */
export const MAX_SENTENCE_ANSWER_WORDS = 14;
/** Longest sentence searched for a command ("I would like to talk to a person about ..."). */
export const MAX_SENTENCE_COMMAND_WORDS = 30;
/** Short commands ("go back please") are taken even when phrased as a question. */
const MAX_SHORT_COMMAND_WORDS = 6;
/** One-letter words ("y", "n") only count as whole answers, never inside a sentence. */
const MIN_SENTENCE_WORD_LENGTH = 2;

const tokensOf = (normalized: string): string[] => (normalized === '' ? [] : normalized.split(' '));

/** True when the whole text is one of the phrases, or (allowPrefix) starts with one in a short answer. */
export function matchesPhrases(normalized: string, phrases: readonly string[], allowPrefix: boolean): boolean {
    if (normalized === '') return false;
    if (phrases.includes(normalized)) return true;
    if (!allowPrefix) return false;
    const parts = normalized.split(' ');
    if (parts.length > MAX_PREFIX_ANSWER_WORDS) return false;
    return phrases.some((phrase) => {
        const words = phrase.split(' ');
        return words.length < parts.length && words.every((w, i) => parts[i] === w);
    });
}

/** A question rather than an answer: a question mark, or a question word first. */
export function isQuestionLike(text: string, lexicon: Lexicon): boolean {
    if (text.includes('?') || text.includes('¿')) return true;
    const tokens = tokensOf(normalizeText(text));
    if (tokens.length < 2) return false;
    return lexicon.cues.question.some((p) => findPattern(tokens, p)?.start === 0);
}

/** The words of a choice: its value, title, extra synonyms, word lists and its intent's words. */
function phrasesOf(choice: ChoiceOption, lexicon: Lexicon): string[] {
    const phrases = [normalizeText(choice.value)];
    if (choice.title) phrases.push(normalizeText(choice.title));
    for (const s of choice.synonyms ?? []) phrases.push(normalizeText(s));
    for (const key of choice.words ?? []) phrases.push(...lexicon.words[key]);
    if (choice.intent === 'yes' || choice.intent === 'no') phrases.push(...lexicon.words[choice.intent]);
    return phrases.filter((p) => p !== '');
}

/** Where a phrase occurs as whole consecutive words of the tokens. */
function containsPhrase(tokens: readonly string[], phrase: string): boolean {
    const words = phrase.split(' ');
    if (words.length === 1 && words[0].length < MIN_SENTENCE_WORD_LENGTH) return false;
    outer: for (let i = 0; i + words.length <= tokens.length; i++) {
        for (let j = 0; j < words.length; j++) if (tokens[i + j] !== words[j]) continue outer;
        return true;
    }
    return false;
}

export interface RecognizeChoiceOptions {
    /** Read sentences ("we're an affiliated partner", "ok found it, done now"), not only whole answers. */
    sentences: boolean;
    /**
     * Take a short answer by its first words ("yes I have one"). Off where a command word may start
     * a longer command ("language ro" at the menu is not the "Change language" button).
     */
    prefix?: boolean;
}

/**
 * The choice a message picks, in order: the button's value (a click), the whole text as a title or
 * word of a choice, its first words in a short answer, then (with `sentences`) a choice named inside
 * a sentence or the sense of the sentence (affirmative, negative, done, stuck) when a choice has that
 * intent. Questions are never read as answers from their cues.
 */
export function recognizeChoice(
    lng: Language,
    text: string,
    value: unknown,
    choices: readonly ChoiceOption[],
    options: RecognizeChoiceOptions,
): ChoiceOption | undefined {
    const clicked = clickedValue(value);
    if (clicked !== undefined) {
        const byValue = choices.find((c) => c.value === clicked);
        if (byValue) return byValue;
    }
    const lexicon = lexiconFor(lng);
    const normalized = normalizeText(text);
    if (normalized === '') return undefined;
    const all = choices.map((choice) => ({ choice, phrases: phrasesOf(choice, lexicon) }));
    const exact = all.find((c) => c.phrases.includes(normalized));
    if (exact) return exact.choice;
    const prefix = options.prefix !== false ? all.find((c) => matchesPhrases(normalized, c.phrases, true)) : undefined;
    if (prefix) return prefix.choice;
    if (!options.sentences) return undefined;
    return sentenceChoice(lexicon, text, tokensOf(normalized), all);
}

/** The text of a message: typed text, a button's text, or an Adaptive Card's `choice`. */
export function messageText(activity: { text?: string; value?: unknown }): string {
    const text = (activity.text ?? '').trim();
    if (text !== '') return text;
    return clickedValue(activity.value) ?? '';
}

/** The value of a clicked button (`messageBack`/Adaptive Card data `{ choice }`). */
export function clickedValue(value: unknown): string | undefined {
    const choice = (value as { choice?: unknown } | null | undefined)?.choice;
    return typeof choice === 'string' ? choice : undefined;
}

function sentenceChoice(
    lexicon: Lexicon,
    text: string,
    tokens: string[],
    all: { choice: ChoiceOption; phrases: string[] }[],
): ChoiceOption | undefined {
    if (tokens.length > MAX_SENTENCE_ANSWER_WORDS || isQuestionLike(text, lexicon)) return undefined;
    const has = (patterns: readonly Pattern[]) => anyPattern(tokens, patterns);
    const negative = has(lexicon.cues.negative);
    const withIntent = (intent: ChoiceIntent) => all.find((c) => c.choice.intent === intent)?.choice;

    // A choice named inside the sentence: the longest phrase wins; a tie between choices says nothing.
    let best: { choice: ChoiceOption; length: number } | undefined;
    let tie = false;
    for (const { choice, phrases } of all) {
        for (const phrase of phrases) {
            if (!containsPhrase(tokens, phrase)) continue;
            const length = phrase.split(' ').length;
            if (!best || length > best.length) {
                best = { choice, length };
                tie = false;
            } else if (length === best.length && best.choice !== choice) {
                tie = true;
            }
        }
    }
    if (best && !tie) {
        // "not a member" names the member choice but means the other one.
        if (negative && best.choice.intent === 'yes' && !containsNegatedPhrase(best.choice, lexicon)) return withIntent('no') ?? undefined;
        if (negative && best.choice.intent === 'done') return undefined;
        return best.choice;
    }
    const stuck = withIntent('stuck');
    if (stuck && has(lexicon.cues.stuck)) return stuck;
    if (negative) return withIntent('no');
    const done = has(lexicon.cues.done);
    const affirmative = has(lexicon.cues.affirmative);
    if (done) return withIntent('done') ?? withIntent('yes');
    if (affirmative) return withIntent('yes') ?? withIntent('done');
    return undefined;
}

/** A choice whose own words are negative ("No, show me how") is not flipped by a negation. */
function containsNegatedPhrase(choice: ChoiceOption, lexicon: Lexicon): boolean {
    return choice.title !== undefined && anyPattern(tokensOf(normalizeText(choice.title)), lexicon.cues.negative);
}

/** Commands that work at any prompt; back, skip and stuck act only inside the guide. */
export type CommandKind = 'menu' | 'start' | 'forget' | 'helpdesk' | 'help' | 'back' | 'skip' | 'stuck' | 'cancel' | 'language';

export interface Command {
    kind: CommandKind;
    /** For `language`: the language named, when one was. */
    language?: Language;
}

export interface RecognizeCommandOptions {
    /** Read whole sentences ("can I speak to someone?"), not only command words. */
    sentences: boolean;
}

/** Exact command words, in the order they are tried. */
const WORD_COMMANDS: readonly CommandKind[] = ['menu', 'start', 'forget', 'helpdesk', 'help', 'back', 'skip', 'cancel'];
/** Sentence intents, in priority order: a person first ("I'm stuck, can I talk to someone?"). */
const SENTENCE_COMMANDS: readonly { kind: CommandKind; intents: ('start' | 'startWish' | 'helpdesk' | 'forget' | 'menu' | 'back' | 'skip' | 'stuck' | 'cancel' | 'help')[]; asQuestion: boolean }[] = [
    { kind: 'helpdesk', intents: ['helpdesk'], asQuestion: true },
    { kind: 'forget', intents: ['forget'], asQuestion: true },
    { kind: 'start', intents: ['start'], asQuestion: true },
    { kind: 'start', intents: ['startWish'], asQuestion: false },
    { kind: 'menu', intents: ['menu'], asQuestion: false },
    { kind: 'back', intents: ['back'], asQuestion: false },
    { kind: 'skip', intents: ['skip'], asQuestion: false },
    { kind: 'stuck', intents: ['stuck'], asQuestion: false },
    { kind: 'cancel', intents: ['cancel'], asQuestion: false },
    { kind: 'help', intents: ['help'], asQuestion: true },
];

/**
 * A command in the message: its exact words ("menu", "helpdesk", "language it", "italiano"), or
 * (with `sentences`) a sentence that asks for it ("can you walk me through getting access?",
 * "vreau să vorbesc cu un operator"). Undefined for anything else.
 */
export function recognizeCommand(lng: Language, text: string, options: RecognizeCommandOptions): Command | undefined {
    const lexicon = lexiconFor(lng);
    const normalized = normalizeText(text);
    if (normalized === '' && !text.includes('?')) return undefined;
    for (const kind of WORD_COMMANDS) if (lexicon.words[kind].includes(normalized)) return { kind };
    if (text.trim() === '?') return { kind: 'help' };
    if (matchesPhrases(normalized, lexicon.words.stuck, true)) return { kind: 'stuck' };
    const language = languageCommand(lexicon, normalized);
    if (language) return language;
    if (!options.sentences) return undefined;
    const tokens = tokensOf(normalized);
    if (tokens.length > MAX_SENTENCE_COMMAND_WORDS) return undefined;
    const question = isQuestionLike(text, lexicon);
    for (const rule of SENTENCE_COMMANDS) {
        if (question && !rule.asQuestion && tokens.length > MAX_SHORT_COMMAND_WORDS) continue;
        if (rule.intents.some((key) => anyPattern(tokens, lexicon.intents[key]))) return { kind: rule.kind };
    }
    if (anyPattern(tokens, lexicon.intents.language)) return { kind: 'language', language: namedLanguage(tokens) };
    return undefined;
}

/** "language", "language ro", "limba italiana", a language's own name alone, "speak italian please". */
function languageCommand(lexicon: Lexicon, normalized: string): Command | undefined {
    const words = lexicon.words.language;
    if (words.includes(normalized)) return { kind: 'language' };
    const prefix = words.find((w) => normalized.startsWith(`${w} `));
    if (prefix) {
        const named = languageNames().find((n) => n.name === normalized.slice(prefix.length + 1));
        if (named) return { kind: 'language', language: named.language };
    }
    const bare = languageNames().find((n) => n.name === normalized && n.name.length >= MIN_BARE_NAME);
    if (bare) return { kind: 'language', language: bare.language };
    const tokens = tokensOf(normalized);
    if (tokens.length <= MAX_SHORT_COMMAND_WORDS && anyPattern(tokens, lexicon.intents.languageCue)) {
        const named = namedLanguage(tokens);
        if (named) return { kind: 'language', language: named };
    }
    return undefined;
}

/** A language named by one of its long names inside the tokens. */
function namedLanguage(tokens: readonly string[]): Language | undefined {
    return languageNames().find((n) => n.name.length >= MIN_BARE_NAME && containsPhrase(tokens, n.name))?.language;
}

/** True for a greeting ("hi", "buongiorno", "hello there"). */
export function isGreeting(lng: Language, text: string): boolean {
    return matchesPhrases(normalizeText(text), lexiconFor(lng).words.greeting, true);
}

/** True when the whole text is one of a word list ("cancel", "anulează"). */
export function isWord(lng: Language, key: WordKey, text: string | undefined, allowPrefix = false): boolean {
    return text !== undefined && matchesPhrases(normalizeText(text), lexiconFor(lng).words[key], allowPrefix);
}
