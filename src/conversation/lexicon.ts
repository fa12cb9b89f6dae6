/**
 * What people type, per language, read once from `locales/<lng>/common.json` and kept normalised:
 * whole-answer words (`words.*`), sentence cues (`cues.*`) and sentence intents (`intents.*`), each
 * in the language plus English (clinicians mix English into their own language).
 *
 * Built once per language on first use and then shared by every turn: matching never goes back to
 * i18next or normalises a word list again.
 */
import { DEFAULT_LANGUAGE, Language, SUPPORTED_LANGUAGES, translator } from '../i18n';
import { normalizeText } from '../text/normalize';
import { compilePatterns, Pattern } from './patterns';

/** Keys of `words.*`: what users type instead of pressing a button, as whole answers. */
export const WORD_KEYS = [
    'yes', 'no', 'done', 'back', 'skip', 'menu', 'help', 'stuck', 'helpdesk', 'language', 'forget',
    'member', 'guest', 'notSure', 'cancel', 'start', 'list', 'submitted', 'question', 'greeting', 'thanks',
] as const;
export type WordKey = (typeof WORD_KEYS)[number];

/** Keys of `cues.*`: words that give a sentence its sense as an answer. */
export const CUE_KEYS = ['affirmative', 'negative', 'done', 'stuck', 'question', 'list', 'polite'] as const;
export type CueKey = (typeof CUE_KEYS)[number];

/** Keys of `intents.*`: sentences that are commands ("can I talk to someone?"). */
export const INTENT_KEYS = [
    'start', 'startWish', 'helpdesk', 'menu', 'help', 'language', 'languageCue', 'forget', 'back', 'skip', 'stuck', 'cancel',
] as const;
export type IntentKey = (typeof INTENT_KEYS)[number];

export interface Lexicon {
    readonly language: Language;
    /** Normalised whole-answer phrases. */
    readonly words: Readonly<Record<WordKey, readonly string[]>>;
    readonly cues: Readonly<Record<CueKey, readonly Pattern[]>>;
    readonly intents: Readonly<Record<IntentKey, readonly Pattern[]>>;
}

/** A language's own names as users type them ("italiano", "romana", "english"), each with its code. */
export interface LanguageName {
    name: string;
    language: Language;
}

const cache = new Map<Language, Lexicon>();
let languageNameCache: readonly LanguageName[] | undefined;

function list(lng: Language, key: string): string[] {
    const value = translator(lng)(key, { returnObjects: true, defaultValue: [] }) as unknown;
    return Array.isArray(value) ? value.map(String) : [];
}

/** The same key in the language and in English. */
function merged(lng: Language, key: string): string[] {
    return lng === DEFAULT_LANGUAGE ? list(lng, key) : [...list(lng, key), ...list(DEFAULT_LANGUAGE, key)];
}

function buildLexicon(lng: Language): Lexicon {
    const words = {} as Record<WordKey, string[]>;
    for (const key of WORD_KEYS) words[key] = [...new Set(merged(lng, `common:words.${key}`).map(normalizeText).filter((w) => w !== ''))];
    const cues = {} as Record<CueKey, Pattern[]>;
    for (const key of CUE_KEYS) cues[key] = compilePatterns(merged(lng, `common:cues.${key}`));
    const intents = {} as Record<IntentKey, Pattern[]>;
    for (const key of INTENT_KEYS) intents[key] = compilePatterns(merged(lng, `common:intents.${key}`));
    return { language: lng, words, cues, intents };
}

/** The lexicon of a language, built on first use. */
export function lexiconFor(lng: Language): Lexicon {
    let lexicon = cache.get(lng);
    if (!lexicon) {
        lexicon = buildLexicon(lng);
        cache.set(lng, lexicon);
    }
    return lexicon;
}

/**
 * Every supported language's names, from every locale (`language.names`), so "italiano" switches to
 * Italian whatever the current language. Names shorter than {@link MIN_BARE_NAME} (codes such as
 * "it", which is also an English word and a country code) only count after the word "language".
 */
export function languageNames(): readonly LanguageName[] {
    if (!languageNameCache) {
        const names: LanguageName[] = [];
        for (const lng of SUPPORTED_LANGUAGES) {
            for (const name of [lng, ...list(lng, 'common:language.names'), translator(lng)('common:language.name')]) {
                const n = normalizeText(name);
                if (n !== '') names.push({ name: n, language: lng });
            }
        }
        languageNameCache = names;
    }
    return languageNameCache;
}

/** Shortest language name that switches the language on its own ("deutsch", not "de"). */
export const MIN_BARE_NAME = 4;
