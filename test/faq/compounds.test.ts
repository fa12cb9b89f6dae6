import { CONCEPT_PREFIX, LanguageModel } from '../../src/faq/languageModel';
import { EMPTY_LEXICON, Lexicon } from '../../src/faq/lexicon';

/** German writes "Zugangsantrag" where English writes "access request": the parts carry the sense. */
function model(compoundLinks: string[] = []): LanguageModel {
    const lexicon: Lexicon = { ...EMPTY_LEXICON, stopwords: ['wie', 'ich', 'einen', 'den', 'stelle'], concepts: { access: ['zugang'], request: ['antrag'] }, compoundLinks };
    const m = new LanguageModel('de', lexicon);
    m.learn(['Wie bekomme ich Zugang?', 'Wo ist der Antrag?']);
    return m;
}

describe('compound words (Lexicon.compoundLinks)', () => {
    test('a compound of two known words is read as both, across a linking "s"', () => {
        const analysis = model(['', 's']).analyse('Wie stelle ich einen Zugangsantrag?');
        expect([...analysis.terms]).toEqual(expect.arrayContaining([`${CONCEPT_PREFIX}access`, `${CONCEPT_PREFIX}request`]));
        expect(analysis.unknown).toEqual([]);
    });

    test('without linking elements in the lexicon the compound stays one unknown word', () => {
        const analysis = model().analyse('Wie stelle ich einen Zugangsantrag?');
        expect(analysis.terms.size).toBe(0);
        expect(analysis.unknownWords).toEqual(['zugangsantrag']);
    });

    test('a word with an unknown part is not split', () => {
        const analysis = model(['', 's']).analyse('Zugangskarte');
        expect(analysis.unknownWords).toEqual(['zugangskarte']);
    });
});
