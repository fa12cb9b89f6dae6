import { ANCHOR_CONCEPTS, DOMAIN_CONCEPTS, Lexicon, MEMBERSHIP_CONCEPTS, NEGATED_CONCEPTS, NEGATION_CONCEPT, NEGATION_WINDOW, NEXT_CONCEPT, PLACE_CONCEPTS, PROBLEM_CONCEPTS, QUALIFIER_CONCEPTS, SYSTEM_ANCHOR_CONCEPTS } from './lexicon';
import { createStemmer, Stem } from './stemmer';
import { compileRewrites, normalise, Rewrite, words } from './text';

/** Prefix of concept terms; user text never yields it, as normalisation drops punctuation. */
export const CONCEPT_PREFIX = '#';

/**
 * A misspelt word is corrected to a known word at most this many edits away (insertion, deletion,
 * substitution or swap of two neighbours): one edit, two for words of {@link LONG_TYPO_WORD_LENGTH}
 * letters or more when the first letter matches. Anything looser turns real words into
 * knowledge-base words ("mandare" → "manage", "sentito" → "genitore", "presenting" → "resetting").
 */
export const MAX_TYPO_EDITS = 1;
const LONG_TYPO_WORD_LENGTH = 9;
/** Words shorter than this are not corrected: too many short words are one letter apart. */
const MIN_TYPO_WORD_LENGTH = 5;
/** Corrections remembered per language before the memo is emptied (user text is unbounded). */
const MAX_CACHED_CORRECTIONS = 20_000;
/** Shortest part of a compound word that is split (shorter parts match too many words by chance). */
const MIN_COMPOUND_PART_LENGTH = 4;
/** Drug-like endings are only checked on words at least this long. */
const MIN_DRUG_WORD_LENGTH = 6;
/**
 * Weight of the words of a context clause ("I am a rheumatologist in Cluj, ...", "I have my EU
 * Login and phone, ...") next to the clause that asks the question (ends with "?" or opens with
 * a question word): the context still counts, the question tips close calls. Chosen on the tune
 * splits; re-measured with the done-step weighting below (en/ro/it · fr/de/es top-1): 0.4 →
 * 92.5 · 83.4 %, 0.5 → 93.0 · 84.4 %, 0.6 → 92.5 · 84.7 %.
 */
export const CONTEXT_WEIGHT = 0.5;

/**
 * Fewest words (stop words aside) the clauses that ask must hold for the other clauses to be read
 * as context ({@link CONTEXT_WEIGHT}): a question that only points back ("Password reset EU Login,
 * wie funktioniert das?", "guest access, how?") leaves its topic in the clause before, at full
 * weight. Measured on the tune splits (en/ro/it · fr/de/es, declines 100 % throughout): 0 (any
 * question) 92.3 · 91.4 %, 1 → 92.5 · 91.6 %, 2 → 92.3 · 92.4 %, 3 → 91.5 · 91.3 %.
 */
export const FOCUS_MIN_WORDS = 2;

/**
 * Weight of a clause that reports a finished step: a short clause (at most
 * {@link DONE_CLAUSE_MAX_WORDS} words) holding a word of `Lexicon.doneMarkers` ("request sent",
 * "EU Login ok, 2FA ok, ..."), next to a clause that is not one. The step is behind the user;
 * what they ask about is elsewhere. Measured on the tune splits (en/ro/it · fr/de/es, declines
 * 100 % on both throughout): none (1) 91.8 · 84.2 %; 0.4 → 92.2 %; 0.25 and 0.1 → 92.3 % on
 * marked clauses alone, 93.0 · 84.4 % with {@link DONE_RUNS} and 6-word clauses. Unseen: en/ro/it
 * 88.0 → 87.7 %, fr/de/es 79.2 → 79.2 %, declines unchanged; older sets unchanged.
 */
export const DONE_STEP_WEIGHT = 0.25;
/**
 * A message that turns with a contrast marker (`Lexicon.contrastMarkers`: "but", "mais",
 * "aber") asks about what follows the turn: the words before it weigh as context
 * ({@link CONTEXT_WEIGHT}), or as steps behind the user ({@link DONE_STEP_WEIGHT}) when they
 * hold a done marker ("I've set up EU Login and the phone already, but I still don't get what an
 * ERN is"). See `LanguageModel.contrastTurn` for when it does not apply. Measured on the tune
 * splits of every set (5,446 questions, six languages): 5,113 → 5,129 right, declines unchanged
 * (570 of 581).
 */
export const CONTRAST_FOCUS = true;
/** Fewest words (stop words aside) after the turn for {@link CONTRAST_FOCUS}: "but how?" turns to nothing. */
const CONTRAST_MIN_WORDS = 1;
/**
 * A whole run of short clauses with one done marker reports finished steps, the unmarked items
 * too ("profile HP" in "request sent, profile HP, hospital selected"; see `markDoneSteps`).
 * Tune: en/ro/it 92.3 → 93.0 %, fr/de/es unchanged.
 */
export const DONE_RUNS = true;
/**
 * Longest clause (in words) read as a report of a finished step; longer ones are situations
 * ("I sent my request three weeks ago to the helpdesk"). Tune: 3 → 92.8 · 84.2 %, 4 → 93.0 ·
 * 84.2 %, 5 → 93.0 · 84.3 %, 6 → 93.0 · 84.4 %.
 */
export const DONE_CLAUSE_MAX_WORDS = 6;

/**
 * Weight of "not" when no network membership ({@link MEMBERSHIP_CONCEPTS}) follows it:
 * "no access yet", "nothing set up", "won't let me" are negations too, and at full weight the
 * bare "not" pulled them towards the not-in-an-ERN entry. Measured on the tune splits: 0.5 lifts
 * en/ro/it 90.5 → 90.7 % and leaves fr/de/es at 82.8 % (with the matcher's ANSWER_MARGIN: 90.8 and
 * 83.1 %); dropping the word altogether lowered fr/de/es (82.8 → 82.3 %).
 */
export const UNSCOPED_NEGATION_WEIGHT = 0.5;

/**
 * A "not" negates network membership only when a membership concept follows it within this many
 * words ("not in any ERN", "nu suntem în ReCONNET"): in "I have to join a ReCONNET case discussion
 * and I don't have an account yet" the network is named, but the "not" is about the account, and
 * at full weight it answered with the not-in-an-ERN entry. Measured on the tune splits (6,046
 * questions): anywhere in the message 5,661 right; within 3 words 5,672, 4 → 5,673, 6 → 5,670,
 * 8 → 5,670; looking back two words as well lost 2 to 3 of them. Declines unchanged.
 */
export const MEMBERSHIP_NEGATION_WINDOW = 4;

/** Applies {@link UNSCOPED_NEGATION_WEIGHT} to the "not" concept of a message (see {@link MEMBERSHIP_NEGATION_WINDOW}). */
function weighNegation(terms: ReadonlySet<string>, termWeights: Map<string, number>, positions: ReadonlyMap<string, readonly number[]>): void {
    const not = CONCEPT_PREFIX + NEGATION_CONCEPT;
    const nots = positions.get(not) ?? [];
    const negated = (concept: string) =>
        (positions.get(CONCEPT_PREFIX + concept) ?? []).some((at) => nots.some((n) => at > n && at - n <= MEMBERSHIP_NEGATION_WINDOW));
    if (!terms.has(not) || MEMBERSHIP_CONCEPTS.some(negated)) return;
    termWeights.set(not, UNSCOPED_NEGATION_WEIGHT * (termWeights.get(not) ?? 1));
}

/** Damerau (optimal string alignment) distance of two words, or `max + 1` once it exceeds `max`. */
export function editDistance(a: string, b: string, max: number): number {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    let prevPrev: number[] = [];
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const cur = [i];
        let rowMin = i;
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prevPrev[j - 2] + 1);
            cur.push(d);
            rowMin = Math.min(rowMin, d);
        }
        if (rowMin > max) return max + 1;
        prevPrev = prev;
        prev = cur;
    }
    return prev[b.length];
}

/** Bins of a word's letter histogram (see {@link letterHistogram}). */
const HISTOGRAM_BINS = 32;

/**
 * How often each letter occurs in a word, letters folded into {@link HISTOGRAM_BINS} bins. Half the
 * L1 difference of two histograms is a lower bound of their edit distance (a substitution moves two
 * counts, an insertion or deletion one, a transposition none; folding bins only lowers it), so a
 * word can be ruled out as a typo target without aligning it.
 */
function letterHistogram(word: string): Uint8Array {
    const h = new Uint8Array(HISTOGRAM_BINS);
    for (let i = 0; i < word.length; i++) h[word.charCodeAt(i) % HISTOGRAM_BINS]++;
    return h;
}

/** The lower bound of the edit distance that two histograms give (see {@link letterHistogram}). */
function histogramDistance(a: Uint8Array, b: Uint8Array): number {
    let l1 = 0;
    for (let i = 0; i < HISTOGRAM_BINS; i++) l1 += Math.abs(a[i] - b[i]);
    return Math.ceil(l1 / 2);
}

/** {@link DOMAIN_CONCEPTS} that say more than where (see `PLACE_CONCEPTS`): they lift the off-topic flag. */
const ACCESS_CONCEPTS: readonly string[] = DOMAIN_CONCEPTS.filter((c) => !PLACE_CONCEPTS.includes(c));

/** One clause of a message as {@link LanguageModel} reads it. */
interface Clause {
    text: string;
    /** Its words, normalised once (the clause split, the done-step marks and the tokens read them). */
    words: string[];
    /** Asks the question (ends with "?" or opens with a question word). */
    asks: boolean;
    opensSentence: boolean;
    /** Only a comma or a bracket stands between it and the clause before: the same sentence goes on. */
    continuesSentence: boolean;
    /** Reports a finished step (see `DONE_STEP_WEIGHT`). */
    done?: boolean;
    /** Names something gone wrong (see `PROBLEM_CONCEPTS`): never a finished step. */
    problem?: boolean;
}

/** The concepts of one clause, and what the clause does (see {@link Analysis.stepsBehind}). */
interface ClauseConcepts {
    asks: boolean;
    reportsDone: boolean;
    concepts: Set<string>;
}

/** Concepts that say something went wrong: a clause with one is no step behind the user. */
const PROBLEMS: ReadonlySet<string> = new Set(PROBLEM_CONCEPTS.map((c) => CONCEPT_PREFIX + c));

/** Concepts a "what next?" clause may hold besides {@link NEXT_CONCEPT}: the goal, not a topic ("next step to get into CPMS?"). */
const NEXT_CLAUSE_CONCEPTS: ReadonlySet<string> = new Set([NEXT_CONCEPT, 'whatis', 'steps', 'signin', 'access', ...ANCHOR_CONCEPTS, ...QUALIFIER_CONCEPTS].map((c) => CONCEPT_PREFIX + c));

/** One word of a message with where it stands. */
interface Token {
    word: string;
    /** Its clause in the message (see {@link Analysis.stepsBehind}). */
    clause: { index: number; asks: boolean; reportsDone: boolean };
    /** Weight of its clause: 1 for the question, {@link CONTEXT_WEIGHT} for context. */
    weight: number;
    /** Capitalised inside a sentence: a name if the language does not know it, never a typo. */
    capitalised: boolean;
    /**
     * Read as a name (see `Lexicon.placeWords`): dropped, not unknown, if the language does not
     * know it. Only in a clause that does not ask, next to others ("I work in Obermoosach, ..."):
     * a message that is only a name ("Cardiac Surgery Centre Cluj") or asks about one keeps it.
     */
    name: boolean;
}

/**
 * Clauses end at these marks: a full stop, "?" or "!" only before a space or the end ("2.0" and
 * "cpms2.ern-net.eu" stay whole), a dash only between spaces ("e-mail" stays one word).
 */
const CLAUSE_SPLIT_RE = /((?:\s*(?:[,;:()\n]|[.!?]+(?=\s|$)|\s[-–—]+(?=\s)))+)/u;
const CAPITALISED_RE = /^\p{Lu}\p{Ll}+$/u;
/** A separator that does not end a sentence: commas and brackets only. */
const WEAK_SEPARATOR_RE = /^[\s,()]+$/u;

/** What one message means to the matcher. */
export interface Analysis {
    /** Concepts (`#approval`) and content stems the language knows. */
    terms: Set<string>;
    /** Weight of each term: 1 when it appears in the question clause, less if only in context. */
    termWeights: Map<string, number>;
    /** Content stems the language does not know (other topics, bad typos). */
    unknown: string[];
    /** Weight of each unknown word (same order): words of a context clause weigh less. */
    unknownWeights: number[];
    /** Each unknown word as written (normalised, same order). */
    unknownWords: string[];
    /** Words of the normalised text. */
    words: string[];
    /** How many of those words carry FAQ meaning (a concept or a knowledge-base word). */
    contentWords: number;
    medical: boolean;
    drug: boolean;
    offTopic: boolean;
    /** At least one concept that makes the message about CPMS access. */
    domain: boolean;
    /** {@link domain} without the concepts that only say where (`PLACE_CONCEPTS`): lifts the off-topic flag. */
    accessDomain: boolean;
    /** Names another system (mail, Wi-Fi...) and neither CPMS, EU Login nor the network. */
    otherSystem: boolean;
    /** Names a topic no answer covers (see `Lexicon.declinedTopics`). */
    declinedTopic: boolean;
    /**
     * When a clause asks only for the next step ("what now?") and the others name concepts: those
     * concepts, the steps behind the user (see `JOURNEY` in lexicon.ts).
     */
    stepsBehind?: Array<Set<string>>;
}

interface Phrase {
    stems: string[];
    concepts: string[];
}

/** Phrases indexed by their first word (stem or surface form), longest first, so the longest match wins. */
class PhraseIndex {
    private readonly byFirst = new Map<string, Phrase[]>();

    add(stems: string[], concepts: string[]): void {
        if (stems.length === 0) return;
        const list = this.byFirst.get(stems[0]) ?? [];
        const same = list.find((p) => p.stems.join(' ') === stems.join(' '));
        if (same) same.concepts.push(...concepts.filter((c) => !same.concepts.includes(c)));
        else list.push({ stems, concepts: [...concepts] });
        list.sort((a, b) => b.stems.length - a.stems.length);
        this.byFirst.set(stems[0], list);
    }

    /** The longest phrase starting at `i`, or undefined. */
    at(stems: readonly string[], i: number): Phrase | undefined {
        return this.byFirst.get(stems[i])?.find((p) => p.stems.every((s, k) => stems[i + k] === s));
    }

    has(first: string): boolean {
        return this.byFirst.has(first);
    }
}

const NO_POSITIONS: ReadonlySet<number> = new Set();

/** Positions of the words of context clauses (weighed under 1): what the message tells, not what it asks. */
function contextPositions(tokens: readonly Token[]): Set<number> {
    return new Set(tokens.flatMap((t, i) => (t.weight < 1 ? [i] : [])));
}

/** Words that flag a message (clinical, drug, small talk), by stem and as written. */
class Flag {
    private readonly byStem = new PhraseIndex();
    private readonly bySurface = new PhraseIndex();

    add(stems: string[], surface: string[]): void {
        this.byStem.add(stems, []);
        this.bySurface.add(surface, []);
    }

    /**
     * Whether the message holds a flag phrase: as written anywhere, or by stem where the word is
     * not a concept written exactly as listed ("operator" is a person, not an "operatie").
     */
    anyIn(raw: string[], stems: string[], listed: ReadonlySet<number>, ignored: ReadonlySet<number> = NO_POSITIONS): boolean {
        return raw.some((_, i) => !ignored.has(i) && (this.bySurface.at(raw, i) !== undefined || (!listed.has(i) && this.byStem.at(stems, i) !== undefined)));
    }

    has(firstStem: string): boolean {
        return this.byStem.has(firstStem);
    }

    /** Whether a flag phrase written as listed starts at `i`. */
    listedAt(raw: string[], i: number): boolean {
        return this.bySurface.at(raw, i) !== undefined;
    }

    /** Words of the longest flag phrase written as listed at `i` (0 = none). */
    listedLengthAt(raw: string[], i: number): number {
        return this.bySurface.at(raw, i)?.stems.length ?? 0;
    }
}

/**
 * The concepts of each clause that reports a finished step, when one clause asks only for the
 * next step ({@link NEXT_CONCEPT} and nothing but CPMS's names or qualifiers).
 */
function stepsBehind(byClause: ReadonlyMap<number, ClauseConcepts>): Array<Set<string>> | undefined {
    const asksNext = (c: ClauseConcepts) => c.asks && c.concepts.has(CONCEPT_PREFIX + NEXT_CONCEPT) && [...c.concepts].every((t) => NEXT_CLAUSE_CONCEPTS.has(t));
    const behind: Array<Set<string>> = [];
    let asked = false;
    for (const clause of byClause.values()) {
        if (asksNext(clause)) asked = true;
        // A problem ("my clinic isn't there") is what the user asks about, not a step behind them.
        else if ([...clause.concepts].some((t) => PROBLEMS.has(t))) return undefined;
        else if (clause.reportsDone && clause.concepts.size > 0) behind.push(clause.concepts);
    }
    return asked && behind.length > 0 ? behind : undefined;
}

/**
 * One language's view of text: normalise, correct typos against the known vocabulary, find
 * phrases and synonyms (mapped to shared concepts), drop stopwords, flag clinical questions and
 * small talk. Built once per knowledge-base load.
 * @remarks Concepts are looked up by the words as written first, then by stems: stems are cut
 * short, so unrelated words can share one ("operator"/"operatie", "collega"/"collego",
 * "coordinates"/"coordinator"); a word listed as written keeps only its own meaning.
 */
export class LanguageModel {
    private readonly stopwords: Set<string>;
    private readonly concepts = new PhraseIndex();
    /** The same phrases by their normalised words, unstemmed. */
    private readonly surfaceConcepts = new PhraseIndex();
    private readonly medicalTerms = new Flag();
    private readonly drugs = new Flag();
    private readonly offTopic = new Flag();
    private readonly otherSystems = new Flag();
    private readonly declinedTopics = new Flag();
    /** Every word list that takes a word out of the FAQ's meaning (clinical, small talk, other systems, declined topics). */
    private readonly flagLists = [this.medicalTerms, this.drugs, this.offTopic, this.otherSystems, this.declinedTopics];
    /** The lists whose phrases, written as listed, mean only that (see {@link smallTalkLengthAt}). */
    private readonly phraseFlagLists = [this.offTopic, this.otherSystems, this.declinedTopics];
    private readonly questionStarts = new PhraseIndex();
    /** See `Lexicon.doneMarkers`, by normalised words as written. */
    private readonly doneMarkers = new PhraseIndex();
    /** See `Lexicon.contrastMarkers`, by normalised words as written. */
    private readonly contrastMarkers = new PhraseIndex();
    private readonly promptAnswers: Set<string>;
    /** Stems of the knowledge base's own words: content terms even without a concept. */
    private readonly kbStems = new Set<string>();
    /**
     * The knowledge base's own words as written: a flag word is never found in one of them by
     * stem alone (Italian "fa parte" is not a football "partita", Spanish "solo" not "sol").
     */
    private readonly kbWords = new Set<string>();
    /** Every stem this language knows: language detection and "is this a typo?". */
    private readonly vocabulary = new Set<string>();
    /** Whole known words (before stemming): what a misspelt word is corrected to. */
    private readonly surfaceWords = new Set<string>();
    /** Words of the lexicon (not only of the knowledge base, whose phrasings hold typos on purpose). */
    private readonly lexiconSurface = new Set<string>();
    /** The same words by length: a word is only compared with words of about its length. */
    private readonly surfaceByLength = new Map<number, string[]>();
    /** Those words' letter histograms, in the same order: most are ruled out before an alignment. */
    private readonly histogramsByLength = new Map<number, Uint8Array[]>();
    /** Corrections already worked out (the same misspellings recur); emptied when it grows large. */
    private readonly corrections = new Map<string, string | undefined>();

    private readonly rewrites: Rewrite[];
    private readonly stem: Stem;
    /** See `Lexicon.compoundLinks`; empty: compounds are not split. */
    private readonly compoundLinks: readonly string[];
    /** See `Lexicon.placeWords` and `Lexicon.nounsCapitalised`. */
    private readonly placeWords: ReadonlySet<string>;
    private readonly nounsCapitalised: boolean;
    /** Drug-name endings of this language (see `Lexicon.drugNamePattern`), if it has any. */
    private readonly drugName: RegExp | undefined;

    /** @param contextWeight weight of context clauses (see {@link CONTEXT_WEIGHT}; change only to measure). */
    constructor(
        readonly lng: string,
        lexicon: Lexicon,
        private readonly contextWeight: number = CONTEXT_WEIGHT,
        private readonly doneStepWeight: number = DONE_STEP_WEIGHT,
        private readonly doneRuns: boolean = DONE_RUNS,
    ) {
        this.rewrites = compileRewrites(lexicon.rewrites);
        this.compoundLinks = lexicon.compoundLinks.map((l) => this.normalise(l));
        this.stem = createStemmer(lng, lexicon.stemmer);
        this.placeWords = new Set(lexicon.placeWords.map((w) => this.normalise(w)));
        this.nounsCapitalised = lexicon.nounsCapitalised;
        this.drugName = lexicon.drugNamePattern ? new RegExp(lexicon.drugNamePattern, 'u') : undefined;
        this.stopwords = new Set(lexicon.stopwords.filter((w) => !w.includes(' ')).map((w) => this.normalise(w)));
        for (const phrase of lexicon.stopwords.filter((w) => w.includes(' '))) this.addConcept(phrase, []);
        for (const [concept, list] of Object.entries(lexicon.concepts)) {
            for (const surface of list) this.addConcept(surface, [CONCEPT_PREFIX + concept]);
        }
        for (const t of lexicon.medicalTerms) this.flag(this.medicalTerms, t);
        for (const t of lexicon.drugs) this.flag(this.drugs, t);
        for (const t of lexicon.offTopicTerms) this.flag(this.offTopic, t);
        for (const t of lexicon.otherSystems) this.flag(this.otherSystems, t);
        for (const t of lexicon.declinedTopics) this.flag(this.declinedTopics, t);
        for (const t of lexicon.questionWords) this.questionStarts.add(this.stems(t), ['question']);
        for (const t of lexicon.doneMarkers) this.doneMarkers.add(words(this.normalise(t)), ['done']);
        for (const t of lexicon.contrastMarkers) this.contrastMarkers.add(words(this.normalise(t)), ['contrast']);
        this.promptAnswers = new Set(lexicon.promptAnswers.map((a) => this.normalise(a)));
        const lexiconWords = [...lexicon.stopwords, ...Object.values(lexicon.concepts).flat(), ...lexicon.questionWords];
        for (const text of lexiconWords) for (const w of this.addWords(text)) this.lexiconSurface.add(w);
    }

    /** {@link normalise} with this language's rewrites. */
    normalise(text: string): string {
        return normalise(text, this.rewrites);
    }

    private addConcept(phrase: string, concepts: string[]): void {
        const surface = words(this.normalise(phrase));
        this.concepts.add(surface.map((w) => this.stem(w)), concepts);
        this.surfaceConcepts.add(surface, concepts);
    }

    private flag(flag: Flag, phrase: string): void {
        const surface = words(this.normalise(phrase));
        flag.add(surface.map((w) => this.stem(w)), surface);
    }

    /** Adds the knowledge base's words (questions and keywords) to the vocabulary. */
    learn(texts: string[]): void {
        for (const text of texts) {
            for (const w of words(this.normalise(text))) {
                if (this.stopwords.has(w)) continue;
                this.kbStems.add(this.stem(w));
                this.kbWords.add(w);
            }
            this.addWords(text);
        }
    }

    /** Adds a text's words to the vocabulary (and the typo targets); returns them, normalised. */
    private addWords(text: string): string[] {
        const found = words(this.normalise(text));
        for (const w of found) {
            this.vocabulary.add(this.stem(w));
            if (w.length >= MIN_TYPO_WORD_LENGTH - 1 && /^\p{L}+$/u.test(w) && !this.surfaceWords.has(w)) {
                this.surfaceWords.add(w);
                const sameLength = this.surfaceByLength.get(w.length) ?? [];
                sameLength.push(w);
                this.surfaceByLength.set(w.length, sameLength);
                const histograms = this.histogramsByLength.get(w.length) ?? [];
                histograms.push(letterHistogram(w));
                this.histogramsByLength.set(w.length, histograms);
            }
            this.corrections.clear();
        }
        return found;
    }

    private stems(text: string): string[] {
        return words(this.normalise(text)).map((w) => this.stem(w));
    }

    /** The stem of the closest known word, when the word is a plausible typo of it (see {@link MAX_TYPO_EDITS}). */
    private correct(word: string): string | undefined {
        if (this.corrections.has(word)) return this.corrections.get(word);
        const corrected = this.closestKnown(word);
        if (this.corrections.size >= MAX_CACHED_CORRECTIONS) this.corrections.clear();
        this.corrections.set(word, corrected);
        return corrected;
    }

    /**
     * A four-letter word is corrected only to a concept's word, and only by swapping two neighbours
     * after the first letter ("cmps" → "cpms"): a substitution, or a knowledge-base typo as the
     * target ("quel" → "qule"), would make real short words knowledge-base words.
     */
    private swapOfKnown(word: string): string | undefined {
        const known = this.surfaceByLength.get(word.length) ?? [];
        for (let i = 1; i + 1 < word.length; i++) {
            const swapped = word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
            if (swapped !== word && known.includes(swapped) && this.concepts.at([this.stem(swapped)], 0) !== undefined) return this.stem(swapped);
        }
        return undefined;
    }

    private closestKnown(word: string): string | undefined {
        if (word.length === MIN_TYPO_WORD_LENGTH - 1 && /^\p{L}+$/u.test(word)) return this.swapOfKnown(word);
        if (word.length < MIN_TYPO_WORD_LENGTH || !/^\p{L}+$/u.test(word)) return undefined;
        const max = word.length >= LONG_TYPO_WORD_LENGTH ? MAX_TYPO_EDITS + 1 : MAX_TYPO_EDITS;
        let best: string | undefined;
        let bestDistance = max + 1;
        // Ties go to the word with the same first letter (typos rarely hit the first one), then to
        // a lexicon word over a knowledge-base typo ("asistenza" → "assistenza", not "assitenza").
        const rank = (known: string) => (known[0] === word[0] ? 0 : 2) + (this.lexiconSurface.has(known) ? 0 : 1);
        const histogram = letterHistogram(word);
        for (let length = word.length - max; length <= word.length + max; length++) {
            const known = this.surfaceByLength.get(length) ?? [];
            const histograms = this.histogramsByLength.get(length) ?? [];
            for (let i = 0; i < known.length; i++) {
                const limit = Math.min(max, bestDistance);
                if (histogramDistance(histogram, histograms[i]) > limit) continue;
                const d = editDistance(word, known[i], limit);
                if (d < bestDistance || (d === bestDistance && best !== undefined && rank(known[i]) < rank(best))) {
                    best = known[i];
                    bestDistance = d;
                }
            }
        }
        if (best === undefined || bestDistance > max) return undefined;
        // Two edits only keep the first letter ("verificaton"), never "presenting" → "resetting".
        return bestDistance < 2 || best[0] === word[0] ? this.stem(best) : undefined;
    }

    /**
     * The words of a message, each with the weight of its clause and whether it is capitalised
     * inside a sentence. Clauses that end with "?" (or, if none does, open with a question word)
     * ask the question; the others are context, when there are both.
     */
    private tokens(text: string): Token[] {
        const parts = text.split(CLAUSE_SPLIT_RE);
        const clauses: Clause[] = [];
        let opensSentence = true;
        let continuesSentence = false;
        for (let i = 0; i < parts.length; i += 2) {
            const separator = parts[i + 1] ?? '';
            const clauseWords = words(this.normalise(parts[i]));
            if (clauseWords.length > 0) clauses.push({ text: parts[i], words: clauseWords, asks: separator.includes('?'), opensSentence, continuesSentence });
            if (separator !== '' || parts[i].trim() !== '') {
                opensSentence = /[.!?\n]/.test(separator);
                continuesSentence = WEAK_SEPARATOR_RE.test(separator);
            }
        }
        if (!clauses.some((c) => c.asks)) for (const c of clauses) c.asks = this.startsAsQuestion(c.text);
        this.widenThinQuestions(clauses);
        const focused = clauses.some((c) => !c.asks) && this.askingWords(clauses) >= FOCUS_MIN_WORDS;
        this.markDoneSteps(clauses);
        const turn = this.contrastTurn(clauses);
        const anyOpen = clauses.some((c) => !c.done);
        const tokens: Token[] = [];
        for (const [index, clause] of clauses.entries()) {
            const reportsDone = !clause.asks && clause.words.some((_, i) => this.doneMarkers.at(clause.words, i) !== undefined);
            const where = { index, asks: clause.asks, reportsDone };
            let weight = focused && !clause.asks ? this.contextWeight : 1;
            if (clause.done && anyOpen) weight = Math.min(weight, this.doneStepWeight);
            const { capitalised, names } = this.capitalisedWords(clause);
            // Names are dropped only from context: a lone "Cardiac Surgery Centre Cluj" stays unknown.
            const context = clauses.length > 1 && !clause.asks;
            clause.words.forEach((word, w) => {
                // Before the turn of a contrast, words are context, or steps behind with a done marker.
                const before = turn !== undefined && (index < turn.clause || (index === turn.clause && w < turn.word));
                const wordWeight = before ? Math.min(weight, turn.behind ? this.doneStepWeight : this.contextWeight) : weight;
                for (const part of this.compoundParts(word)) tokens.push({ word: part, clause: where, weight: wordWeight, capitalised: capitalised.has(word), name: context && names.has(word) });
            });
        }
        return tokens;
    }

    /**
     * The words of a clause written capitalised inside a sentence, and those of them read as
     * names: all of them, or in a language that capitalises nouns, those after a place word and
     * the capitalised words that follow one ("in Sankt Ortwin"). A hyphen splits a name's parts.
     */
    private capitalisedWords(clause: Clause): { capitalised: Set<string>; names: Set<string> } {
        const capitalised = new Set<string>();
        const names = new Set<string>();
        let previous = '';
        let previousName = false;
        clause.text.trim().split(/\s+/).forEach((w, k) => {
            w.split(/[-‐]/u).forEach((piece, j) => {
                const bare = piece.normalize('NFKD').replace(/\p{M}+/gu, '').replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
                const word = bare.toLowerCase();
                const capital = (k > 0 || j > 0 || !clause.opensSentence) && CAPITALISED_RE.test(bare);
                if (capital) capitalised.add(word);
                const name = capital && (!this.nounsCapitalised || this.placeWords.has(previous) || previousName);
                if (name) names.add(word);
                // A name's lower-case link ("sur" in "Lonzée-sur-Meuse") keeps the chain going.
                if (word !== '') {
                    previousName = name || (previousName && j > 0);
                    previous = word;
                }
            });
        });
        return { capitalised, names };
    }

    /**
     * A question too thin to stand alone ("c'est quoi exactement, le CPMS ?") takes in the clauses
     * of its own sentence before it, back to a full stop, a semicolon, a colon or a dash: the
     * clauses before that are context ("mon chef m'a demandé de présenter une patiente ; ...").
     */
    private widenThinQuestions(clauses: Clause[]): void {
        const content = (c: Clause) => c.words.filter((w) => !this.stopwords.has(w)).length;
        // A clause that reports a step done stays behind the question ("EU Login created, what next?").
        const reportsDone = (c: Clause) => c.words.some((_, k) => this.doneMarkers.at(c.words, k) !== undefined);
        clauses.forEach((c, i) => {
            if (!c.asks || !c.continuesSentence) return;
            let asked = content(c);
            for (let j = i; j > 0 && asked < FOCUS_MIN_WORDS && clauses[j].continuesSentence && !clauses[j - 1].asks && !reportsDone(clauses[j - 1]); j--) {
                clauses[j - 1].asks = true;
                asked += content(clauses[j - 1]);
            }
        });
    }

    /** Words of the clauses that ask, stop words aside (see {@link FOCUS_MIN_WORDS}). */
    private askingWords(clauses: readonly Clause[]): number {
        let n = 0;
        for (const c of clauses) if (c.asks) for (const w of c.words) if (!this.stopwords.has(w)) n++;
        return n;
    }

    /**
     * Marks the clauses that report finished steps (see {@link DONE_STEP_WEIGHT}): a run of short
     * clauses that do not ask, one of which holds a done marker ("request sent, profile HP,
     * hospital selected"), is a list of steps behind the user, the unmarked items too, but never
     * a clause that names a problem ("code not received").
     */
    private markDoneSteps(clauses: Clause[]): void {
        let run: Clause[] = [];
        let marked = false;
        const close = () => {
            for (const c of run) c.done = marked && !c.problem && (this.doneRuns || run.length === 1 || c.done);
            run = [];
            marked = false;
        };
        for (const c of clauses) {
            const w = c.words;
            if (c.asks || w.length > DONE_CLAUSE_MAX_WORDS) {
                close();
                c.done = false;
                continue;
            }
            // "the code does not work", "SMS not received": a marker next to a problem is the problem,
            // and a problem is never a step behind the user, even in a run of ticked steps.
            c.problem = this.namesProblem(w);
            c.done = !c.problem && w.some((_, i) => this.doneMarkers.at(w, i) !== undefined);
            marked ||= c.done;
            run.push(c);
        }
        close();
    }

    /**
     * Where the last contrast marker turns the message ("..., but I still don't get what an ERN
     * is"), when what follows it holds at least {@link CONTRAST_MIN_WORDS} words of its own and
     * what precedes it names no problem; `behind` when the words before it report a finished step
     * (a done marker).
     */
    private contrastTurn(clauses: readonly Clause[]): { clause: number; word: number; behind: boolean } | undefined {
        if (!CONTRAST_FOCUS) return undefined;
        let turn: { clause: number; word: number } | undefined;
        clauses.forEach((c, ci) => {
            c.words.forEach((_, wi) => {
                if (this.contrastMarkers.at(c.words, wi) !== undefined && (ci > 0 || wi > 0)) turn = { clause: ci, word: wi };
            });
        });
        if (!turn) return undefined;
        const at = turn;
        const after = [...clauses[at.clause].words.slice(at.word + 1), ...clauses.slice(at.clause + 1).flatMap((c) => c.words)];
        const before = [...clauses.slice(0, at.clause).flatMap((c) => c.words), ...clauses[at.clause].words.slice(0, at.word)];
        // A problem before the turn is the topic: "I'm not in any ERN, but I have a patient to discuss".
        if (after.filter((w) => !this.stopwords.has(w)).length < CONTRAST_MIN_WORDS || this.namesProblem(before)) return undefined;
        const behind = before.some((_, i) => this.doneMarkers.at(before, i) !== undefined);
        return { ...at, behind };
    }

    /** Whether the words hold a concept of something gone wrong ({@link PROBLEMS}: "not", "can't", "lost"...). */
    private namesProblem(w: readonly string[]): boolean {
        const stems = w.map((x) => this.stem(x));
        return w.some((_, i) => [this.surfaceConcepts.at(w, i), this.concepts.at(stems, i)].some((p) => p?.concepts.some((c) => PROBLEMS.has(c))));
    }

    /**
     * A word this language does not know, made of two words it does ("zugangsantrag" → "zugang",
     * "antrag"), as those two; any other word as itself. The longest known head wins.
     */
    private compoundParts(word: string): string[] {
        // A word a flag list holds whole ("personalportal", "dienstmail") means that, not its parts.
        if (this.compoundLinks.length === 0 || word.length < 2 * MIN_COMPOUND_PART_LENGTH || this.knowsPart(word) || this.isFlagWord(this.stem(word))) return [word];
        for (let end = word.length - MIN_COMPOUND_PART_LENGTH; end >= MIN_COMPOUND_PART_LENGTH; end--) {
            const head = word.slice(0, end);
            if (!this.knowsPart(head)) continue;
            for (const link of this.compoundLinks) {
                if (!word.startsWith(link, end)) continue;
                const tail = word.slice(end + link.length);
                if (tail.length >= MIN_COMPOUND_PART_LENGTH && this.knowsPart(tail)) return [head, tail];
            }
        }
        return [word];
    }

    /** A content word of the vocabulary (not a stopword): a possible part of a compound. */
    private knowsPart(word: string): boolean {
        return !this.stopwords.has(word) && this.vocabulary.has(this.stem(word));
    }

    /** Reads a message: see {@link Analysis}. */
    analyse(text: string): Analysis {
        const tokens = this.tokens(text);
        const raw = tokens.map((t) => t.word);
        const stems = raw.map((w, i) => {
            const s = this.stem(w);
            if (this.vocabulary.has(s) || this.stopwords.has(w) || this.isFlagWord(s) || tokens[i].capitalised) return s;
            return this.correct(w) ?? s;
        });
        const terms = new Set<string>();
        const termWeights = new Map<string, number>();
        /** Position of the last "not", to read a following concept in its negated form. */
        let negatedUntil = -1;
        /** Word positions of each concept as found (before negation): see {@link MEMBERSHIP_NEGATION_WINDOW}. */
        const positions = new Map<string, number[]>();
        const addTerm = (term: string, weight: number, at: number) => {
            const seen = positions.get(term);
            if (seen) seen.push(at);
            else positions.set(term, [at]);
            const negated = NEGATED_CONCEPTS[term.slice(CONCEPT_PREFIX.length)];
            const t = term.startsWith(CONCEPT_PREFIX) && negated !== undefined && at <= negatedUntil ? CONCEPT_PREFIX + negated : term;
            if (term === CONCEPT_PREFIX + NEGATION_CONCEPT) negatedUntil = at + NEGATION_WINDOW;
            terms.add(t);
            termWeights.set(t, Math.max(weight, termWeights.get(t) ?? 0));
        };
        const unknown: string[] = [];
        const unknownWeights: number[] = [];
        const unknownWords: string[] = [];
        /** Concepts (as found, before negation) of each clause: see {@link Analysis.stepsBehind}. */
        const byClause = new Map<number, ClauseConcepts>();
        const conceptsOfClause = (clause: Token['clause']) => {
            const found = byClause.get(clause.index) ?? { ...clause, concepts: new Set<string>() };
            byClause.set(clause.index, found);
            return found.concepts;
        };
        /** Positions read as a concept written exactly as listed: never flagged by a look-alike stem. */
        const listed = new Set<number>();
        let contentWords = 0;
        for (let i = 0; i < stems.length; ) {
            // Words of a small-talk or other-system phrase written as listed mean only that: the
            // "meeting" of "meeting room" or the "openings" of "job openings" are no CPMS concept.
            const smallTalk = this.smallTalkLengthAt(raw, i);
            if (smallTalk > 0) {
                i += smallTalk;
                continue;
            }
            const phrase = this.phraseAt(raw, stems, i);
            const weight = tokens[i].weight;
            if (phrase) {
                phrase.concepts.forEach((c) => addTerm(c, weight, i));
                for (const c of phrase.concepts) conceptsOfClause(tokens[i].clause).add(c);
                if (phrase.concepts.length > 0) contentWords += phrase.stems.length;
                if (phrase.surface) for (let k = 0; k < phrase.stems.length; k++) listed.add(i + k);
                i += phrase.stems.length;
                continue;
            }
            const s = stems[i];
            if (!this.stopwords.has(raw[i])) {
                if (this.kbStems.has(s)) {
                    addTerm(s, weight, i);
                    contentWords += 1;
                } else if (!this.isFlagWord(s) && !tokens[i].name) {
                    unknown.push(s);
                    unknownWeights.push(weight);
                    unknownWords.push(raw[i]);
                }
            }
            i += 1;
        }
        weighNegation(terms, termWeights, positions);
        // Stem matches of flag words skip the knowledge base's own words (see kbWords).
        const shielded = new Set([...listed, ...raw.flatMap((w, i) => (this.kbWords.has(w) ? [i] : []))]);
        const drug = this.drugs.anyIn(raw, stems, listed) || raw.some((w, i) => !listed.has(i) && w.length >= MIN_DRUG_WORD_LENGTH && this.drugName !== undefined && this.drugName.test(w));
        return {
            stepsBehind: stepsBehind(byClause),
            terms,
            termWeights,
            unknown,
            unknownWeights,
            unknownWords,
            words: raw,
            contentWords,
            medical: this.medicalTerms.anyIn(raw, stems, shielded),
            drug,
            offTopic: this.offTopic.anyIn(raw, stems, shielded),
            domain: DOMAIN_CONCEPTS.some((c) => terms.has(CONCEPT_PREFIX + c)),
            accessDomain: ACCESS_CONCEPTS.some((c) => terms.has(CONCEPT_PREFIX + c)),
            otherSystem: this.otherSystems.anyIn(raw, stems, shielded) && !SYSTEM_ANCHOR_CONCEPTS.some((c) => terms.has(CONCEPT_PREFIX + c)),
            // "Costa Linda" is a place, not a price ("costo"): a name is never a topic. Nor is a
            // context clause's: "I coordinate clinical trials; can nurses have an account?" asks about access.
            declinedTopic: this.declinedTopics.anyIn(raw, stems, new Set([...shielded, ...tokens.flatMap((t, i) => (t.name ? [i] : []))]), contextPositions(tokens)),
        };
    }

    /**
     * The concept phrase at `i`: the longest of the phrase written as listed and the phrase by
     * stems; a single word found only by its stem gives way to a stopword or to a clinical or
     * small-talk word written as listed ("tratto" is a treatment, not "tratta" = deals with).
     */
    private phraseAt(raw: string[], stems: string[], i: number): (Phrase & { surface: boolean }) | undefined {
        const surface = this.surfaceConcepts.at(raw, i);
        const byStem = this.concepts.at(stems, i);
        if (surface && (!byStem || surface.stems.length >= byStem.stems.length)) return { ...surface, surface: true };
        if (!byStem) return undefined;
        if (byStem.stems.length > 1) return { ...byStem, surface: false };
        const flagged = this.flagLists.some((f) => f.listedAt(raw, i));
        return this.stopwords.has(raw[i]) || flagged ? undefined : { ...byStem, surface: false };
    }

    /** Words in the small-talk or other-system phrase written as listed at `i` (0 = none). */
    private smallTalkLengthAt(raw: string[], i: number): number {
        return Math.max(...this.phraseFlagLists.map((f) => f.listedLengthAt(raw, i)));
    }

    /** Clinical and small-talk words are known (not typos) but carry no FAQ meaning. */
    private isFlagWord(s: string): boolean {
        return this.flagLists.some((f) => f.has(s));
    }

    /** True when the message opens with a question word or phrase of this language. */
    startsAsQuestion(text: string): boolean {
        const stems = this.stems(text);
        return stems.length > 0 && this.questionStarts.at(stems, 0) !== undefined;
    }

    /** How many words the message has once normalised. */
    wordCount(text: string): number {
        return words(this.normalise(text)).length;
    }

    /** True when the whole message is a short prompt answer (yes, no, done, back, skip...). */
    isPromptAnswer(text: string): boolean {
        return this.promptAnswers.has(this.normalise(text));
    }

    /** How many words of the message this language knows and no other of `others` does. */
    exclusiveWords(text: string, others: LanguageModel[]): number {
        const raw = words(this.normalise(text));
        return raw.filter((w) => this.knows(w) && !others.some((o) => o.knows(w))).length;
    }

    /**
     * Whether this language reads the normalised word as a stopword or as a word of one of its
     * concepts (a bare knowledge-base word or a flag word stays unexplained).
     */
    explains(word: string): boolean {
        return this.stopwords.has(word) || this.surfaceConcepts.at([word], 0) !== undefined || this.concepts.at([this.stem(word)], 0) !== undefined;
    }

    private knows(word: string): boolean {
        return this.stopwords.has(word) || this.vocabulary.has(this.stem(word));
    }
}
