import { FaqEntry, FaqKnowledgeBase } from './knowledgeBase';
import { Analysis, CONCEPT_PREFIX, CONTEXT_WEIGHT, LanguageModel } from './languageModel';
import { QUALIFIER_CONCEPTS } from './lexicon';

/**
 * Score bands (0 = perfect match, 1 = nothing in common), chosen on the tune split of
 * `test/faq/labelled-tune.json` with `test/bench/faq.ts`: at or below {@link ANSWER_MAX_SCORE}
 * the bot answers; up to {@link SUGGEST_MAX_SCORE} it offers "did you mean"; above, it says it
 * does not know.
 */
export const ANSWER_MAX_SCORE = 0.45;
export const SUGGEST_MAX_SCORE = 0.62;
/** Most entries in a "did you mean" list. */
export const MAX_SUGGESTIONS = 3;
/**
 * Mid-dialog, text without a question word or "?" is answered only below this score and with at
 * least {@link STRICT_MIN_TERMS_UNMARKED} meaningful words ("lost my phone need new code").
 */
export const STRICT_STRONG_SCORE = 0.2;
export const STRICT_MIN_TERMS_UNMARKED = 3;
/** Mid-dialog, a question needs at least this many meaningful words (never a single word). */
export const STRICT_MIN_TERMS = 2;
/** "HP?" or "Padova?" are choices, not questions: a bare "?" counts only from this many words. */
const STRICT_MIN_WORDS_WITH_MARK = 3;

/** See {@link ScoringParams.keywordRecall}; chosen on the tune split (0, 0.5 and 1 measured). */
export const KEYWORD_RECALL = 1;

/** Knobs of the score, exposed so the benchmark can measure alternatives. */
export interface ScoringParams {
    /**
     * Weight of words the language does not know, as if they appeared in this fraction of one
     * entry: above every known word's weight, so a question about something else scores badly.
     */
    unknownDocumentFrequency: number;
    /** Share of the score from how much of the question an entry explains (the rest: phrasing covered). */
    precisionWeight: number;
    /** Upper end of the answer band (see {@link ANSWER_MAX_SCORE}). */
    answerMaxScore: number;
    /** Also read a question in the supported language it is clearly written in. */
    detectLanguage: boolean;
    /** Weight of the words of a context clause next to the question clause (see {@link CONTEXT_WEIGHT}). */
    contextWeight: number;
    /**
     * Recall a keyword of two or more terms gives when the question covers it, as a share of a
     * phrasing's ("old cpms" answers "is the old CPMS being replaced"); 0 = keywords count for
     * precision only.
     */
    keywordRecall: number;
}

export const DEFAULT_SCORING: ScoringParams = {
    unknownDocumentFrequency: 0.5,
    precisionWeight: 0.6,
    answerMaxScore: ANSWER_MAX_SCORE,
    detectLanguage: true,
    contextWeight: CONTEXT_WEIGHT,
    keywordRecall: KEYWORD_RECALL,
};
/** Concept terms that only qualify a topic (see {@link QUALIFIER_CONCEPTS}). */
const QUALIFIERS: ReadonlySet<string> = new Set(QUALIFIER_CONCEPTS.map((c) => CONCEPT_PREFIX + c));
/** A different language is tried when it knows this many more of the words than the user's. */
const MIN_EXCLUSIVE_WORDS_FOR_OTHER_LANGUAGE = 2;

/** What the matcher concluded about a question. */
export type FaqOutcome =
    | { kind: 'answer'; entry: FaqEntry; score: number; language: string }
    | { kind: 'suggest'; entries: FaqEntry[]; score: number; language: string }
    | { kind: 'medical' }
    | { kind: 'unknown'; score: number };

/** One entry with its score, best first in {@link FaqMatcher.rank}. */
export interface RankedEntry {
    entry: FaqEntry;
    score: number;
}

interface IndexedEntry {
    entry: FaqEntry;
    phrasings: Array<Set<string>>;
    keywords: Set<string>;
    /** Keywords of two or more terms, each read as a short phrasing for recall. */
    keywordPhrasings: Array<Set<string>>;
}

/** The scoring index of one language. */
class LanguageIndex {
    readonly entries: IndexedEntry[];
    private readonly idf = new Map<string, number>();
    private readonly unknownWeight: number;

    constructor(readonly model: LanguageModel, entries: readonly FaqEntry[], private readonly params: ScoringParams) {
        model.learn(entries.flatMap((e) => [...e.questions, ...e.keywords]));
        this.entries = entries.map((entry) => ({
            entry,
            phrasings: entry.questions.map((q) => model.analyse(q).terms),
            keywords: new Set(entry.keywords.flatMap((k) => [...model.analyse(k).terms])),
            keywordPhrasings: entry.keywords.map((k) => model.analyse(k).terms).filter((t) => t.size >= 2),
        }));
        const df = new Map<string, number>();
        for (const e of this.entries) {
            const all = new Set([...e.keywords, ...e.phrasings.flatMap((p) => [...p])]);
            for (const t of all) df.set(t, (df.get(t) ?? 0) + 1);
        }
        const n = this.entries.length;
        for (const [t, f] of df) this.idf.set(t, Math.log(1 + n / f));
        this.unknownWeight = Math.log(1 + n / params.unknownDocumentFrequency);
    }

    private weight(term: string): number {
        return this.idf.get(term) ?? this.unknownWeight;
    }

    private sum(terms: Iterable<string>): number {
        let total = 0;
        for (const t of terms) total += this.weight(t);
        return total;
    }

    /**
     * 1 − similarity: how much of the question the entry explains (its phrasing or keywords) and
     * how much of its best phrasing the question covers, weighted by rarity (idf).
     */
    score(analysis: Analysis, e: IndexedEntry): number {
        // Question side: words of a context clause weigh less (see LanguageModel).
        const asked = (t: string) => this.weight(t) * (analysis.termWeights.get(t) ?? 1);
        let questionWeight = analysis.unknownWeights.reduce((a, w) => a + w, 0) * this.unknownWeight;
        for (const t of analysis.terms) questionWeight += asked(t);
        if (questionWeight === 0) return 1;
        let best = 0;
        for (const phrasing of e.phrasings) {
            let explained = 0;
            let covered = 0;
            for (const t of analysis.terms) {
                const inPhrasing = phrasing.has(t);
                if (inPhrasing || e.keywords.has(t)) explained += asked(t);
                if (inPhrasing) covered += this.weight(t);
            }
            const phrasingWeight = this.sum(phrasing);
            const precision = explained / questionWeight;
            let recall = phrasingWeight === 0 ? 0 : covered / phrasingWeight;
            if (this.params.keywordRecall > 0) {
                for (const k of e.keywordPhrasings) {
                    let kc = 0;
                    for (const t of k) if (analysis.terms.has(t)) kc += this.weight(t);
                    recall = Math.max(recall, (this.params.keywordRecall * kc) / this.sum(k));
                }
            }
            best = Math.max(best, this.params.precisionWeight * precision + (1 - this.params.precisionWeight) * recall);
        }
        return 1 - best;
    }

    rank(analysis: Analysis): RankedEntry[] {
        return this.entries
            .map((e) => ({ entry: e.entry, score: this.score(analysis, e) }))
            .sort((a, b) => a.score - b.score || a.entry.id.localeCompare(b.entry.id));
    }
}

interface Reading {
    language: string;
    analysis: Analysis;
    ranked: RankedEntry[];
}

/** Options of {@link FaqMatcher.match}. */
export interface MatchOptions {
    /**
     * Mid-dialog mode: answer only what clearly is a question about an entry, never short prompt
     * answers (yes, done, a hospital, a country, a role) or single words.
     */
    strict?: boolean;
}

/**
 * Finds the knowledge-base entry a question asks about, in the user's language.
 * @remarks Token overlap over synonyms and stems, weighted by rarity, with fuse.js correcting
 * typos word by word; clinical questions and small talk are declined, not forced onto an entry.
 */
export class FaqMatcher {
    private readonly indexes = new Map<string, LanguageIndex>();

    private readonly answerMaxScore: number;
    private readonly detectLanguage: boolean;

    /** @param params scoring knobs; the defaults are the measured ones (change only to measure). */
    constructor(private readonly kb: FaqKnowledgeBase, params: Partial<ScoringParams> = {}) {
        if (!kb) throw new Error("[FaqMatcher] missing 'kb'");
        const scoring = { ...DEFAULT_SCORING, ...params };
        this.answerMaxScore = scoring.answerMaxScore;
        this.detectLanguage = scoring.detectLanguage;
        for (const lng of kb.languages) {
            this.indexes.set(lng, new LanguageIndex(new LanguageModel(lng, kb.lexicon(lng), scoring.contextWeight), kb.entries(lng), scoring));
        }
    }

    /** The entry with this id in a language (`lng` as a locale, e.g. `ro-RO`). */
    entry(lng: string, id: string): FaqEntry | undefined {
        return this.kb.entry(lng, id);
    }

    entries(lng: string): readonly FaqEntry[] {
        return this.kb.entries(lng);
    }

    /** Every entry scored against the question in `lng` (or the language it is written in). */
    rank(question: string, lng: string): RankedEntry[] {
        return this.read(question, this.kb.resolve(lng)).ranked;
    }

    /** Answer, "did you mean", no medical advice, or "I do not know". */
    match(question: string, lng: string, options: MatchOptions = {}): FaqOutcome {
        const reading = this.read(question, this.kb.resolve(lng));
        const { analysis, ranked, language } = reading;
        if (options.strict && !this.isClearQuestion(question, reading)) return { kind: 'unknown', score: 1 };
        if (analysis.drug || (analysis.medical && !analysis.domain)) return { kind: 'medical' };
        const best = ranked[0];
        if (!best || (analysis.offTopic && !analysis.domain)) return { kind: 'unknown', score: best?.score ?? 1 };
        const topical = [...analysis.terms].some((t) => !QUALIFIERS.has(t));
        if (options.strict) {
            const marked = this.isMarkedQuestion(question, reading);
            const limit = marked ? this.answerMaxScore : STRICT_STRONG_SCORE;
            return topical && best.score <= limit ? { kind: 'answer', entry: best.entry, score: best.score, language } : { kind: 'unknown', score: best.score };
        }
        if (topical && best.score <= this.answerMaxScore) return { kind: 'answer', entry: best.entry, score: best.score, language };
        if (best.score <= SUGGEST_MAX_SCORE) {
            const entries = ranked.filter((r) => r.score <= SUGGEST_MAX_SCORE).slice(0, MAX_SUGGESTIONS).map((r) => r.entry);
            return { kind: 'suggest', entries, score: best.score, language };
        }
        return { kind: 'unknown', score: best.score };
    }

    /** {@link match} in mid-dialog mode: see {@link MatchOptions.strict}. */
    matchStrict(question: string, lng: string): FaqOutcome {
        return this.match(question, lng, { strict: true });
    }

    private index(lng: string): LanguageIndex {
        const index = this.indexes.get(lng);
        if (!index) throw new Error(`[FaqMatcher] no index for language "${lng}"`);
        return index;
    }

    /**
     * Reads the question in `lng`, and also in another supported language when the text is
     * clearly written in it; keeps the reading with the better best score.
     */
    private read(question: string, lng: string): Reading {
        const own = this.readIn(question, lng);
        const other = this.detectLanguage ? this.writtenIn(question, lng) : undefined;
        if (!other) return own;
        const alt = this.readIn(question, other);
        return (alt.ranked[0]?.score ?? 1) < (own.ranked[0]?.score ?? 1) ? alt : own;
    }

    private readIn(question: string, language: string): Reading {
        const index = this.index(language);
        const analysis = index.model.analyse(question);
        return { language, analysis, ranked: index.rank(analysis) };
    }

    /** Another language the question is clearly written in, if any. */
    private writtenIn(question: string, lng: string): string | undefined {
        const models = this.kb.languages.map((l) => this.index(l).model);
        let bestLanguage: string | undefined;
        let bestCount = 0;
        const counts = new Map<string, number>();
        for (const model of models) {
            const count = model.exclusiveWords(question, models.filter((m) => m !== model));
            counts.set(model.lng, count);
            if (count > bestCount) {
                bestCount = count;
                bestLanguage = model.lng;
            }
        }
        if (!bestLanguage || bestLanguage === lng) return undefined;
        return bestCount - (counts.get(lng) ?? 0) >= MIN_EXCLUSIVE_WORDS_FOR_OTHER_LANGUAGE ? bestLanguage : undefined;
    }

    /** Opens with a question word, or ends a sentence of a few words with "?". */
    private isMarkedQuestion(question: string, reading: Reading): boolean {
        const model = this.index(reading.language).model;
        if (model.startsAsQuestion(question)) return true;
        return question.includes('?') && reading.analysis.words.length >= STRICT_MIN_WORDS_WITH_MARK;
    }

    /** Mid-dialog filter: not a prompt answer, not a single word, enough meaning. */
    private isClearQuestion(question: string, reading: Reading): boolean {
        const isAnswer = this.kb.languages.some((l) => this.index(l).model.isPromptAnswer(question));
        if (isAnswer || reading.analysis.words.length < 2) return false;
        const meaningful = reading.analysis.contentWords;
        if (this.isMarkedQuestion(question, reading)) return meaningful >= STRICT_MIN_TERMS || reading.analysis.drug || reading.analysis.medical;
        return meaningful >= STRICT_MIN_TERMS_UNMARKED;
    }
}
