import { cityNames, otherCityNames } from '../../src/catalogue/places';
import { CatalogueSearch, hospitalLabel, localizedCountryName } from '../../src/catalogue/search';
import { SHIPPED_CATALOGUE_FILE, loadCatalogueFile } from '../../src/catalogue/store';
import { tokenize } from '../../src/catalogue/normalize';
import { derivedWords } from '../../src/catalogue/tokenIndex';
import { BLIND_QUERIES_FILE, FRESH_QUERIES_FILE, LabelledQuery, Predictor, evaluate, loadLabelledQueries, searchPredictor, withImportSample } from './evaluate';
import { generateCatalogue } from './generate';

const catalogue = loadCatalogueFile(SHIPPED_CATALOGUE_FILE);
/** The shipped catalogue plus fixtures/import-sample.csv, indexed once for every suite that reads it. */
const merged = new CatalogueSearch(withImportSample(catalogue));

/** The nonsense queries of a set (expecting nothing) for which the search offers something. */
function offeredForNonsense(queries: readonly LabelledQuery[], predict: Predictor): string[] {
    return queries.filter((q) => q.expect === null && predict(q).confidence !== 'none').map((q) => `${q.kind}: ${q.q}`);
}
const search = new CatalogueSearch(catalogue);
const RECONNET_ITALY = { ern: 'ReCONNET', country: 'IT' };

/** Bars reached on the labelled set (see test/bench/search.ts); the dev split was not used for tuning. */
const TRAIN_TOP1_BAR = 0.97;
const DEV_TOP1_BAR = 0.95;

describe('labelled queries', () => {
    const queries = loadLabelledQueries();
    const predict = searchPredictor(search);

    it('has at least 100 queries, about 30 % held out as dev', () => {
        expect(queries.length).toBeGreaterThanOrEqual(100);
        const dev = queries.filter((q) => q.split === 'dev').length / queries.length;
        expect(dev).toBeGreaterThan(0.25);
        expect(dev).toBeLessThan(0.35);
    });

    it(`top-1 accuracy on train ≥ ${TRAIN_TOP1_BAR}`, () => {
        const result = evaluate(queries.filter((q) => q.split === 'train'), predict);
        expect(result.top1 / result.total).toBeGreaterThanOrEqual(TRAIN_TOP1_BAR);
    });

    it(`top-1 accuracy on dev ≥ ${DEV_TOP1_BAR}`, () => {
        const result = evaluate(queries.filter((q) => q.split === 'dev'), predict);
        expect(result.top1 / result.total).toBeGreaterThanOrEqual(DEV_TOP1_BAR);
    });

    it('finds nothing for every nonsense query', () => {
        expect(queries.filter((q) => q.expect === null).length).toBeGreaterThanOrEqual(20);
        expect(offeredForNonsense(queries, predict)).toEqual([]);
    });
});

/**
 * Bars on labelled-fresh.json: queries written from how users type (partial names, exonyms, native
 * scripts, abbreviations, typos, topics, guest words, nonsense) before the search was tuned for
 * them, over the shipped hospitals plus fixtures/import-sample.csv. Measured: 100 % on both splits
 * (before the rules it motivated: 86.5 %); the bars leave room for a rule change that costs a query or two.
 */
const FRESH_TOP1_BAR = 0.97;
const FRESH_FULL_BAR = 0.95;

describe('fresh labelled queries, over the shipped catalogue + the import sample', () => {
    const queries = loadLabelledQueries(FRESH_QUERIES_FILE);
    const predict = searchPredictor(merged);

    it('has at least 150 queries of every kind, over shipped and imported hospitals', () => {
        expect(queries.length).toBeGreaterThanOrEqual(150);
        for (const kind of ['hcp', 'ern', 'country'] as const) expect(queries.filter((q) => q.kind === kind).length).toBeGreaterThanOrEqual(30);
        const expected = new Set(queries.flatMap((q) => (q.expect === null ? [] : [q.expect].flat())));
        for (const code of ['IT08', 'IT37', 'DE01', 'RO01', 'GR02', '0000']) expect(expected.has(code)).toBe(true);
    });

    it.each(['train', 'dev'] as const)(`top-1 on %s ≥ ${FRESH_TOP1_BAR}, classification also right ≥ ${FRESH_FULL_BAR}`, (split) => {
        const result = evaluate(queries.filter((q) => q.split === split), predict);
        expect(result.top1 / result.total).toBeGreaterThanOrEqual(FRESH_TOP1_BAR);
        expect(result.full / result.total).toBeGreaterThanOrEqual(FRESH_FULL_BAR);
    });

    it('finds nothing for every nonsense query or place not in the catalogue', () => {
        expect(queries.filter((q) => q.expect === null).length).toBeGreaterThanOrEqual(20);
        expect(offeredForNonsense(queries, predict)).toEqual([]);
    });
});

/** Bars on labelled-blind.json (see BLIND_QUERIES_FILE: 98.6 % top-1 as written, nonsense 30/30). */
const BLIND_TOP1_BAR = 0.96;

describe('blind labelled queries, over the shipped catalogue + the import sample', () => {
    const queries = loadLabelledQueries(BLIND_QUERIES_FILE);
    const predict = searchPredictor(merged);

    it(`top-1 ≥ ${BLIND_TOP1_BAR} over hospitals, networks and countries`, () => {
        expect(queries.length).toBeGreaterThanOrEqual(400);
        const result = evaluate(queries, predict);
        expect(result.top1 / result.total).toBeGreaterThanOrEqual(BLIND_TOP1_BAR);
    });

    it('finds nothing for its nonsense queries and places not in the catalogue', () => {
        expect(offeredForNonsense(queries, predict)).toEqual([]);
    });
});

describe('rules for names the search was not tuned on', () => {
    const first = (q: string): string | undefined => merged.global(q).matches[0]?.item.hospital.code;
    const all = (q: string): string[] => merged.global(q).matches.map((m) => m.item.hospital.code).sort();

    it('knows cities by their names in other languages, both ways', () => {
        expect(cityNames('Munich')).toContain('München');
        expect(cityNames('bucuresti')).toContain('Bucharest');
        expect(cityNames('Atlantis')).toBeUndefined();
        expect(otherCityNames(['Laiko General Hospital of Athens'])).toEqual(expect.arrayContaining(['Αθήνα', 'Atene']));
        expect(all('Monaco di Baviera')).toEqual(['DE03', 'DE09']);
        expect(all('Warsaw')).toEqual(['PL01', 'PL03']);
        expect(first('Copenaghen')).toBe('DK01');
        // a typo of another language's name is more often another place: "Braga" is not "Praga"
        expect(merged.global('Hospital de Braga').confidence).toBe('none');
    });

    it('reads Greek and Cyrillic names in Latin letters and the other way round', () => {
        expect(first('attikon')).toBe('GR02');
        expect(first('Αττικόν')).toBe('GR02');
        expect(first('Alexandrovska')).toBe('BG01');
    });

    it('takes acronyms and joined words for the names they stand for', () => {
        expect(derivedWords(tokenize('Leiden University Medical Center'))).toContain('lumc');
        expect(derivedWords(tokenize('Hôpital Cochin AP-HP'))).toContain('aphp');
        expect(derivedWords(tokenize('Azienda Ospedaliero Universitaria'))).not.toContain('aou');
        expect(first('LUMC')).toBe('NL01');
        expect(first('NIGRiR')).toBe('PL01');
        expect(first('HUVH')).toBe('ES02');
        expect(first('aphp')).toMatch(/^FR/);
    });

    it('weighs generic words, their abbreviations and typos, fillers and network topics little', () => {
        expect(first('Universitair Ziekenhuis Gent')).toBe('BE03');
        expect(first('UK Erlangen')).toBe('DE02');
        expect(first('Univ. Hosp. Erlangen')).toBe('DE02');
        expect(first('Hosptial Erlangen')).toBe('DE02');
        expect(first('je travaille à l’hôpital de la Timone')).toBe('FR08');
        expect(first('lupus clinic pisa')).toBe('IT08');
        expect(merged.global('Spitalul Județean Constanța').confidence).toBe('none');
    });

    it('forgives doubled letters, sound-alike spellings and a missing letter', () => {
        expect(first('carregi')).toBe('IT13');
        expect(first('Sahlgrensca')).toBe('SE02');
        expect(merged.global('Clj').matches[0]?.item.hospital.code).toBe('RO01');
        expect(merged.global('Clj').confidence).toBe('ambiguous');
        expect(merged.networks('Hautkrankheiten').matches[0]?.item.code).toBe('ERN-Skin');
    });
});

describe('hospital search', () => {
    it.each(['it 13', 'IT-13', 'it13', 'IT13'])('code %j → IT13, confidently', (q) => {
        const outcome = search.hospitals(q, RECONNET_ITALY);
        expect(outcome.confidence).toBe('confident');
        expect(outcome.matches.map((m) => m.item.code)).toEqual(['IT13']);
    });

    it.each([
        ['AOU Pisana', 'IT08'],
        ['Azienda Ospedaliero-Universitaria Pisana', 'IT08'],
        ['Firenze', 'IT13'],
        ['Florenţa', 'IT13'],
        ['Genova', 'IT42'],
        ['Milano', 'IT34'],
        ['Padua', 'IT07'],
        ['Roma', 'IT61'],
        ['ospedale di padova', 'IT07'],
        ['caregi', 'IT13'],
    ])('%j → %s', (q, code) => {
        const outcome = search.hospitals(q, RECONNET_ITALY);
        expect(outcome.confidence).toBe('confident');
        expect(outcome.matches[0].item.code).toBe(code);
    });

    it('offers up to 3 close matches when several fit', () => {
        const outcome = search.hospitals('AOU', RECONNET_ITALY);
        expect(outcome.confidence).toBe('ambiguous');
        expect(outcome.matches.map((m) => m.item.code).sort()).toEqual(['IT08', 'IT13', 'IT42']);
    });

    it('says so honestly when nothing fits', () => {
        expect(search.hospitals('banana bread', RECONNET_ITALY)).toEqual({ confidence: 'none', matches: [] });
        expect(search.hospitals('', RECONNET_ITALY)).toEqual({ confidence: 'none', matches: [] });
        expect(search.hospitals('pisa', { ern: 'NoSuchERN' })).toEqual({ confidence: 'none', matches: [] });
    });

    it.each(['guest', 'ospite', 'invitat', 'invité', 'Gast', 'invitado', 'guest access', 'acces invitat', '0000'])(
        'guest word %j → 0000 Guest Access in any network and country',
        (q) => {
            const outcome = search.hospitals(q, { ern: 'EpiCARE', country: 'SE' });
            expect(outcome.confidence).toBe('confident');
            expect(outcome.matches[0].item).toMatchObject({ code: '0000', guest: true, ern: 'EpiCARE', country: 'SE' });
            expect(search.isGuestQuery(q)).toBe(true);
        },
    );

    it('does not take a hospital for a guest query', () => {
        expect(search.isGuestQuery('AOU Pisana')).toBe(false);
        expect(search.isGuestQuery('xyz')).toBe(false);
    });

    it('ignores the country or network named in a scoped query', () => {
        expect(search.hospitals('Pisa, Italy', RECONNET_ITALY).matches[0].item.code).toBe('IT08');
        expect(search.hospitals('Reumatologia Careggi', RECONNET_ITALY).matches[0].item.code).toBe('IT13');
    });
});

describe('global search', () => {
    it.each([
        ['AOU Pisana', 'IT08'],
        ['pisa', 'IT08'],
        ['Firenze', 'IT13'],
        ['careggi italy', 'IT13'],
        ['San Matteo Pavia', 'IT37'],
    ])('%j → ReCONNET / Italy / %s in one go', (q, code) => {
        const outcome = search.global(q);
        expect(outcome.confidence).toBe('confident');
        const [{ item }] = outcome.matches;
        expect(item.network.code).toBe('ReCONNET');
        expect(item.country.iso).toBe('IT');
        expect(item.hospital.code).toBe(code);
    });

    it('offers guest access of the home network first when the country is not known yet', () => {
        const outcome = search.global('guest');
        expect(outcome.confidence).toBe('ambiguous');
        expect(outcome.matches.every((m) => m.item.hospital.guest && m.item.network.code === 'ReCONNET')).toBe(true);
    });

    it('finds nothing for a network or country name alone', () => {
        expect(search.global('Italy').confidence).toBe('none');
        expect(search.global('reconnet').confidence).toBe('none');
    });

    it('works on a catalogue of 2,000 hospitals', () => {
        const big = new CatalogueSearch(generateCatalogue(catalogue, 2000));
        const sample = big.catalogue.hospitals.filter((h) => !h.guest && h.country !== 'IT')[123];
        const outcome = big.global(sample.name);
        expect(outcome.confidence).not.toBe('none');
        expect(outcome.matches[0].item.hospital.code).toBe(sample.code);
        expect(big.global('AOU Pisana').matches[0].item.hospital.code).toBe('IT08');
    });
});

describe('networks and countries', () => {
    it.each([
        ['reconnet', 'ReCONNET'],
        ['ERN-ReCONNET', 'ReCONNET'],
        ['lupus', 'ReCONNET'],
        ['sclerodermia', 'ReCONNET'],
        ['rare connective tissue', 'ReCONNET'],
        ['ern eye', 'ERN-EYE'],
        ['epilessia', 'EpiCARE'],
        ['covid', 'COVID-19'],
    ])('network %j → %s', (q, code) => {
        const outcome = search.networks(q);
        expect(outcome.confidence).toBe('confident');
        expect(outcome.matches[0].item.code).toBe(code);
    });

    it.each([
        ['Deutschland', 'DE'],
        ['Germania', 'DE'],
        ['Allemagne', 'DE'],
        ['Alemania', 'DE'],
        ['Czech Republic', 'CZ'],
        ['Česko', 'CZ'],
        ['Romînia', 'RO'],
        ['it', 'IT'],
        ['Itlay', 'IT'],
        // its adjective, as people answer "which country?"
        ['ospedale italiano', 'IT'],
        ['un hôpital français', 'FR'],
        ['deutsches Klinikum', 'DE'],
        ['hospital español', 'ES'],
        ['spital românesc', 'RO'],
        ['a Belgian hospital', 'BE'],
        ['ein österreichisches Krankenhaus', 'AT'],
    ])('country %j → %s', (q, iso) => {
        const outcome = search.countries(q, { ern: 'ReCONNET' });
        expect(outcome.confidence).toBe('confident');
        expect(outcome.matches[0].item.iso).toBe(iso);
    });

    it('takes no country from a sentence of common words ("me salto esto")', () => {
        for (const q of ['me salto esto', 'je passe cette question']) expect(search.countries(q, { ern: 'ReCONNET' }).confidence).toBe('none');
    });

    it('lists all 30 countries in CPMS order for any network', () => {
        const countries = search.countriesOf('ReCONNET');
        expect(countries).toHaveLength(30);
        expect(countries.slice(0, 7).map((c) => c.cpmsName)).toEqual(['Austria', 'Belgium', 'Bulgaria', 'Croatia', 'Cyprus', 'Czech Republic', 'Denmark']);
        expect(search.countriesOf('EpiCARE')).toEqual(countries);
    });

    it('lists hospitals guest first, then by code', () => {
        const list = search.hospitalsOf('reconnet', 'it').map(hospitalLabel);
        expect(list).toEqual([
            '0000 Guest Access',
            'IT04 - Civil Hospital - Brescia',
            'IT07 - University Hospital of Padova',
            'IT08 - AOU Pisana',
            'IT13 - AOU Careggi, Florence',
            "IT34 - Foundation IRCCS CA'Granda Ospedale Maggiore polyclinic - Milan",
            'IT37 - Foundation IRCCS Polyclinic San Matteo, Pavia',
            'IT42 - IRCCS AOU San Martino - Genoa',
            'IT61 - AO San Camillo Forlanini - Rome',
        ]);
        expect(search.hospitalsOf('ERN-LUNG', 'FR').map(hospitalLabel)).toEqual(['0000 Guest Access']);
    });

    it('looks networks and countries up by code, case-insensitively', () => {
        expect(search.network('ern-eye')?.code).toBe('ERN-EYE');
        expect(search.network('RECONNET')?.code).toBe('ReCONNET');
        expect(search.network('lupus')).toBeUndefined();
        expect(search.country('it')?.name).toBe('Italy');
        expect(search.country('XX')).toBeUndefined();
        expect(search.allNetworks()).toHaveLength(25);
    });

    it('names countries in the user language', () => {
        const germany = search.country('DE');
        if (!germany) throw new Error('no Germany');
        expect(localizedCountryName(germany, 'ro')).toBe('Germania');
        expect(localizedCountryName(germany, 'it-IT')).toBe('Germania');
        expect(localizedCountryName(germany, 'fr')).toBe('Allemagne');
        expect(localizedCountryName(germany, 'xx')).toBe('Germany');
    });
});
