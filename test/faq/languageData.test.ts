import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LOCALES_DIR } from '../../src/paths';
import { discoverFaqLanguages, FaqKnowledgeBase, FaqMatcher, LEXICON_FILE } from '../../src/faq';
import { createStemmer, snowballAlgorithm } from '../../src/faq/stemmer';
import { LanguageModel } from '../../src/faq/languageModel';

/** A copy of every language's FAQ files (faq.json and, where present, faq-lexicon.json) in a temp folder. */
function copyLocales(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faq-locales-'));
    for (const lng of discoverFaqLanguages()) {
        fs.mkdirSync(path.join(dir, lng));
        for (const file of ['faq.json', LEXICON_FILE]) {
            const from = path.join(LOCALES_DIR, lng, file);
            if (fs.existsSync(from)) fs.copyFileSync(from, path.join(dir, lng, file));
        }
    }
    return dir;
}

function idOf(matcher: FaqMatcher, q: string, lng: string): string {
    const o = matcher.match(q, lng);
    return o.kind === 'answer' ? o.entry.id : o.kind;
}

describe('FAQ languages are data', () => {
    let dir: string;
    beforeEach(() => (dir = copyLocales()));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('finds its languages in the folders that hold a faq.json, English first', () => {
        const languages = discoverFaqLanguages(dir);
        expect(languages[0]).toBe('en');
        expect(languages).toEqual(expect.arrayContaining(['en', 'ro', 'it']));
        fs.mkdirSync(path.join(dir, 'pl'));
        fs.writeFileSync(path.join(dir, 'pl', 'guide.json'), '{}');
        expect(discoverFaqLanguages(dir)).not.toContain('pl');
    });

    it('takes a phrasing the helpdesk adds to faq.json on the next start, with no code change', () => {
        const question = 'is there a walkthrough with moving pictures for slow learners like me';
        const before = new FaqMatcher(FaqKnowledgeBase.load(dir));
        expect(idOf(before, question, 'en')).not.toBe('video-guide');
        const file = path.join(dir, 'en', 'faq.json');
        const faq = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, { questions: string[] }>;
        faq['video-guide'].questions.push('Is there a walkthrough with moving pictures for slow learners?');
        fs.writeFileSync(file, JSON.stringify(faq, null, 2));
        const after = new FaqMatcher(FaqKnowledgeBase.load(dir));
        expect(idOf(after, question, 'en')).toBe('video-guide');
    });

    it('speaks a language that is only a folder (no word lists, no stemmer): whole words, its own entries', () => {
        fs.mkdirSync(path.join(dir, 'xx'));
        fs.copyFileSync(path.join(LOCALES_DIR, 'en', 'faq.json'), path.join(dir, 'xx', 'faq.json'));
        const kb = FaqKnowledgeBase.load(dir);
        expect(kb.languages).toContain('xx');
        expect(kb.lexicon('xx').concepts).toEqual({});
        const matcher = new FaqMatcher(kb);
        expect(matcher.match('How long does approval take?', 'xx-YY')).toMatchObject({ kind: 'answer', entry: { id: 'approval-time' } });
        expect(matcher.entry('xx', 'login')?.answer).toBe(kb.entry('en', 'login')?.answer);
    });

    it('loads only the languages it is given', () => {
        const kb = FaqKnowledgeBase.load(dir, ['en', 'it']);
        expect(kb.languages).toEqual(['en', 'it']);
        expect(kb.resolve('ro-RO')).toBe('en');
    });

    it('rejects a word list that names an unknown stemmer, naming the file', () => {
        fs.writeFileSync(path.join(dir, 'it', LEXICON_FILE), JSON.stringify({ stemmer: 'klingon' }));
        expect(() => FaqKnowledgeBase.load(dir)).toThrow(/faq-lexicon\.json.*klingon/);
        fs.writeFileSync(path.join(dir, 'it', LEXICON_FILE), JSON.stringify({ stopwords: 'not a list' }));
        expect(() => FaqKnowledgeBase.load(dir)).toThrow(/faq-lexicon\.json/);
    });
});

describe('Snowball stemmers chosen by data', () => {
    it('stems each language with its own algorithm', () => {
        expect(createStemmer('en')('approved')).toBe(createStemmer('en')('approval'));
        expect(createStemmer('ro')('aprobarea')).toBe(createStemmer('ro')('aprobare'));
        expect(createStemmer('it')('ospedali')).toBe(createStemmer('it')('ospedale'));
        expect(createStemmer('fr')('demandes')).toBe(createStemmer('fr')('demande'));
        expect(createStemmer('de')('Krankenhäuser'.toLowerCase())).toBe(createStemmer('de')('krankenhaus'));
        expect(createStemmer('es')('solicitudes')).toBe(createStemmer('es')('solicitud'));
    });

    it('never applies another language\'s rules to a language it has no algorithm for', () => {
        expect(snowballAlgorithm('xx')).toBeUndefined();
        expect(createStemmer('xx')('approvazione')).toBe('approvazione');
        expect(snowballAlgorithm('pt')).toBe('portuguese');
        expect(snowballAlgorithm('xx', 'italian')).toBe('italian');
    });

    it('keeps short words and words with digits as written', () => {
        expect(createStemmer('en')('2fa')).toBe('2fa');
        expect(createStemmer('en')('it08')).toBe('it08');
        expect(createStemmer('en')('was')).toBe('was');
    });
});

describe('word lists read homographs as the language means them', () => {
    const kb = FaqKnowledgeBase.load();
    /** The language's own model, knowing its knowledge base's words as the matcher's does. */
    const model = (lng: string) => {
        const m = new LanguageModel(lng, kb.lexicon(lng));
        m.learn(kb.entries(lng).flatMap((e) => [...e.questions, ...e.keywords]));
        return m;
    };

    it('German "weiß" is "know", not a white page, unless the page is white; "weiß ... nicht mehr" is forgetting', () => {
        const de = model('de');
        expect(de.analyse('gast oder mitglied, wie weiss ich das').terms.has('#display')).toBe(false);
        expect(de.analyse('Nach dem Einloggen bleibt die Seite einfach weiss').terms.has('#display')).toBe(true);
        expect(de.analyse('ich weiß mein Passwort nicht mehr').terms.has('#forgot')).toBe(true);
    });

    it('"registered" (signed up) is not "recorded" (privacy) in French and Spanish', () => {
        expect(model('fr').analyse('je me suis enregistré sur EU Login').terms.has('#privacy')).toBe(false);
        expect(model('es').analyse('cualquiera se puede registrar en el cpms').terms.has('#privacy')).toBe(false);
    });

    it('"supported" (works with) is not the support team, in every language, though they share a stem', () => {
        for (const [lng, works, team] of [
            ['en', 'is CPMS only supported on Chrome?', 'how do I reach the support team?'],
            ['ro', 'CPMS e suportat doar pe Chrome?', 'cum contactez suportul?'],
            ['it', 'il CPMS è supportato solo su Chrome?', 'come contatto il supporto?'],
            ['fr', 'le CPMS est supporté seulement sur Chrome ?', 'comment contacter le support ?'],
            ['de', 'wird das CPMS nur auf Chrome unterstützt?', 'wie erreiche ich den Support?'],
            ['es', '¿el CPMS solo está soportado en Chrome?', '¿cómo contacto con el soporte?'],
        ]) {
            const worksWith = model(lng).analyse(works).terms;
            expect([lng, worksWith.has('#compatible'), worksWith.has('#helpdesk')]).toEqual([lng, true, false]);
            expect([lng, model(lng).analyse(team).terms.has('#helpdesk')]).toEqual([lng, true]);
        }
    });

    it('a common word that shares a stem with a concept word does not take its meaning', () => {
        const concepts = (lng: string, text: string) => [...model(lng).analyse(text).terms].filter((t) => t.startsWith('#'));
        // German "seit" (since) is no "Seite" (page), "anderen" (other) no "ändern" (change).
        expect(concepts('de', 'seit gestern')).toEqual([]);
        expect(concepts('de', 'ein Kollege aus einer anderen Stadt')).not.toContain('#change');
        // English "typed" is no "types", "personal" no person to contact, "internal" nothing international.
        expect(concepts('en', 'I typed it')).toEqual([]);
        expect(concepts('en', 'internal medicine')).not.toContain('#crossborder');
        expect(concepts('en', 'my personal opinion')).not.toContain('#contact');
        // Italian "di solito" (usually) is not "only"; Romanian "prima dată" (first time) receives nothing.
        expect(concepts('it', 'di solito')).toEqual([]);
        expect(concepts('ro', 'prima')).toEqual([]);
        // "Systemic" names the disease (systemic sclerosis), not the system (platform), in every language.
        for (const [lng, text] of [
            ['en', 'systemic'],
            ['fr', 'systémique'],
            ['de', 'systemische'],
            ['es', 'sistémica'],
            ['it', 'sistemica'],
            ['ro', 'sistemică'],
        ]) {
            expect([lng, concepts(lng, text)]).toEqual([lng, ['#diseasename']]);
        }
    });

    it('a small-talk word never flags a knowledge-base word that only shares its stem', () => {
        // Italian "partita" (a match) and "parte" (part), Spanish "sol" (sun) and "solo" share a stem.
        expect(model('it').analyse('il mio ospedale fa parte della rete?').offTopic).toBe(false);
        expect(model('es').analyse('¿solo los médicos pueden entrar?').offTopic).toBe(false);
        expect(model('it').analyse('chi ha vinto la partita?').offTopic).toBe(true);
    });

    it('German compounds never start with a preposition ("unterschreiben" is no "unter" + "schreiben")', () => {
        const terms = model('de').analyse('Welche Einwilligung muss der Patient unterschreiben?').terms;
        expect(terms.has('#contact')).toBe(false);
        expect(terms.has('#consent')).toBe(true);
    });

    it('a typo is corrected to the lexicon word, not to a typo the knowledge base keeps on purpose', () => {
        // The Italian entries hold "assitenza" as a typo phrasing; "asistenza" is one edit from both.
        expect(kb.entries('it').some((e) => e.questions.some((q) => q.includes('assitenza')))).toBe(true);
        expect(model('it').analyse("mi date la mail dell'asistenza?").terms.has('#helpdesk')).toBe(true);
    });

    it('the words of a declined phrase mean only that ("meeting room" is no meeting of the platform)', () => {
        for (const [lng, text] of [
            ['en', 'can I book the meeting room for Friday?'],
            ['fr', 'la salle de réunion est prise ?'],
            ['es', '¿dónde reservo una sala de reuniones?'],
        ]) {
            const a = model(lng).analyse(text);
            // Meeting rooms are a declined topic: declined even beside "panel" (see declinedTopics).
            expect(a.declinedTopic).toBe(true);
            expect([...a.terms].filter((t) => t.startsWith('#'))).toEqual([]);
        }
    });

    it('a place name in a context clause is a name, not an unknown topic; a name in the question stays unknown', () => {
        // Made-up towns: no word list can hold them, only their capital letter and place say "name".
        const fr = model('fr').analyse("Je suis interne à Vercel-la-Vallée et je débute ; c'est quoi un ERN ?");
        expect(fr.unknownWords).not.toEqual(expect.arrayContaining(['vercel']));
        expect(fr.unknownWords).not.toEqual(expect.arrayContaining(['vallee']));
        expect(model('es').analyse('Soy nefróloga en Villa Quimera, ¿cómo entro al CPMS?').unknownWords).not.toContain('quimera');
        expect(model('en').analyse('how do I export a PDF from Quillword?').unknownWords).toContain('quillword');
        // German capitalises every noun: only a capitalised word after a place word is a name.
        const de = model('de').analyse('Ich bin Ärztin in Obermoosach und bei Verdachtsfrust, wie komme ich ins CPMS?');
        expect(de.unknownWords).not.toContain('obermoosach');
        expect(de.unknownWords).toContain('verdachtsfrust');
    });

    it('greetings and sign-offs carry no meaning, in every language', () => {
        for (const [lng, text] of [
            ['en', 'Good morning, kind regards'],
            ['ro', 'Bună ziua, cu stimă'],
            ['it', 'Gentili colleghi, cordiali saluti'],
            ['fr', 'Coucou, bien cordialement'],
            ['de', 'Grüezi, mit freundlichen Grüssen'],
            ['es', 'Buenas tardes, saludos cordiales'],
        ]) {
            const a = model(lng).analyse(text);
            expect([...a.terms, ...a.unknownWords]).toEqual([]);
        }
        expect(model('de').analyse("Servus! Wie geht's dir?").offTopic).toBe(true);
        // Apologies and intensifiers neither: the knowledge base's polite phrasings hold them too.
        for (const [lng, text] of [
            ['en', 'sorry, I do apologise, thanks a lot'],
            ['ro', 'scuzați, îmi pare rău, mulțumesc mult'],
            ['it', 'mi scusi, chiedo scusa, grazie davvero'],
            ['fr', 'désolée, merci beaucoup'],
            ['de', 'Verzeihung, vielen Dank'],
            ['es', 'perdón, lo siento, muchas gracias'],
            ['en', "hope you don't mind me asking, quick question"],
            ['fr', 'si cela ne vous dérange pas, petite question'],
            ['de', 'wenn es Ihnen nichts ausmacht, kurze Frage'],
            ['it', 'se non le dispiace, domanda veloce'],
        ]) {
            const a = model(lng).analyse(text);
            expect([lng, [...a.terms, ...a.unknownWords]]).toEqual([lng, []]);
        }
    });
});

