import SNOWBALL_LANGUAGES from './snowballLanguages.json';

/** Reduces a normalised word to its stem. */
export type Stem = (word: string) => string;

/** Words this short, and words with digits ("2fa", "0000", "it08"), are kept as written. */
const MIN_STEMMED_LENGTH = 4;
/** The memo of stems is emptied past this many words (user text could otherwise grow it without end). */
const MAX_CACHED_STEMS = 50_000;

/**
 * Snowball algorithms of `@orama/stemmers` (the Snowball project's stemmers compiled to
 * JavaScript, maintained with the Orama search engine), one module per algorithm.
 */
const ALGORITHMS: ReadonlySet<string> = new Set([
    'arabic', 'armenian', 'bulgarian', 'danish', 'dutch', 'english', 'finnish', 'french', 'german', 'greek', 'hungarian',
    'indian', 'indonesian', 'irish', 'italian', 'lithuanian', 'nepali', 'norwegian', 'portuguese', 'romanian', 'russian',
    'sanskrit', 'serbian', 'spanish', 'swedish', 'tamil', 'turkish', 'ukrainian',
]);

/** Identity: a language with no Snowball algorithm is matched on whole words, never another language's rules. */
const NO_STEMMING: Stem = (w) => w;

/**
 * The Snowball algorithm of a language: the lexicon's `stemmer` field when it names one, else
 * the table `snowballLanguages.json` (language code → algorithm), else none.
 */
export function snowballAlgorithm(lng: string, requested?: string): string | undefined {
    if (requested !== undefined) {
        if (!ALGORITHMS.has(requested)) throw new Error(`[stemmer] unknown Snowball algorithm "${requested}" for language "${lng}"`);
        return requested;
    }
    const byCode = (SNOWBALL_LANGUAGES as Record<string, string>)[lng];
    return byCode !== undefined && ALGORITHMS.has(byCode) ? byCode : undefined;
}

/** One memo per algorithm, shared by every matcher of the process (tests build many). */
const memos = new Map<string, Map<string, string>>();

/** A stemmer for `lng` (see {@link snowballAlgorithm}), memoised: the same words recur in every message. */
export function createStemmer(lng: string, requested?: string): Stem {
    const algorithm = snowballAlgorithm(lng, requested);
    if (algorithm === undefined) return NO_STEMMING;
    // The module name comes from the table above, so it is one of the package's entry points.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { stemmer } = require(`@orama/stemmers/${algorithm}`) as { stemmer: (word: string) => string };
    const memo = memos.get(algorithm) ?? new Map<string, string>();
    memos.set(algorithm, memo);
    return (word) => {
        if (word.length < MIN_STEMMED_LENGTH || /\d/.test(word)) return word;
        let s = memo.get(word);
        if (s === undefined) {
            s = stemmer(word);
            if (memo.size >= MAX_CACHED_STEMS) memo.clear();
            memo.set(word, s);
        }
        return s;
    };
}
