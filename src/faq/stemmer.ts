import { algorithms, newStemmer } from 'snowball-stemmers';
import SNOWBALL_LANGUAGES from './snowballLanguages.json';

/** Reduces a normalised word to its stem. */
export type Stem = (word: string) => string;

/** Words this short, and words with digits ("2fa", "0000", "it08"), are kept as written. */
const MIN_STEMMED_LENGTH = 4;

/** The memo of stems is emptied past this many words (user text could otherwise grow it without end). */
const MAX_CACHED_STEMS = 50_000;

/** Identity: a language with no Snowball algorithm is matched on whole words, never another language's rules. */
const NO_STEMMING: Stem = (w) => w;

/**
 * The Snowball algorithm of a language: the lexicon's `stemmer` field when it names one, else
 * the table `snowballLanguages.json` (language code → algorithm), else none.
 */
export function snowballAlgorithm(lng: string, requested?: string): string | undefined {
    const known = new Set(algorithms());
    if (requested !== undefined) {
        if (!known.has(requested)) throw new Error(`[stemmer] unknown Snowball algorithm "${requested}" for language "${lng}"`);
        return requested;
    }
    const byCode = (SNOWBALL_LANGUAGES as Record<string, string>)[lng];
    return byCode !== undefined && known.has(byCode) ? byCode : undefined;
}

/** A stemmer for `lng` (see {@link snowballAlgorithm}), memoised: the same words recur in every message. */
export function createStemmer(lng: string, requested?: string): Stem {
    const algorithm = snowballAlgorithm(lng, requested);
    if (algorithm === undefined) return NO_STEMMING;
    const snowball = newStemmer(algorithm);
    const cache = new Map<string, string>();
    return (word) => {
        if (word.length < MIN_STEMMED_LENGTH || /\d/.test(word)) return word;
        let s = cache.get(word);
        if (s === undefined) {
            s = snowball.stem(word);
            if (cache.size >= MAX_CACHED_STEMS) cache.clear();
            cache.set(word, s);
        }
        return s;
    };
}
