import { CONCEPT_PREFIX, CONTEXT_WEIGHT, DONE_STEP_WEIGHT, FOCUS_MIN_WORDS, LanguageModel } from '../../src/faq/languageModel';
import { EMPTY_LEXICON, Lexicon } from '../../src/faq/lexicon';

/** A user who lists the steps behind them ("request sent, hospital selected") asks about the next one. */
function model(doneMarkers: string[] = ['sent', 'selected', 'ok']): LanguageModel {
    const lexicon: Lexicon = {
        ...EMPTY_LEXICON,
        stopwords: ['i', 'my', 'do', 'how', 'now', 'the', 'in', 'is', 'three', 'weeks', 'ago'],
        questionWords: ['how'],
        concepts: { request: ['request'], hospital: ['hospital'], role: ['profile'], hp: ['hp'], duration: ['how long', 'wait'], eulogin: ['eu login'], missing: ['missing'] },
        doneMarkers,
    };
    const m = new LanguageModel('en', lexicon);
    m.learn(['How long do I wait for the request?']);
    return m;
}

const weightOf = (weights: Map<string, number>, concept: string) => weights.get(CONCEPT_PREFIX + concept);

describe('clauses reporting finished steps (Lexicon.doneMarkers)', () => {
    test('a run of short clauses with a done marker weighs less than context, the unmarked item too', () => {
        const { termWeights } = model().analyse('request sent, profile HP, hospital selected — now how long do I wait?');
        for (const step of ['request', 'role', 'hp', 'hospital']) expect(weightOf(termWeights, step)).toBe(DONE_STEP_WEIGHT);
        expect(weightOf(termWeights, 'duration')).toBe(1);
        expect(DONE_STEP_WEIGHT).toBeLessThan(CONTEXT_WEIGHT);
    });

    test('a message with no question clause still discounts the finished steps it lists', () => {
        const { termWeights } = model().analyse('EU Login ok, in the request form my hospital is missing');
        expect(weightOf(termWeights, 'eulogin')).toBe(DONE_STEP_WEIGHT);
        expect(weightOf(termWeights, 'missing')).toBe(1);
        expect(weightOf(termWeights, 'hospital')).toBe(1);
    });

    test('a long clause is a situation, not a ticked step; without markers nothing changes', () => {
        const situation = model().analyse('I sent my request three weeks ago in the hospital, how long do I wait now?').termWeights;
        expect(weightOf(situation, 'request')).toBe(CONTEXT_WEIGHT);
        const unmarked = model([]).analyse('request sent, profile HP, hospital selected — now how long do I wait?').termWeights;
        expect(weightOf(unmarked, 'request')).toBe(CONTEXT_WEIGHT);
    });

    test('a message made only of done clauses keeps its weights (nothing else is asked)', () => {
        const { termWeights } = model().analyse('request sent, hospital selected');
        expect(weightOf(termWeights, 'request')).toBe(1);
    });

    test('a question that only points back leaves the clause before it at full weight (FOCUS_MIN_WORDS)', () => {
        expect(FOCUS_MIN_WORDS).toBe(2);
        // "how long?" holds one word besides stop words: the request clause is the topic.
        const pointing = model().analyse('my request in the hospital, how long?').termWeights;
        expect(weightOf(pointing, 'request')).toBe(1);
        // "how long do I wait?" holds two: the request clause is context.
        const asking = model().analyse('my request in the hospital, how long do I wait?').termWeights;
        expect(weightOf(asking, 'request')).toBe(CONTEXT_WEIGHT);
        expect(weightOf(asking, 'duration')).toBe(1);
    });
});
