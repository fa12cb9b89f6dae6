import Fuse from 'fuse.js';
import { codeKey, foldText, isFillerWord, isStopWord, soundKey } from './normalize';

/*
 * Scoring constants, chosen from measurements on the train split (351 queries) of
 * test/catalogue/labelled-queries.json, varying one at a time; top-1 right in brackets. The rules
 * for names it was not tuned on (fillers, acronyms, sound keys, compounds) were measured on
 * test/catalogue/labelled-fresh.json (446 queries over the shipped + imported hospitals) as
 * [old set of 501 / fresh set of 446], nonsense always all → none unless said.
 */

/**
 * Weight of a query word that says little ("ospedale", "di", "rare") against an ordinary word (1).
 * Measured: 0 [348], 0.05 [351], 0.15 [351], 0.3 [350], 0.5 [348], 1 = no stop words [342].
 */
export const STOP_WORD_WEIGHT = 0.15;
/**
 * Weight of a function word or filler ("the", "de", "je", "lavoro"): next to nothing, so a
 * sentence ("I work at the hospital in Genoa") scores about like its content words.
 * Measured: 0–0.1 [501/446], 0.15 = as generic words [501/444].
 */
export const FILLER_WORD_WEIGHT = 0.03;
/** Weight of an acronym of a name ("LUMC", "MHH", "INSMC") relative to the name it stands for. Measured: 0.8–0.95 [501/446], 1 [500/446]. */
export const ACRONYM_WEIGHT = 0.95;
/** Acronyms shorter than this are not indexed ("AO" says nothing). */
export const ACRONYM_MIN_LENGTH = 3;
/** Similarity of a word with the same {@link soundKey} ("carregi" → "careggi", "Cracow" → "krakow"). Measured: 0.7–0.95 [501/446]. */
export const SOUND_SIMILARITY = 0.85;
/** Similarity of the head of a compound whose tail is a generic word ("Hautkrankheiten" → "haut"). Measured: 0.7–0.95 [501/446]. */
export const COMPOUND_SIMILARITY = 0.9;
/** Shortest query word matched to a known word with one more letter ("clj" → "cluj"); longer ones go to Fuse.js. */
const DELETION_MIN_LENGTH = 3;
/** Longest known word whose one-letter deletions are indexed for that. */
const DELETION_MAX_LENGTH = 6;
/** Shortest head and query word tried as a compound. */
const COMPOUND_MIN_HEAD = 4;
const COMPOUND_MIN_LENGTH = 8;
/** Letters joining the parts of a German compound ("Niere-n-erkrankungen", "Universität-s-klinik"). */
const LINKING_SUFFIXES = ['', 'n', 's', 'e', 'en', 'es'];
/**
 * Share of the score given to how much of the best-covered name the query covers (tie-breaker).
 * Measured: 0 [350], 0.05–0.1 [351], 0.2–0.3 [350, and one nonsense query offered a match].
 */
export const COVERAGE_WEIGHT = 0.1;
/**
 * Fuse.js threshold for one word against one word (0 = identical), about one edit per five letters.
 * Measured: 0.1 [341], 0.15 [344], 0.2 [351], 0.25 [350, 1 nonsense leaks], 0.3 [348, 3 leak].
 */
export const TOKEN_FUZZY_MAX_SCORE = 0.2;
/** Shorter query words match only exactly or as a prefix: "aou" must not fuzzily become "aos". */
export const FUZZY_MIN_LENGTH = 4;
/** Shorter query words match only exactly: "ma" is not a prefix hint. */
export const PREFIX_MIN_LENGTH = 3;
/** Similarity of a prefix match is PREFIX_BASE_SIMILARITY + rest × (typed length / word length). */
export const PREFIX_BASE_SIMILARITY = 0.5;
/** Words sharing fewer character pairs than this (Dice coefficient) are not compared with Fuse.js. */
export const PREFILTER_MIN_DICE = 0.3;
/** At most this many prefiltered words per query word go to Fuse.js (keeps p99 latency bounded). */
export const MAX_FUZZY_CANDIDATES = 12;
/** Query words beyond this are ignored (bounds the work of pasted paragraphs). */
export const MAX_QUERY_TERMS = 12;
/** Characters beyond this are ignored. */
export const MAX_QUERY_LENGTH = 200;

/** Fuse.js options for comparing one normalised word with another. */
const WORD_MATCH_OPTIONS = { ignoreLocation: true, isCaseSensitive: true, threshold: TOKEN_FUZZY_MAX_SCORE } as const;

/** A text of a document with the weight of its field (name 1, city 0.95, ...). */
export interface IndexPhrase {
    text: string;
    weight: number;
    /**
     * How loosely its words may be matched: `fuzzy` (default: exactly, as a prefix, with typos) or
     * `prefix` (exactly or as a prefix: for names that are not the entry's own, such as a city's
     * name in another language, where a typo would more often be another place: "Braga" is not "Praga").
     */
    match?: 'fuzzy' | 'prefix';
}

/** How loosely a vocabulary word may be matched; a word gets the loosest level of its occurrences. */
const EXACT_ONLY = 0;
const PREFIX_TOO = 1;
const FUZZY_TOO = 2;

/** What the index knows of one catalogue entry. */
export interface IndexDoc {
    phrases: IndexPhrase[];
    /** Code keys ({@link codeKey}) that match this entry exactly and only exactly. */
    codes?: string[];
    /** Other whole-query keys (compact text) that match exactly, e.g. an ISO code. */
    exactKeys?: string[];
    /** Index the {@link derivedWords} of its phrases too (default true; the guest entries have no use for them). */
    derive?: boolean;
}

/**
 * Words a phrase can be typed as besides its own: adjacent words joined ("AP-HP" → "aphp",
 * "Ca' Granda" → "cagranda") and acronyms — initials of all its words, of its content words, and
 * of the first three or more content words ("Leiden University Medical Center" → "lumc";
 * "Institutul Național pentru Sănătatea Mamei și Copilului …" → "insmc"). Generic results ("aou") are left out.
 */
export function derivedWords(tokens: readonly string[]): string[] {
    const out = new Set<string>();
    const letters = tokens.filter((t) => LETTERS_RE.test(t));
    for (let i = 0; i + 1 < letters.length; i++) out.add(letters[i] + letters[i + 1]);
    const content = letters.filter((t) => !isFillerWord(t));
    const initials = (words: readonly string[]): string => words.map((w) => w[0]).join('');
    if (letters.length >= ACRONYM_MIN_LENGTH) out.add(initials(letters));
    for (let k = ACRONYM_MIN_LENGTH; k <= content.length; k++) out.add(initials(content.slice(0, k)));
    return [...out].filter((w) => !isStopWord(w) && !letters.includes(w));
}

/** One scored document. */
export interface DocScore {
    doc: number;
    /** 0 = perfect … 1 = worst. */
    score: number;
}

interface Term {
    weight: number;
    /** Matching vocabulary word ids → similarity (0..1). */
    words: Map<number, number>;
    /** Documents matched through an organisation code. */
    codeDocs?: readonly number[];
}

const ACCEPTED = 1;
const REJECTED = 2;
const DIGIT_RE = /\d/;
const LETTERS_RE = /^[a-z]+$/;
const DIGITS_RE = /^\d+$/;

function pushTo(map: Map<string, number[]>, key: string, id: number): void {
    const list = map.get(key);
    if (!list) map.set(key, [id]);
    else if (!list.includes(id)) list.push(id);
}

function bigrams(word: string): string[] {
    const padded = `^${word}$`;
    const out: string[] = [];
    for (let i = 0; i < padded.length - 1; i++) out.push(padded.slice(i, i + 2));
    return [...new Set(out)];
}

/** Fuse.js score in both directions: Bitap alone finds "help" inside "hepatology" as a near-perfect match. */
function symmetricWordScore(a: string, b: string): number | undefined {
    const forward = Fuse.match(a, b, WORD_MATCH_OPTIONS);
    if (!forward.isMatch) return undefined;
    const backward = Fuse.match(b, a, WORD_MATCH_OPTIONS);
    if (!backward.isMatch) return undefined;
    return Math.max(forward.score, backward.score);
}

/**
 * A word-level search index: exact whole-phrase and code matches first, then each query word
 * against each indexed word (exact, prefix, or a Fuse.js fuzzy match), so word order, partial
 * names and extra words do not matter much. Built once per catalogue load.
 */
export class TokenIndex {
    private readonly vocab = new Map<string, number>();
    private readonly words: string[] = [];
    /** Per word id: {@link EXACT_ONLY} (joined words, acronyms), {@link PREFIX_TOO} or {@link FUZZY_TOO}. */
    private readonly matchLevel: number[] = [];
    /** {@link soundKey} → ids of fuzzy-matchable words. */
    private readonly soundWords = new Map<string, number[]>();
    /** A short fuzzy-matchable word with one letter left out → its ids ("clj" → "cluj"). */
    private readonly deletions = new Map<string, number[]>();
    /** Words that say little in this index although they are no stop words (network topics in a hospital query). */
    private readonly genericWords: ReadonlySet<string>;
    private readonly sortedWords: string[] = [];
    private readonly postingDocs: number[][] = [];
    private readonly postingWeights: number[][] = [];
    private readonly wordBigramCount: number[] = [];
    private readonly bigramWords = new Map<string, number[]>();
    private readonly exact = new Map<string, DocScore[]>();
    private readonly codes = new Map<string, number[]>();
    /** Per document: per phrase, the ids of its distinctive words. */
    private readonly docPhrases: number[][][] = [];
    private readonly docCount: number;
    // Scratch buffers reused across searches (searches are synchronous).
    private readonly bigramHits: Int32Array;
    private readonly best: Float64Array;
    private readonly touched: Uint8Array;
    private readonly rejected: number[] = [];

    /** `genericWords`: query words that weigh like stop words when no indexed entry contains them. */
    constructor(docs: readonly IndexDoc[], options: { genericWords?: ReadonlySet<string> } = {}) {
        this.genericWords = options.genericWords ?? new Set();
        this.docCount = docs.length;
        docs.forEach((doc, i) => this.addDoc(doc, i));
        this.sortedWords = this.words.filter((_, id) => this.matchLevel[id] >= PREFIX_TOO).sort();
        this.words.forEach((word, id) => {
            if (this.matchLevel[id] < FUZZY_TOO) return;
            if (word.length >= FUZZY_MIN_LENGTH && LETTERS_RE.test(word)) {
                pushTo(this.soundWords, soundKey(word), id);
                if (word.length <= DELETION_MAX_LENGTH) {
                    for (let i = 0; i < word.length; i++) pushTo(this.deletions, word.slice(0, i) + word.slice(i + 1), id);
                }
            }
            const grams = bigrams(word);
            this.wordBigramCount[id] = grams.length;
            for (const gram of grams) {
                const list = this.bigramWords.get(gram);
                if (list) list.push(id);
                else this.bigramWords.set(gram, [id]);
            }
        });
        this.bigramHits = new Int32Array(this.words.length);
        this.best = new Float64Array(this.docCount * MAX_QUERY_TERMS);
        this.touched = new Uint8Array(this.docCount);
    }

    private wordId(word: string, level: number): number {
        let id = this.vocab.get(word);
        if (id === undefined) {
            id = this.words.length;
            this.vocab.set(word, id);
            this.words.push(word);
            this.matchLevel.push(level);
            this.postingDocs.push([]);
            this.postingWeights.push([]);
        } else if (level > this.matchLevel[id]) {
            this.matchLevel[id] = level;
        }
        return id;
    }

    private addPosting(wordId: number, doc: number, weight: number): void {
        const docs = this.postingDocs[wordId];
        const weights = this.postingWeights[wordId];
        const last = docs.length - 1;
        if (last >= 0 && docs[last] === doc) weights[last] = Math.max(weights[last], weight);
        else {
            docs.push(doc);
            weights.push(weight);
        }
    }

    private addExact(key: string, doc: number, weight: number): void {
        if (key === '') return;
        const list = this.exact.get(key) ?? [];
        const found = list.find((e) => e.doc === doc);
        const score = 1 - weight;
        if (found) found.score = Math.min(found.score, score);
        else list.push({ doc, score });
        this.exact.set(key, list);
    }

    private addDoc(doc: IndexDoc, index: number): void {
        const phrases: number[][] = [];
        const derived: Array<{ words: string[]; weight: number }> = [];
        for (const phrase of doc.phrases) {
            const normalized = foldText(phrase.text);
            if (normalized === '') continue;
            this.addExact(normalized.replace(/ /g, ''), index, phrase.weight);
            const tokens = normalized.split(' ');
            const level = phrase.match === 'prefix' ? PREFIX_TOO : FUZZY_TOO;
            const ids = tokens.map((t) => this.wordId(t, level));
            ids.forEach((id) => this.addPosting(id, index, phrase.weight));
            const distinctive = ids.filter((_, k) => !isStopWord(tokens[k]));
            phrases.push(distinctive.length > 0 ? distinctive : ids);
            if (doc.derive !== false) derived.push({ words: derivedWords(tokens), weight: phrase.weight * ACRONYM_WEIGHT });
        }
        for (const { words, weight } of derived) {
            for (const word of words) {
                const id = this.wordId(word, EXACT_ONLY);
                this.addPosting(id, index, weight);
                phrases.push([id]);
            }
        }
        this.docPhrases[index] = phrases;
        for (const key of doc.exactKeys ?? []) this.addExact(key, index, 1);
        for (const code of doc.codes ?? []) {
            const list = this.codes.get(code) ?? [];
            if (!list.includes(index)) list.push(index);
            this.codes.set(code, list);
        }
    }

    /** Vocabulary words starting with `prefix` (longer than it). */
    private prefixWords(prefix: string): number[] {
        const out: number[] = [];
        let lo = 0;
        let hi = this.sortedWords.length;
        while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if (this.sortedWords[mid] < prefix) lo = mid + 1;
            else hi = mid;
        }
        for (let i = lo; i < this.sortedWords.length && this.sortedWords[i].startsWith(prefix); i++) {
            if (this.sortedWords[i] !== prefix) out.push(this.vocab.get(this.sortedWords[i]) as number);
        }
        return out;
    }

    /** Vocabulary words worth a Fuse.js comparison: enough shared character pairs, similar length. */
    private fuzzyCandidates(word: string): number[] {
        const grams = bigrams(word);
        const hitIds: number[] = [];
        for (const gram of grams) {
            for (const id of this.bigramWords.get(gram) ?? []) {
                if (this.bigramHits[id] === 0) hitIds.push(id);
                this.bigramHits[id]++;
            }
        }
        const scored: Array<{ id: number; dice: number }> = [];
        for (const id of hitIds) {
            const shared = this.bigramHits[id];
            this.bigramHits[id] = 0;
            const other = this.words[id];
            const longest = Math.max(other.length, word.length);
            if (Math.abs(other.length - word.length) / longest > TOKEN_FUZZY_MAX_SCORE) continue;
            if (DIGIT_RE.test(other)) continue;
            const dice = (2 * shared) / (grams.length + this.wordBigramCount[id]);
            if (dice >= PREFILTER_MIN_DICE) scored.push({ id, dice });
        }
        scored.sort((a, b) => b.dice - a.dice);
        return scored.slice(0, MAX_FUZZY_CANDIDATES).map((s) => s.id);
    }

    /** Similarity of one adjacent transposition ("itlay" → "italy"), which Bitap counts as two errors. */
    private transpositions(word: string, into: Map<number, number>): void {
        const similarity = 1 - 1 / word.length;
        for (let i = 0; i < word.length - 1; i++) {
            if (word[i] === word[i + 1]) continue;
            const swapped = word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
            const id = this.vocab.get(swapped);
            if (id !== undefined && this.matchLevel[id] >= PREFIX_TOO && (into.get(id) ?? 0) < similarity) into.set(id, similarity);
        }
    }

    /** Vocabulary words matching one query word, with their similarity. */
    private matchWord(word: string): Map<number, number> {
        const out = new Map<number, number>();
        const exactId = this.vocab.get(word);
        if (exactId !== undefined) {
            out.set(exactId, 1);
            return out;
        }
        if (DIGIT_RE.test(word)) return out;
        if (word.length >= PREFIX_MIN_LENGTH) {
            for (const id of this.prefixWords(word)) {
                const ratio = word.length / this.words[id].length;
                out.set(id, PREFIX_BASE_SIMILARITY + (1 - PREFIX_BASE_SIMILARITY) * ratio);
            }
        }
        if (word.length >= DELETION_MIN_LENGTH && !isStopWord(word)) {
            // "pia" for "pisa" is offered, not confirmed
            const similarity = 1 - 1 / word.length;
            for (const id of this.deletions.get(word) ?? []) if ((out.get(id) ?? 0) < similarity) out.set(id, similarity);
        }
        // A stop word is a known word, not a typo: "spital" must not become "hospital" by Bitap.
        if (word.length >= FUZZY_MIN_LENGTH && !isStopWord(word)) {
            for (const id of this.fuzzyCandidates(word)) {
                if (out.has(id)) continue;
                const score = symmetricWordScore(word, this.words[id]);
                if (score !== undefined) out.set(id, 1 - score);
            }
            this.transpositions(word, out);
            for (const id of this.soundWords.get(soundKey(word)) ?? []) {
                if ((out.get(id) ?? 0) < SOUND_SIMILARITY) out.set(id, SOUND_SIMILARITY);
            }
            if (out.size === 0) this.compoundHead(word, out);
        }
        return out;
    }

    /** A compound of a known word and a generic one ("Hautkrankheiten", "Nierenerkrankungen"): the known word. */
    private compoundHead(word: string, into: Map<number, number>): void {
        if (word.length < COMPOUND_MIN_LENGTH) return;
        for (let cut = COMPOUND_MIN_HEAD; cut <= word.length - COMPOUND_MIN_HEAD; cut++) {
            if (!isStopWord(word.slice(cut))) continue;
            const head = word.slice(0, cut);
            for (const suffix of LINKING_SUFFIXES) {
                if (!head.endsWith(suffix) || head.length - suffix.length < COMPOUND_MIN_HEAD) continue;
                const id = this.vocab.get(head.slice(0, head.length - suffix.length));
                if (id !== undefined && this.matchLevel[id] === FUZZY_TOO) {
                    into.set(id, COMPOUND_SIMILARITY);
                    return;
                }
            }
        }
    }

    /** Splits the query into terms, joining "it 13" into one organisation code when it is one. */
    private terms(tokens: string[]): Term[] {
        const terms: Term[] = [];
        for (let i = 0; i < tokens.length && terms.length < MAX_QUERY_TERMS; i++) {
            const token = tokens[i];
            const next = tokens[i + 1];
            if (next !== undefined && LETTERS_RE.test(token) && DIGITS_RE.test(next)) {
                const joined = this.codes.get(codeKey(token + next) ?? '');
                if (joined) {
                    terms.push({ weight: 1, words: new Map(), codeDocs: joined });
                    i++;
                    continue;
                }
            }
            // "sahl grenska": two typed words of one indexed word
            if (next !== undefined && !this.vocab.has(token) && this.vocab.has(token + next)) {
                terms.push({ weight: 1, words: this.matchWord(token + next) });
                i++;
                continue;
            }
            const code = DIGIT_RE.test(token) ? this.codes.get(codeKey(token) ?? '') : undefined;
            const words = this.matchWord(token);
            terms.push({ weight: this.weightOf(token, words), words, codeDocs: code });
        }
        return terms;
    }

    /**
     * Weight of a query word: a filler next to nothing, a stop word little, and so a typo of one
     * ("hosptial": its closest known word is a stop word) and a topic word no entry contains ("lupus clinic pisa").
     */
    private weightOf(token: string, matches: ReadonlyMap<number, number>): number {
        if (isFillerWord(token)) return FILLER_WORD_WEIGHT;
        if (isStopWord(token)) return STOP_WORD_WEIGHT;
        if (this.vocab.has(token)) return 1;
        if (matches.size === 0) return this.genericWords.has(token) ? STOP_WORD_WEIGHT : 1;
        let best = -1;
        let bestSimilarity = 0;
        for (const [id, similarity] of matches) {
            if (similarity > bestSimilarity) {
                best = id;
                bestSimilarity = similarity;
            }
        }
        return isStopWord(this.words[best]) ? STOP_WORD_WEIGHT : 1;
    }

    /**
     * Scores the documents the query touches (filtered by `accept`) that score at most `maxScore`, unsorted.
     * Score = 1 − [(1 − COVERAGE_WEIGHT) × weighted share of query words matched
     *              + COVERAGE_WEIGHT × share of the best-covered phrase matched]; exact phrase = 1 − field weight.
     */
    search(query: string, accept: (doc: number) => boolean = () => true, maxScore = 1): DocScore[] {
        const normalized = foldText(query.slice(0, MAX_QUERY_LENGTH));
        if (normalized === '') return [];
        const results = new Map<number, number>();
        for (const hit of this.exact.get(normalized.replace(/ /g, '')) ?? []) {
            if (accept(hit.doc)) results.set(hit.doc, hit.score);
        }
        const wholeCode = this.codes.get(codeKey(normalized) ?? '');
        for (const doc of wholeCode ?? []) if (accept(doc)) results.set(doc, 0);

        const terms = this.terms(normalized.split(' '));
        const touchedDocs = this.accumulate(terms, accept);
        const totalWeight = terms.reduce((sum, t) => sum + t.weight, 0);
        const matchedWords = new Set<number>();
        for (const term of terms) for (const id of term.words.keys()) matchedWords.add(id);
        for (const doc of touchedDocs) {
            let share = 0;
            for (let t = 0; t < terms.length; t++) share += terms[t].weight * this.best[doc * MAX_QUERY_TERMS + t];
            share = (1 - COVERAGE_WEIGHT) * (share / totalWeight);
            // even full coverage cannot bring it under maxScore: skip the coverage work (most documents
            // touched only through common words such as "hospital" or "de")
            if (1 - share - COVERAGE_WEIGHT > maxScore) continue;
            const score = 1 - (share + COVERAGE_WEIGHT * this.coverage(doc, matchedWords));
            if (score > maxScore) continue;
            const previous = results.get(doc);
            if (previous === undefined || score < previous) results.set(doc, score);
        }
        this.reset(touchedDocs, terms.length);
        return [...results].map(([doc, score]) => ({ doc, score: Math.max(0, score) }));
    }

    /** Fills `best[doc][term]` with the best similarity × field weight; returns the documents touched. */
    private accumulate(terms: Term[], accept: (doc: number) => boolean): number[] {
        const touchedDocs: number[] = [];
        // touched: 0 = not seen yet, ACCEPTED, REJECTED (by `accept`, asked once per document)
        const touch = (doc: number): boolean => {
            const state = this.touched[doc];
            if (state !== 0) return state === ACCEPTED;
            const ok = accept(doc);
            this.touched[doc] = ok ? ACCEPTED : REJECTED;
            if (ok) touchedDocs.push(doc);
            else this.rejected.push(doc);
            return ok;
        };
        terms.forEach((term, t) => {
            for (const doc of term.codeDocs ?? []) {
                if (touch(doc)) this.best[doc * MAX_QUERY_TERMS + t] = 1;
            }
            for (const [id, similarity] of term.words) {
                const docs = this.postingDocs[id];
                const weights = this.postingWeights[id];
                for (let k = 0; k < docs.length; k++) {
                    const doc = docs[k];
                    if (!touch(doc)) continue;
                    const slot = doc * MAX_QUERY_TERMS + t;
                    const value = similarity * weights[k];
                    if (value > this.best[slot]) this.best[slot] = value;
                }
            }
        });
        return touchedDocs;
    }

    /** Share of the best-covered phrase of `doc` whose distinctive words the query matched. */
    private coverage(doc: number, matchedWords: ReadonlySet<number>): number {
        let best = 0;
        for (const phrase of this.docPhrases[doc]) {
            let hit = 0;
            for (const id of phrase) if (matchedWords.has(id)) hit++;
            const share = hit / phrase.length;
            if (share > best) best = share;
            if (best === 1) break;
        }
        return best;
    }

    private reset(touchedDocs: readonly number[], termCount: number): void {
        for (const doc of this.rejected) this.touched[doc] = 0;
        this.rejected.length = 0;
        for (const doc of touchedDocs) {
            this.touched[doc] = 0;
            this.best.fill(0, doc * MAX_QUERY_TERMS, doc * MAX_QUERY_TERMS + termCount);
        }
    }
}
