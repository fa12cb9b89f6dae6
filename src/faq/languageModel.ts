import Fuse from 'fuse.js';
import type { Language } from '../i18n';
import { DOMAIN_CONCEPTS, DRUG_SUFFIX_RE, Lexicon } from './lexicon';
import { normalise, stem, words } from './text';

/** Prefix of concept terms; user text never yields it, as normalisation drops punctuation. */
export const CONCEPT_PREFIX = '#';

/**
 * How far a misspelt word may be from a known one (fuse.js score, 0 = same). Whole words only:
 * {@link MAX_TYPO_LENGTH_DIFF} keeps fuse from matching a short word inside a long one.
 */
export const TYPO_THRESHOLD = 0.3;
const MAX_TYPO_LENGTH_DIFF = 1;
/** A typo match must start near the word's start: each letter of offset costs 1/TYPO_DISTANCE. */
const TYPO_DISTANCE = 4;
/** Words shorter than this are not corrected: too many short words are one letter apart. */
const MIN_TYPO_WORD_LENGTH = 5;
/** Drug-like endings are only checked on words at least this long. */
const MIN_DRUG_WORD_LENGTH = 6;

/** What one message means to the matcher. */
export interface Analysis {
    /** Concepts (`#approval`) and content stems the language knows. */
    terms: Set<string>;
    /** Content stems the language does not know (names, other topics, bad typos). */
    unknown: string[];
    /** Words of the normalised text. */
    words: string[];
    /** How many of those words carry FAQ meaning (a concept or a knowledge-base word). */
    contentWords: number;
    medical: boolean;
    drug: boolean;
    offTopic: boolean;
    /** At least one concept that makes the message about CPMS access. */
    domain: boolean;
}

interface Phrase {
    stems: string[];
    concepts: string[];
}

/** Phrases indexed by their first stem, longest first, so the longest match wins. */
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
    at(stems: string[], i: number): Phrase | undefined {
        return this.byFirst.get(stems[i])?.find((p) => p.stems.every((s, k) => stems[i + k] === s));
    }

    /** Every phrase found anywhere (overlaps allowed): for flags such as "medical". */
    anyIn(stems: string[]): boolean {
        return stems.some((_, i) => this.at(stems, i) !== undefined);
    }

    has(first: string): boolean {
        return this.byFirst.has(first);
    }
}

/**
 * One language's view of text: normalise, correct typos against the known vocabulary, find
 * phrases and synonyms (mapped to shared concepts), drop stopwords, flag clinical questions and
 * small talk. Built once per knowledge-base load.
 */
export class LanguageModel {
    private readonly stopwords: Set<string>;
    private readonly concepts = new PhraseIndex();
    private readonly medicalTerms = new PhraseIndex();
    private readonly drugs = new PhraseIndex();
    private readonly offTopic = new PhraseIndex();
    private readonly questionStarts = new PhraseIndex();
    private readonly promptAnswers: Set<string>;
    /** Stems of the knowledge base's own words: content terms even without a concept. */
    private readonly kbStems = new Set<string>();
    /** Every stem this language knows: language detection and "is this a typo?". */
    private readonly vocabulary = new Set<string>();
    /** Whole known words (before stemming): what a misspelt word is corrected to. */
    private readonly surfaceWords = new Set<string>();
    private fuse: Fuse<string> | undefined;

    constructor(readonly lng: Language, lexicon: Lexicon) {
        this.stopwords = new Set(lexicon.stopwords.filter((w) => !w.includes(' ')).map((w) => normalise(w, lng)));
        for (const phrase of lexicon.stopwords.filter((w) => w.includes(' '))) this.concepts.add(this.stems(phrase), []);
        for (const [concept, list] of Object.entries(lexicon.concepts)) {
            for (const surface of list) this.concepts.add(this.stems(surface), [CONCEPT_PREFIX + concept]);
        }
        for (const t of lexicon.medicalTerms) this.medicalTerms.add(this.stems(t), ['medical']);
        for (const t of lexicon.drugs) this.drugs.add(this.stems(t), ['drug']);
        for (const t of lexicon.offTopicTerms) this.offTopic.add(this.stems(t), ['offTopic']);
        for (const t of lexicon.questionWords) this.questionStarts.add(this.stems(t), ['question']);
        this.promptAnswers = new Set(lexicon.promptAnswers.map((a) => normalise(a, lng)));
        const lexiconWords = [...lexicon.stopwords, ...Object.values(lexicon.concepts).flat(), ...lexicon.questionWords];
        for (const text of lexiconWords) this.addWords(text);
    }

    /** Adds the knowledge base's words (questions and keywords) to the vocabulary. */
    learn(texts: string[]): void {
        for (const text of texts) {
            for (const w of words(normalise(text, this.lng))) {
                if (!this.stopwords.has(w)) this.kbStems.add(stem(w, this.lng));
            }
            this.addWords(text);
        }
        this.fuse = undefined;
    }

    private addWords(text: string): void {
        for (const w of words(normalise(text, this.lng))) {
            this.vocabulary.add(stem(w, this.lng));
            if (w.length >= MIN_TYPO_WORD_LENGTH - 1) this.surfaceWords.add(w);
        }
    }

    private stems(text: string): string[] {
        return words(normalise(text, this.lng)).map((w) => stem(w, this.lng));
    }

    private typoIndex(): Fuse<string> {
        this.fuse ??= new Fuse([...this.surfaceWords], { includeScore: true, threshold: TYPO_THRESHOLD, location: 0, distance: TYPO_DISTANCE });
        return this.fuse;
    }

    /** The stem of the known word closest to an unknown word, when it is a plausible typo of it. */
    private correct(word: string): string | undefined {
        if (word.length < MIN_TYPO_WORD_LENGTH || !/^\p{L}+$/u.test(word)) return undefined;
        const best = this.typoIndex()
            .search(word)
            .find((r) => Math.abs(r.item.length - word.length) <= MAX_TYPO_LENGTH_DIFF);
        return best ? stem(best.item, this.lng) : undefined;
    }

    /** Reads a message: see {@link Analysis}. */
    analyse(text: string): Analysis {
        const raw = words(normalise(text, this.lng));
        const stems = raw.map((w) => {
            const s = stem(w, this.lng);
            if (this.vocabulary.has(s) || this.stopwords.has(w) || this.isFlagWord(s)) return s;
            return this.correct(w) ?? s;
        });
        const terms = new Set<string>();
        const unknown: string[] = [];
        let contentWords = 0;
        for (let i = 0; i < stems.length; ) {
            const phrase = this.concepts.at(stems, i);
            if (phrase) {
                phrase.concepts.forEach((c) => terms.add(c));
                if (phrase.concepts.length > 0) contentWords += phrase.stems.length;
                i += phrase.stems.length;
                continue;
            }
            const s = stems[i];
            if (!this.stopwords.has(raw[i])) {
                if (this.kbStems.has(s)) {
                    terms.add(s);
                    contentWords += 1;
                } else if (!this.isFlagWord(s)) unknown.push(s);
            }
            i += 1;
        }
        const drug = this.drugs.anyIn(stems) || raw.some((w) => w.length >= MIN_DRUG_WORD_LENGTH && DRUG_SUFFIX_RE.test(w));
        return {
            terms,
            unknown,
            words: raw,
            contentWords,
            medical: this.medicalTerms.anyIn(stems),
            drug,
            offTopic: this.offTopic.anyIn(stems),
            domain: DOMAIN_CONCEPTS.some((c) => terms.has(CONCEPT_PREFIX + c)),
        };
    }

    /** Clinical and small-talk words are known (not typos) but carry no FAQ meaning. */
    private isFlagWord(s: string): boolean {
        return this.medicalTerms.has(s) || this.drugs.has(s) || this.offTopic.has(s);
    }

    /** True when the message opens with a question word or phrase of this language. */
    startsAsQuestion(text: string): boolean {
        const stems = this.stems(text);
        return stems.length > 0 && this.questionStarts.at(stems, 0) !== undefined;
    }

    /** True when the whole message is a short prompt answer (yes, no, done, back, skip...). */
    isPromptAnswer(text: string): boolean {
        return this.promptAnswers.has(normalise(text, this.lng));
    }

    /** How many words of the message this language knows and no other of `others` does. */
    exclusiveWords(text: string, others: LanguageModel[]): number {
        const raw = words(normalise(text, this.lng));
        return raw.filter((w) => this.knows(w) && !others.some((o) => o.knows(w))).length;
    }

    private knows(word: string): boolean {
        return this.stopwords.has(word) || this.vocabulary.has(stem(word, this.lng));
    }
}
