import { CONCEPT_PREFIX, CONTEXT_WEIGHT, DONE_STEP_WEIGHT, FOCUS_MIN_WORDS, LanguageModel } from '../../src/faq/languageModel';
import { EMPTY_LEXICON, Lexicon } from '../../src/faq/lexicon';
import { FaqKnowledgeBase } from '../../src/faq/knowledgeBase';
import { FaqMatcher } from '../../src/faq/matcher';

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

    test('a clause naming a problem is never a finished step, with a marker or in a run of them', () => {
        const { termWeights } = model().analyse('request sent, hospital missing — now how long do I wait?');
        expect(weightOf(termWeights, 'request')).toBe(DONE_STEP_WEIGHT);
        expect(weightOf(termWeights, 'hospital')).toBeGreaterThan(DONE_STEP_WEIGHT);
        expect(weightOf(termWeights, 'missing')).toBeGreaterThan(DONE_STEP_WEIGHT);
        const marked = model(['sent', 'selected', 'ok', 'missing']).analyse('request sent, hospital missing — now how long do I wait?').termWeights;
        expect(weightOf(marked, 'hospital')).toBeGreaterThan(DONE_STEP_WEIGHT);
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

describe('"what now?" after finished steps (JOURNEY): the entry after the last step named', () => {
    const kb = FaqKnowledgeBase.load();
    const matcher = new FaqMatcher(kb);
    const answered = (q: string, lng: string) => {
        const o = matcher.match(q, lng);
        return o.kind === 'answer' ? o.entry.id : o.kind;
    };

    it.each([
        ['en', 'I made my EU Login account and confirmed the e-mail. What now?', 'two-factor'],
        ['en', 'EU Login created, phone added by SMS code. What should I do next?', 'request-access'],
        ['ro', 'Am creat contul EU Login și am adăugat telefonul. Ce fac mai departe?', 'request-access'],
        ['it', 'Ho inviato la richiesta con il profilo HP. E adesso?', 'approval-time'],
        ['fr', "Ma demande est approuvée depuis hier. Je fais quoi maintenant ?", 'login'],
        ['de', 'EU-Login-Konto erstellt und bestätigt. Wie geht es weiter?', 'two-factor'],
        ['es', 'Ya creé la cuenta EU Login. ¿Qué hago ahora?', 'two-factor'],
        // The next clause may name the goal ("to get into CPMS"): still only "what next?".
        ['en', 'Phone linked, password set. Next step to get into CPMS?', 'request-access'],
        ['it', 'telefono collegato, password impostata. prossimo passo per entrare nel CPMS?', 'request-access'],
        ['en', 'access approved, mail received. next?', 'login'],
        // "already" reports a step behind the user in every language.
        ['en', 'I already have EU Login, what now?', 'two-factor'],
        ['it', 'ho già EU Login, e adesso?', 'two-factor'],
        ['fr', "J'ai déjà EU Login, et maintenant ?", 'two-factor'],
        ['de', 'Ich habe schon EU Login, was jetzt?', 'two-factor'],
        ['es', 'Ya tengo EU Login, ¿y ahora qué?', 'two-factor'],
        ['ro', 'Am deja EU Login, ce urmează?', 'two-factor'],
        // ...but a problem beside it is the question.
        ['en', 'I already have EU Login but I forgot my password', 'eu-login-forgot-password'],
    ])('%s "%s" → %s', (lng, q, id) => {
        expect(answered(q, lng)).toBe(id);
    });

    it('reads a problem, not a finished step, when the clause says something is wrong', () => {
        const a = new LanguageModel('en', kb.lexicon('en'));
        a.learn(kb.entries('en').flatMap((e) => [...e.questions, ...e.keywords]));
        expect(a.analyse('I selected my country but my hospital is missing. What now?').stepsBehind).toBeUndefined();
        expect(a.analyse('EU Login created. What now?').stepsBehind?.[0].has(CONCEPT_PREFIX + 'eulogin')).toBe(true);
        // "next" alone asks for the next step; "next month" is only a date.
        expect(a.analyse('EU Login created, phone added. I need a panel next month.').terms.has(CONCEPT_PREFIX + 'next')).toBe(false);
    });
});
