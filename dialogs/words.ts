import { TurnContext } from 'botbuilder';
import { translator, wordList } from '../src/i18n';
import { normalizeText } from '../src/text/normalize';
import { turnLanguage } from './turnState';

/** Keys of `words.*` in `locales/<lng>/common.json`: what users type instead of pressing a button. */
export type WordKey =
    | 'yes' | 'no' | 'done' | 'back' | 'skip' | 'menu' | 'help' | 'stuck' | 'helpdesk' | 'language'
    | 'forget' | 'member' | 'guest' | 'notSure' | 'cancel' | 'start' | 'list' | 'submitted' | 'question' | 'greeting';

/** Longest answer that may still be "yes, I have one": longer text is a sentence, not a choice. */
const MAX_PREFIX_ANSWER_WORDS = 5;

/** Synonyms of a word key in the turn's language and in English, normalised. */
export function synonyms(context: TurnContext, key: WordKey): string[] {
    const lng = turnLanguage(context);
    const list = [...wordList(translator(lng), `words.${key}`)];
    if (lng !== 'en') list.push(...wordList(translator('en'), `words.${key}`));
    return [...new Set(list.map(normalizeText).filter((w) => w !== ''))];
}

/** True when the whole text is one of the synonyms (or the leading words are, in a short answer). */
export function matchesWords(text: string, words: string[], allowPrefix = true): boolean {
    const n = normalizeText(text);
    if (n === '') return false;
    if (words.includes(n)) return true;
    if (!allowPrefix) return false;
    const parts = n.split(' ');
    if (parts.length > MAX_PREFIX_ANSWER_WORDS) return false;
    return words.some((w) => {
        const wParts = w.split(' ');
        return wParts.length < parts.length && wParts.every((p, i) => parts[i] === p);
    });
}

export function isWord(context: TurnContext, key: WordKey, text: string | undefined, allowPrefix = false): boolean {
    return text !== undefined && matchesWords(text, synonyms(context, key), allowPrefix);
}
