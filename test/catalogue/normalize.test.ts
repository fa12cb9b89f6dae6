import { codeKey, compactText, foldText, isFillerWord, isStopWord, normalizeText, soundKey, tokenize, umlautSpelling } from '../../src/catalogue/normalize';

describe('normalizeText', () => {
    it.each([
        ['Cà Granda', 'ca granda'],
        ['România', 'romania'],
        ['Țară ţară Șiret Şiret', 'tara tara siret siret'],
        ["Foundation IRCCS CA'Granda – Milan!", 'foundation irccs ca granda milan'],
        ['  Straße   Øresund  Łódź ', 'strasse oresund lodz'],
        ['Ελλάδα', 'ελλαδα'],
        ['Gênes / Génova', 'genes genova'],
        ['', ''],
    ])('%j → %j', (input, expected) => {
        expect(normalizeText(input)).toBe(expected);
    });

    it('gives the same compact form for code spellings', () => {
        expect(compactText('ERN-EYE')).toBe(compactText('ern eye'));
        expect(compactText('EURO-NMD')).toBe('euronmd');
    });

    it('splits words', () => {
        expect(tokenize('AOU Careggi, Florence')).toEqual(['aou', 'careggi', 'florence']);
        expect(tokenize(' - ')).toEqual([]);
    });
});

describe('codeKey', () => {
    it.each(['it 13', 'IT-13', 'it13', 'IT13', ' It.13 '])('%j is IT13', (text) => {
        expect(codeKey(text)).toBe('it13');
    });

    it('ignores leading zeros', () => {
        expect(codeKey('IT08')).toBe(codeKey('it 8'));
        expect(codeKey('0000')).toBe('0');
    });

    it.each(['Pisa', 'COVID-19 space', 'ERN-EYE', ''])('%j is not a code', (text) => {
        expect(codeKey(text)).toBeUndefined();
    });
});

describe('isStopWord', () => {
    it.each(['ospedale', 'spitalul', 'of', 'rare', 'reumatologica', 'hospitalier', 'universitatii'])('%j says little', (word) => {
        expect(isStopWord(word)).toBe(true);
    });

    it.each(['pisana', 'careggi', 'universitetssykehus', 'santander', 'lupus'])('%j is distinctive', (word) => {
        expect(isStopWord(word)).toBe(false);
    });
});

describe('foldText', () => {
    it.each([
        ['Αθήνα', 'athina'],
        ['Πανεπιστημιακό Γενικό Νοσοκομείο «Αττικόν»', 'panepistimiako geniko nosokomeio attikon'],
        ['Ελλάδα', 'ellada'],
        ['УМБАЛ „Александровска“', 'umbal aleksandrovska'],
        ['София', 'sofiya'],
        ['Spitalul Clinic Județean', 'spitalul clinic judetean'],
    ])('%j → %j', (input, expected) => {
        expect(foldText(input)).toBe(expected);
    });

    it('is what compactText and tokenize use', () => {
        expect(compactText('Κύπρος')).toBe('kypros');
        expect(tokenize('Αθήνα, Greece')).toEqual(['athina', 'greece']);
    });
});

describe('word classes and spellings', () => {
    it.each(['the', 'de', 'je', 'lavoro', 'w', 'x'])('%j is a filler', (word) => {
        expect(isFillerWord(word)).toBe(true);
        expect(isStopWord(word)).toBe(true);
    });

    it.each(['ziekenhuis', 'nemocnice', 'szpital', 'sjukhuset', 'judetean', 'uz', 'fn', 'univ'])('%j is generic, not a filler', (word) => {
        expect(isStopWord(word)).toBe(true);
        expect(isFillerWord(word)).toBe(false);
    });

    it('spells umlauts as German does without them', () => {
        expect(umlautSpelling('Universitätsklinikum Tübingen')).toBe('Universitaetsklinikum Tuebingen');
        expect(umlautSpelling('Pisa')).toBeUndefined();
    });

    it('gives sound-alike spellings one key', () => {
        expect(soundKey('carregi')).toBe(soundKey('careggi'));
        expect(soundKey('alexandrovska')).toBe(soundKey('aleksandrovska'));
        expect(soundKey('cracow')).toBe(soundKey('krakow'));
        expect(soundKey('pizza')).not.toBe(soundKey('pisa'));
    });
});
