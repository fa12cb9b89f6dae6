import { FaqKnowledgeBase, FaqMatcher, FaqOutcome } from '../../src/faq';
import { ANSWER_MARGIN, ANSWER_MAX_SCORE, MARGIN_PER_UNKNOWN } from '../../src/faq/matcher';
import { CONCEPT_PREFIX, LanguageModel, UNSCOPED_NEGATION_WEIGHT } from '../../src/faq/languageModel';
import { NEGATED_CONCEPTS, NEGATION_CONCEPT } from '../../src/faq/lexicon';
import { CONVERSATIONAL_FILE, evaluate, FIFTH_CONVERSATIONAL_FILE, SIXTH_CONVERSATIONAL_FILE, Figures, LabelledSet, loadLabelled, loadRows, NEW_LANGUAGES_FILE, FOURTH_CONVERSATIONAL_FILE, SECOND_CONVERSATIONAL_FILE, THIRD_CONVERSATIONAL_FILE } from '../bench/faq';

/** Bars the labelled sets must clear (figures measured are in the report / bench output). */
const TUNE_TOP1_BAR = 0.95;
const DEV_TOP1_BAR = 0.8;
const DECLINED_BAR = 0.9;
/**
 * The fresh split (labelled-fresh.json) was written before anyone looked at the matcher or the
 * other splits, as real clinicians and staff would ask; it is never tuned on. Measured (chosen engine): top-1
 * en 96.5 %, ro 96.1 %, it 96.5 %; declined 97.1 %; medical 100 %.
 */
const FRESH_TOP1_BAR = 0.9;
const FRESH_DECLINED_BAR = 0.95;
const FRESH_MEDICAL_BAR = 0.9;

const matcher = new FaqMatcher(FaqKnowledgeBase.load());
/** The first labelled sets (tune, dev, fresh) were written in these languages. */
const OLD_SET_LANGUAGES = ['en', 'ro', 'it'];

function idOf(o: FaqOutcome): string {
    return o.kind === 'answer' ? o.entry.id : o.kind;
}

describe('FAQ matcher on the labelled sets', () => {
    const tune = loadLabelled('tune');
    const dev = loadLabelled('dev');

    it('has at least five phrasings per entry per language, none copied from the knowledge base', () => {
        const kb = FaqKnowledgeBase.load();
        // Diacritics aside too: "ce înseamnă ERN" in the knowledge base is a copy of "ce inseamna ERN".
        const norm = (s: string) => s.toLowerCase().normalize('NFKD').replace(/\p{M}+/gu, '').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
        for (const lng of OLD_SET_LANGUAGES) {
            const own = new Set(kb.entries(lng).flatMap((e) => e.questions.map(norm)));
            for (const entry of kb.entries(lng)) {
                const phrasings = [...(tune[lng].entries[entry.id] ?? []), ...(dev[lng].entries[entry.id] ?? [])];
                expect(phrasings.length).toBeGreaterThanOrEqual(5);
                for (const p of phrasings) expect(own.has(norm(p))).toBe(false);
            }
            expect(tune[lng].outOfScope.length + tune[lng].medical.length + dev[lng].outOfScope.length + dev[lng].medical.length).toBeGreaterThanOrEqual(20);
        }
    });

    it.each(OLD_SET_LANGUAGES)('clears the bars on the tune split (%s)', (lng: string) => {
        const f = evaluate((q) => matcher.match(q, lng), tune[lng]);
        expect(f.top1).toBeGreaterThanOrEqual(TUNE_TOP1_BAR);
        expect(f.declined).toBeGreaterThanOrEqual(DECLINED_BAR);
        expect(f.medical).toBe(1);
    });

    it.each(OLD_SET_LANGUAGES)('clears the bars on the dev split, never tuned on (%s)', (lng: string) => {
        const f = evaluate((q) => matcher.match(q, lng), dev[lng]);
        expect(f.top1).toBeGreaterThanOrEqual(DEV_TOP1_BAR);
        expect(f.declined).toBeGreaterThanOrEqual(DECLINED_BAR);
    });
});

describe('FAQ matcher on the fresh split (questions nobody tuned on)', () => {
    const fresh = loadLabelled('fresh');

    it('has at least eight questions per entry and 25 to decline (10 clinical) per language, none copied from the knowledge base', () => {
        const kb = FaqKnowledgeBase.load();
        // Diacritics aside too: "ce înseamnă ERN" in the knowledge base is a copy of "ce inseamna ERN".
        const norm = (s: string) => s.toLowerCase().normalize('NFKD').replace(/\p{M}+/gu, '').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
        for (const lng of OLD_SET_LANGUAGES) {
            const own = new Set(kb.entries(lng).flatMap((e) => e.questions.map(norm)));
            expect(Object.keys(fresh[lng].entries).sort()).toEqual(kb.ids().sort());
            for (const entry of kb.entries(lng)) {
                const questions = fresh[lng].entries[entry.id];
                expect(questions.length).toBeGreaterThanOrEqual(8);
                for (const q of questions) expect(own.has(norm(q))).toBe(false);
            }
            expect(fresh[lng].outOfScope.length + fresh[lng].medical.length).toBeGreaterThanOrEqual(25);
            expect(fresh[lng].medical.length).toBeGreaterThanOrEqual(10);
        }
    });

    it.each(OLD_SET_LANGUAGES)('clears the bars on the fresh split (%s)', (lng: string) => {
        const f = evaluate((q) => matcher.match(q, lng), fresh[lng]);
        expect(f.top1).toBeGreaterThanOrEqual(FRESH_TOP1_BAR);
        expect(f.declined).toBeGreaterThanOrEqual(FRESH_DECLINED_BAR);
        expect(f.medical).toBeGreaterThanOrEqual(FRESH_MEDICAL_BAR);
    });
});

/**
 * Floors for the row-shaped sets, a little under the figures `npm run bench` measured for the
 * chosen engine (pooled over the set's languages); the unseen rows were never tuned on, these
 * floors only catch a regression. Measured: conversational tune 95.2 % top-1, unseen 92.3 %,
 * declined 100 % / 100 %; fr/de/es tune 93.6 %, unseen 91.0 %, declined 100 % / 96.7 %; third set
 * tune 93.9 %, unseen 89.3 %, declined 100 % / 91.7 %; fourth set tune 95.0 %, unseen 93.0 %,
 * declined 100 % / 89.6 %; fifth set tune 89.0 %, unseen 92.7 %, declined 98.8 % / 87.2 %.
 */
const ROW_SET_FLOORS = {
    conversational: { tune: { top1: 0.91, declined: 0.95 }, unseen: { top1: 0.88, declined: 0.9 } },
    newLanguages: { tune: { top1: 0.9, declined: 0.95 }, unseen: { top1: 0.88, declined: 0.9 } },
    // Third set, six languages, as written over all rows: top-1 92.1 %, declined 94.7 %.
    third: { tune: { top1: 0.9, declined: 0.95 }, unseen: { top1: 0.86, declined: 0.85 } },
    // Fourth set, six languages, as written over all rows: top-1 93.1 %, declined 95.3 %.
    fourth: { tune: { top1: 0.91, declined: 0.95 }, unseen: { top1: 0.89, declined: 0.85 } },
    // Fifth set, six languages, as written over all rows: top-1 89.7 %, declined 91.3 %.
    fifth: { tune: { top1: 0.87, declined: 0.95 }, unseen: { top1: 0.89, declined: 0.85 } },
    // Sixth set, six languages, as written over all rows: top-1 83.3 %, declined 84.3 %; its unseen
    // entry rows are the done-steps shape only.
    sixth: { tune: { top1: 0.81, declined: 0.82 }, unseen: { top1: 0.86, declined: 0.8 } },
};
/** Evaluating a whole row-shaped set reads every question in every language: slower than one test's default. */
const ROW_SET_TIMEOUT_MS = 240_000;

function pooled(set: LabelledSet): Figures[] {
    return Object.entries(set).map(([lng, s]) => evaluate((q) => matcher.match(q, lng), s));
}

function share(figures: Figures[], key: 'top1' | 'declined'): number {
    const weight = (f: Figures) => (key === 'top1' ? f.inScope : f.outOfScope);
    return figures.reduce((a, f) => a + f[key] * weight(f), 0) / figures.reduce((a, f) => a + weight(f), 0);
}

describe.each([
    ['conversational', CONVERSATIONAL_FILE, ROW_SET_FLOORS.conversational],
    ['French, German, Spanish', NEW_LANGUAGES_FILE, ROW_SET_FLOORS.newLanguages],
    ['third conversational (six languages)', THIRD_CONVERSATIONAL_FILE, ROW_SET_FLOORS.third],
    ['fourth conversational (six languages)', FOURTH_CONVERSATIONAL_FILE, ROW_SET_FLOORS.fourth],
    ['fifth conversational (six languages)', FIFTH_CONVERSATIONAL_FILE, ROW_SET_FLOORS.fifth],
    ['sixth conversational (six languages)', SIXTH_CONVERSATIONAL_FILE, ROW_SET_FLOORS.sixth],
] as const)('FAQ matcher on the %s set', (_name, file, floors) => {
    it.each(['tune', 'unseen'] as const)(
        'stays above the measured floor on %s rows',
        (split) => {
            const figures = pooled(loadRows(file, split));
            expect(share(figures, 'top1')).toBeGreaterThanOrEqual(floors[split].top1);
            expect(share(figures, 'declined')).toBeGreaterThanOrEqual(floors[split].declined);
        },
        ROW_SET_TIMEOUT_MS,
    );
});

describe('FAQ matcher on the second conversational set', () => {
    // Measured as written: top-1 87.1 %, declined 89.0 %; now 92.3 % and 97.3 % (tune only).
    it(
        'stays above the measured floor on its rows',
        () => {
            const figures = pooled(loadRows(SECOND_CONVERSATIONAL_FILE, 'tune'));
            expect(share(figures, 'top1')).toBeGreaterThanOrEqual(0.89);
            expect(share(figures, 'declined')).toBeGreaterThanOrEqual(0.93);
        },
        // Six languages, each question read in all six: about twice the other sets' reading.
        2 * ROW_SET_TIMEOUT_MS,
    );
});

describe('FAQ matcher behaviour', () => {
    it.each([
        ['en', 'is there a ReCONNET webinar next month?'],
        ['ro', 'când e congresul ReCONNET anul acesta?'],
        ['it', "c'è un congresso della rete ERN a marzo?"],
        ['fr', 'il y a des offres d\'emploi chez ReCONNET ?'],
        ['de', 'Gibt es Stellenangebote beim ERN ReCONNET?'],
        ['es', '¿cuándo es el próximo webinario de la ERN?'],
    ])('declines small talk about the network and its events: %s "%s"', (lng, q) => {
        expect(matcher.match(q, lng).kind).not.toMatch(/^(answer|medical)$/);
    });

    it.each([
        ['en', "I can't get into my hospital email since this morning"],
        ['ro', 'nu pot intra pe emailul spitalului'],
        ['it', "Non riesco ad accedere alla posta elettronica aziendale dell'ospedale."],
        ['fr', "je n'arrive plus à ouvrir ma messagerie professionnelle"],
        ['de', 'Ich komme nicht in meine Dienstmail.'],
        ['de', 'Ich habe das Passwort für mein Spital-Mail vergessen.'],
        ['es', 'No puedo entrar a mi correo institucional del hospital.'],
        ['it', "Il PC dell'ambulatorio non si collega più alla stampante di rete."],
        // The HR portal's approvals and access are not CPMS's.
        ['en', 'my leave request is still waiting for approval in the HR portal'],
        ['ro', 'cum îmi aprob concediul în programul de HR?'],
        ['it', "non riesco ad accedere al portale del personale per l'approvazione delle ferie"],
        ['fr', "ma demande de congé attend toujours l'approbation dans le portail RH"],
        ['de', 'Wie bekomme ich Zugang zum Personalportal?'],
        ['es', '¿cómo accedo al portal del empleado para aprobar vacaciones?'],
    ])('declines the hospital\'s own e-mail, network and HR portal as another system: %s "%s"', (lng, q) => {
        expect(matcher.match(q, lng).kind).not.toMatch(/^(answer|medical)$/);
    });

    it.each([
        ['fr', 'Salut, ça va ?'],
        ['es', 'Hola, ¿qué tal estás?'],
        ['de', 'Hallo, wie geht es dir?'],
        ['it', 'Ciao, come va?'],
    ])('never answers a greeting from one word some phrasing holds: %s "%s"', (lng, q) => {
        expect(matcher.match(q, lng).kind).not.toBe('answer');
    });

    it.each([
        ['ro', 'how do I log in, acum că am aprobarea?', 'login'],
        ['it', 'do patients get in? i pazienti possono entrare?', 'patients-access'],
    ])('unites two languages even when one has a single word of its own: %s "%s" → %s', (lng, q, id) => {
        expect(idOf(matcher.match(q, lng))).toBe(id);
    });

    it.each([
        ['en', 'how long does approval take', 'approval-time'],
        ['en', 'HOW LONG does the aproval take???', 'approval-time'],
        ['ro', 'cat dureaza aprobarea', 'approval-time'],
        ['ro', 'Cât durează aprobarea?', 'approval-time'],
        ['it', 'quanto tempo ci vuole per l’approvazione', 'approval-time'],
        ['en', 'which role should I pick', 'which-role'],
        ['it', 'ho perso il telefono', 'change-phone'],
        ['ro', 'cum îmi șterg datele', 'privacy'],
        ['en', 'forget me - what do you keep about me?', 'privacy'],
    ])('answers %s "%s" with %s', (lng, q, id) => {
        expect(idOf(matcher.match(q, lng))).toBe(id);
    });

    it.each([
        ['en', 'what dose of methotrexate for lupus'],
        ['ro', 'doza de prednison'],
        ['it', 'quale terapia per la sclerodermia'],
        ['en', 'what are the symptoms of systemic sclerosis?'],
        ['ro', 'ce tratament recomandați pentru sindromul Sjögren'],
        ['it', 'posso dare il rituximab a una paziente con miosite?'],
    ])('declines clinical questions as medical: %s "%s"', (lng, q) => {
        expect(matcher.match(q, lng).kind).toBe('medical');
    });

    it.each([
        ['en', 'my patient has lupus, what should I do?'],
        ['ro', 'pacienta mea are sclerodermie, ce ar trebui să fac?'],
        ['it', 'la mia paziente ha la sindrome di Sjögren, cosa dovrei fare?'],
        ['it', 'come tratto la sclerodermia?'],
    ])('declines a clinician describing a case as medical: %s "%s"', (lng, q) => {
        expect(matcher.match(q, lng).kind).toBe('medical');
    });

    it.each([
        ['en', 'I am a patient with lupus, can my case be discussed?', 'patients-access'],
        ['ro', 'sunt pacientă cu lupus, cum poate fi discutat cazul meu?', 'patients-access'],
    ])('answers a patient writing about themselves: %s "%s"', (lng, q, id) => {
        expect(idOf(matcher.match(q, lng))).toBe(id);
    });

    it.each([
        // context clause first, question after it
        ['en', 'I am a rheumatologist in Cluj, how do I request access to CPMS?', 'request-access'],
        ['it', 'un collega mi ha parlato di CPMS, a cosa serve?', 'what-is-cpms'],
        // English CPMS terms inside Romanian and Italian sentences
        ['ro', 'unde fac request access pentru CPMS?', 'request-access'],
        ['it', 'come faccio la request di accesso al CPMS?', 'request-access'],
        // chat spelling without apostrophes; negation a few words before "member"
        ['en', 'my hospital isnt in the list', 'organisation-not-listed'],
        ['en', 'I am not an ERN member, can I join a panel?', 'not-in-ern'],
        // two neighbouring letters swapped in a short CPMS word
        ['de', 'wozu dient das CMPS?', 'what-is-cpms'],
        // words that share a stem with a clinical word ("operator"/"operatie")
        ['ro', 'vreau să vorbesc cu un operator', 'helpdesk-contact'],
    ])('reads context, mixed languages and chat spelling: %s "%s" → %s', (lng, q, id) => {
        expect(idOf(matcher.match(q, lng))).toBe(id);
    });

    it.each([
        ['en', 'Cardiac Surgery Centre Cluj'],
        ['en', 'old'],
        ['en', 'only'],
        ['en', 'RO02'],
        ['en', 'what do you suggest?'],
    ])('answers neither a hospital name nor a lone qualifier: %s "%s"', (lng, q) => {
        expect(matcher.match(q, lng).kind).not.toMatch(/^(answer|medical)$/);
    });

    it.each([
        ['en', 'lupus'],
        ['en', 'ReCONNET diseases'],
        ['en', 'which diseases does ReCONNET treat?'],
        ['ro', 'ce boli tratează ReCONNET?'],
        ['it', 'lupus'],
        ['en', 'can I discuss a patient treatment in a CPMS panel?'],
    ])('does not take disease names or network questions for medical advice: %s "%s"', (lng, q) => {
        expect(matcher.match(q, lng).kind).not.toBe('medical');
    });

    it.each([
        ['en', 'what is the weather like in Pisa tomorrow'],
        ['en', 'tell me a joke about doctors'],
        ['ro', 'cine a câștigat meciul de fotbal'],
        ['it', 'prenotami un treno per Roma'],
        ['en', ''],
        ['en', '?!'],
        ['en', 'asdf qwerty zxcv'],
    ])('says it does not know instead of forcing an entry: %s "%s"', (lng, q) => {
        expect(matcher.match(q, lng).kind).toBe('unknown');
    });

    it('answers a question written in another supported language than the locale', () => {
        const ro = matcher.match('cât durează aprobarea cererii de acces?', 'en');
        expect(ro).toMatchObject({ kind: 'answer', language: 'ro' });
        expect(idOf(ro)).toBe('approval-time');
        const it = matcher.match('ho perso il cellulare, come ricevo il codice?', 'ro');
        expect(it).toMatchObject({ kind: 'answer', language: 'it' });
        expect(idOf(it)).toBe('change-phone');
    });

    it('resolves locales like ro-RO and unknown ones to English', () => {
        expect(idOf(matcher.match('cât durează aprobarea', 'ro-RO'))).toBe('approval-time');
        expect(matcher.entry('pl-PL', 'login')?.answer).toBe(matcher.entry('en', 'login')?.answer);
        expect(idOf(matcher.match('combien de temps prend l’approbation ?', 'fr-BE'))).toBe('approval-time');
    });

    it('offers at most three suggestions, best first, for a vague question', () => {
        const o = matcher.match('guest member', 'en');
        const vague = matcher.match('problem with my access', 'en');
        for (const outcome of [o, vague]) {
            if (outcome.kind === 'suggest') {
                expect(outcome.entries.length).toBeGreaterThan(0);
                expect(outcome.entries.length).toBeLessThanOrEqual(3);
            }
        }
        const ranked = matcher.rank('guest or member, which do I choose?', 'en');
        expect(ranked[0].score).toBeLessThanOrEqual(ranked[1].score);
    });

    it('answers a clear lead despite one unknown word, asking a wider lead per unknown word (MARGIN_PER_UNKNOWN)', () => {
        // "menschlicher" (this inflection) is no word of the German lexicon or knowledge base;
        // helpdesk-contact leads by far.
        const question = 'menschlicher Support bitte';
        const [first, second] = matcher.rank(question, 'de');
        expect(first.score).toBeGreaterThan(ANSWER_MAX_SCORE);
        expect(second.score - first.score).toBeGreaterThan(ANSWER_MARGIN + MARGIN_PER_UNKNOWN);
        expect(idOf(matcher.match(question, 'de'))).toBe('helpdesk-contact');
        // Refusing any unknown word, or asking a lead wider than this one has, leaves "did you mean".
        const refusing = new FaqMatcher(FaqKnowledgeBase.load(), { marginPerUnknown: Infinity });
        expect(refusing.match(question, 'de')).toMatchObject({ kind: 'suggest' });
        const demanding = new FaqMatcher(FaqKnowledgeBase.load(), { marginPerUnknown: second.score - first.score });
        expect(demanding.match(question, 'de')).toMatchObject({ kind: 'suggest' });
    });

    it('scores in [0, 1] with 0 for a perfect match', () => {
        const o = matcher.match('How long does approval take?', 'en');
        expect(o).toMatchObject({ kind: 'answer', score: 0 });
        for (const r of matcher.rank('something unrelated entirely', 'it')) {
            expect(r.score).toBeGreaterThanOrEqual(0);
            expect(r.score).toBeLessThanOrEqual(1);
        }
    });
});

describe('FAQ matcher mid-dialog (strict)', () => {
    it.each([
        ['en', 'yes'], ['en', 'no'], ['ro', 'da'], ['ro', 'nu'], ['it', 'sì'], ['it', 'si'], ['en', 'done'], ['ro', 'gata'],
        ['it', 'fatto'], ['en', 'back'], ['en', 'skip'], ['en', 'not sure'], ['ro', 'nu știu'], ['it', 'non lo so'],
        ['en', 'AOU Careggi, Florence'], ['en', 'IT08 - AOU Pisana'], ['en', 'University Hospital of Padova'], ['it', 'Ospedale San Matteo Pavia'],
        ['ro', 'Spitalul Clinic Colentina'], ['en', 'Italy'], ['en', 'Czech Republic'], ['ro', 'România'], ['it', 'Germania'],
        ['en', 'ERN ReCONNET'], ['en', 'ReCONNET?'], ['en', 'EuroBloodNet'], ['en', 'HP'], ['en', 'HP?'], ['en', 'coordinator'],
        ['en', 'Panel Manager ERN'], ['en', 'healthcare professional'], ['en', 'guest'], ['it', 'ospite'], ['en', 'lupus'],
        ['en', 'I have an EU Login already'], ['en', 'Padova?'], ['en', 'password'], ['ro', 'telefon'], ['en', 'Dr. Test Example'],
        ['en', 'test.example@example.org'],
    ])('never answers the prompt answer %s "%s"', (lng, q) => {
        expect(matcher.matchStrict(q, lng).kind).toBe('unknown');
    });

    it.each([
        ['en', 'which role should I choose?', 'which-role'],
        ['en', 'how long does approval take?', 'approval-time'],
        ['ro', 'ce rol aleg?', 'which-role'],
        ['ro', 'cât durează aprobarea?', 'approval-time'],
        ['it', 'quale ruolo devo scegliere?', 'which-role'],
        ['it', 'non trovo il mio ospedale', 'organisation-not-listed'],
        ['en', 'I lost my phone and cannot get the code', 'change-phone'],
        ['en', 'is my data stored?', 'privacy'],
    ])('answers a clear question mid-dialog: %s "%s"', (lng, q, id) => {
        expect(idOf(matcher.matchStrict(q, lng))).toBe(id);
    });

    it('declines a clinical question mid-dialog as medical, never as an entry', () => {
        expect(matcher.matchStrict('what dose of methotrexate for lupus?', 'en').kind).toBe('medical');
    });
});

describe('FAQ matcher: negation scope', () => {
    const kb = FaqKnowledgeBase.load();

    function englishModel(): LanguageModel {
        const model = new LanguageModel('en', kb.lexicon('en'));
        model.learn(kb.entries('en').flatMap((e) => [...e.questions, ...e.keywords]));
        return model;
    }

    it('weighs "not" fully only when the message names network membership', () => {
        const model = englishModel();
        const not = CONCEPT_PREFIX + NEGATION_CONCEPT;
        expect(model.analyse("I'm not in any ERN").termWeights.get(not)).toBe(1);
        expect(model.analyse("I don't have any access yet").termWeights.get(not)).toBe(UNSCOPED_NEGATION_WEIGHT);
    });

    it('weighs "not" fully only when the membership follows it, not when the network is named elsewhere', () => {
        const model = englishModel();
        const not = CONCEPT_PREFIX + NEGATION_CONCEPT;
        const q = "I'm supposed to join a ReCONNET case discussion next week and I don't have an account of any kind yet.";
        expect(model.analyse(q).termWeights.get(not)).toBe(UNSCOPED_NEGATION_WEIGHT);
        expect(model.analyse('our hospital is not part of ReCONNET').termWeights.get(not)).toBe(1);
    });

    // "I don't know if my hospital is a member" is doubt, not a negated membership: the phrases
    // of doubt are stopwords of each lexicon, so their "not" never reaches the member concept.
    it.each([
        ['en', "I don't know if my hospital is a member of ReCONNET", "my hospital is not a member of ReCONNET"],
        ['ro', 'nu știu dacă spitalul meu este membru ReCONNET', 'spitalul meu nu este membru ReCONNET'],
        ['it', 'non so se il mio ospedale è membro di ReCONNET', 'il mio ospedale non è membro di ReCONNET'],
        ['fr', 'je ne sais pas si mon hôpital est membre de ReCONNET', "mon hôpital n'est pas membre de ReCONNET"],
        ['de', 'ich weiß nicht, ob mein Krankenhaus Mitglied bei ReCONNET ist', 'mein Krankenhaus ist kein Mitglied bei ReCONNET'],
        ['es', 'no sé si mi hospital es miembro de ReCONNET', 'mi hospital no es miembro de ReCONNET'],
    ])('reads doubt as no negation, a real "not" still as one: %s', (lng, doubt, negated) => {
        const model = new LanguageModel(lng, kb.lexicon(lng));
        model.learn(kb.entries(lng).flatMap((e) => [...e.questions, ...e.keywords]));
        const not = CONCEPT_PREFIX + NEGATION_CONCEPT;
        const nonmember = CONCEPT_PREFIX + NEGATED_CONCEPTS.member;
        const doubtTerms = model.analyse(doubt).terms;
        expect(doubtTerms.has(not) || doubtTerms.has(nonmember)).toBe(false);
        expect(doubtTerms.has(CONCEPT_PREFIX + 'member')).toBe(true);
        expect(model.analyse(negated).terms.has(nonmember)).toBe(true);
        expect(idOf(matcher.match(doubt, lng))).not.toBe('not-in-ern');
    });
});

describe('FAQ matcher: a thin question takes in its own sentence', () => {
    const kb = FaqKnowledgeBase.load();

    // "is there another way in?" alone is too thin to ask: the clauses of its sentence before it
    // ask with it, back to a full stop, semicolon, colon or dash; what comes before is context.
    it('reads the comma clauses before a thin question as part of it, and only those', () => {
        const model = new LanguageModel('en', kb.lexicon('en'));
        model.learn(kb.entries('en').flatMap((e) => [...e.questions, ...e.keywords]));
        const a = model.analyse('My chief asked me to present a lupus patient. I tried the organisation list, no network has my hospital, is there another way in?');
        expect(a.termWeights.get(CONCEPT_PREFIX + 'ern')).toBe(1);
        expect(a.termWeights.get(CONCEPT_PREFIX + 'patient')).toBeLessThan(1);
    });

    it.each([
        ['en', 'I tried the organisation list, no network has my hospital, is there another way in?'],
        ['it', "ho provato l'elenco delle organizzazioni, nessuna rete ha il mio ospedale, c'è un altro modo?"],
    ])('answers what the whole sentence asks: %s "%s"', (lng, q) => {
        expect(idOf(matcher.match(q, lng))).toBe('not-in-ern');
    });

    it('keeps a clause that reports a step done behind the question', () => {
        expect(idOf(matcher.match('Ya creé mi cuenta EU Login y puse la contraseña, ¿qué sigue?', 'es'))).toBe('two-factor');
    });
});

describe('FAQ matcher: mixed-language messages (united reading)', () => {
    const kb = FaqKnowledgeBase.load();
    const separate = new FaqMatcher(kb, { unitedReading: false });

    it.each([
        ['en', 'am pierdut telefonul, how do I get the code now?', 'change-phone'],
        ['en', 'spitalul meu nu apare in lista, what should I do?', 'organisation-not-listed'],
    ])('answers a message half in another language: %s "%s"', (lng, q, id) => {
        expect(idOf(matcher.match(q, lng))).toBe(id);
        // Each language alone does not answer it.
        expect(separate.match(q, lng).kind).not.toBe('answer');
    });

    it('never unites a message some language flags as small talk or another system', () => {
        expect(matcher.match('what is the weather like in Pisa tomorrow, ce zici?', 'en').kind).not.toBe('answer');
    });

    it.each([['en', 'ok'], ['fr', 'ok'], ['en', 'done'], ['en', 'ok, done'], ['de', 'ok danke'], ['it', 'sì grazie'], ['ro', 'gata']])(
        'never looks up a bare prompt answer, outside a dialog too: %s "%s"',
        (lng, q) => {
            expect(matcher.match(q, lng).kind).toBe('unknown');
        },
    );

    it('still reads a prompt answer that names a CPMS concept as a question outside a dialog', () => {
        expect(matcher.match('HP', 'en').kind).toBe('answer');
        expect(matcher.matchStrict('HP', 'en').kind).toBe('unknown');
    });

    it.each([
        ['en', 'can you renew my hospital parking permit'],
        ['en', 'Is there parking near the hospital in Pisa?'],
        ['it', "c'è un parcheggio vicino all'ospedale?"],
    ])('declines small talk that only names the hospital (PLACE_CONCEPTS): %s "%s"', (lng, q) => {
        expect(matcher.match(q, lng).kind).toBe('unknown');
    });

    it('still answers a question about CPMS access that names a small-talk word', () => {
        expect(idOf(matcher.match('I am at the hospital parking, how long does CPMS approval take?', 'en'))).toBe('approval-time');
    });

    // No answer says a word about money: a fee to be in the network is declined even though the
    // question names membership and the ERN, which would lift a small-talk word.
    it.each([
        ['en', 'How much is the annual membership fee for our hospital to be in the ERN?'],
        ['it', "Quanto costa la quota annuale perché il nostro ospedale faccia parte dell'ERN?"],
        ['fr', "Combien coûte la cotisation annuelle pour que notre hôpital fasse partie de l'ERN ?"],
        ['de', 'Wie rechne ich die Reisekosten für das Netzwerktreffen in Pisa ab?'],
        ['es', '¿Cuánto cuesta la cuota anual para que nuestro hospital esté en la ERN?'],
        ['ro', 'Cât costă cotizația anuală ca spitalul nostru să fie în ERN?'],
        ['en', 'Who pays for the genetic testing of a panel patient?'],
        ['de', 'Wie buche ich einen Besprechungsraum für das Panel?'],
    ])('declines a topic no answer covers, whatever CPMS words it names: %s "%s"', (lng, q) => {
        expect(matcher.match(q, lng).kind).toBe('unknown');
    });

    // Words of other tools, publishing, certificates and social media, written before the sixth
    // set was read: generic lists, not its questions.
    it.each([
        ['en', 'Can I publish the case from our CPMS panel in a journal?'],
        ['it', 'Posso avere un attestato ECM per aver partecipato al panel ReCONNET?'],
        ['fr', 'Comment obtenir un certificat de participation aux panels CPMS ?'],
        ['de', 'Bekomme ich ein Zertifikat für die Teilnahme an den CPMS-Panels?'],
        ['es', '¿Tiene la red ERN una cuenta de LinkedIn para seguir las novedades?'],
    ])('declines another tool or a topic next to the network: %s "%s"', (lng, q) => {
        expect(matcher.match(q, lng).kind).toBe('unknown');
    });

    // CPMS or EU Login named makes another system's name context; the network's name does not.
    it('declines another system next to the network, not next to EU Login', () => {
        expect(matcher.match('How do I set up Outlook so the ERN meeting invitations land in my calendar?', 'en').kind).toBe('unknown');
        expect(idOf(matcher.match('I use my Outlook address for EU Login and the confirmation e-mail never arrives', 'en'))).toBe('eu-login-create');
    });

    it('reads a declined topic in a context clause as context: the question asks about access', () => {
        const q = 'Coordino los ensayos clínicos en mi hospital; ¿pueden tener cuenta de CPMS también enfermeras y personal administrativo, o solo médicos?';
        expect(idOf(matcher.match(q, 'es'))).toBe('who-can-access');
    });

    it('reads a place name as a name, not as a declined topic ("Costa Linda" is no "costo")', () => {
        const q = 'Volví de licencia en Costa Linda y ninguna de mis contraseñas de EU Login funciona; ¿cómo pongo una nueva?';
        expect(idOf(matcher.match(q, 'es'))).toBe('eu-login-forgot-password');
    });
});
