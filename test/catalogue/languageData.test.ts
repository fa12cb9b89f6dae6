import * as fs from 'fs';
import * as path from 'path';
import { CATALOGUE_LANGUAGE_FILE, loadCatalogueLanguages, OTHER_LANGUAGES_FILE } from '../../src/catalogue/languageData';
import { cityNames } from '../../src/catalogue/places';
import { isFillerWord, isStopWord } from '../../src/catalogue/normalize';
import { CatalogueSearch } from '../../src/catalogue/search';
import { SHIPPED_CATALOGUE_FILE, loadCatalogueFile } from '../../src/catalogue/store';
import { SUPPORTED_LANGUAGES } from '../../src/i18n';
import { LOCALES_DIR } from '../../src/paths';
import { tempDir } from '../support/tempDir';

const search = new CatalogueSearch(loadCatalogueFile(SHIPPED_CATALOGUE_FILE));
const RECONNET_ITALY = { ern: 'ReCONNET', country: 'IT' };

describe('catalogue language data (locales/<lng>/catalogue.json)', () => {
    test('every language the bot speaks has its catalogue words and city names', () => {
        const languages = loadCatalogueLanguages();
        for (const lng of SUPPORTED_LANGUAGES) {
            const data = languages.get(lng);
            expect({ lng, fillers: (data?.fillerWords.length ?? 0) > 0, generic: (data?.genericWords.length ?? 0) > 0, cities: (data?.cities.length ?? 0) > 0 }).toEqual({ lng, fillers: true, generic: true, cities: true });
        }
    });

    test('a language added as a folder brings its words and city names with no code change', () => {
        const dir = tempDir();
        fs.mkdirSync(path.join(dir, 'xx'));
        fs.writeFileSync(
            path.join(dir, 'xx', CATALOGUE_LANGUAGE_FILE),
            JSON.stringify({ fillerWords: ['ja', 'pracuje'], genericWords: ['szpitalik'], cities: [['Firenze', 'Florencjo']] }),
        );
        const languages = loadCatalogueLanguages(dir);
        expect(languages.get('xx')?.cities).toEqual([['Firenze', 'Florencjo']]);
        // the shipped languages the bot does not speak are still there
        expect(languages.get('pl')?.genericWords).toContain('szpital');
    });

    test('a malformed file is refused with its name', () => {
        const dir = tempDir();
        fs.mkdirSync(path.join(dir, 'xx'));
        fs.writeFileSync(path.join(dir, 'xx', CATALOGUE_LANGUAGE_FILE), JSON.stringify({ fillerWords: [], genericWords: [''], cities: [['Solo']] }));
        expect(() => loadCatalogueLanguages(dir)).toThrow(/xx.catalogue\.json: genericWords\.0.*cities\.0/);
    });

    test('the other-languages file only holds languages without a locale folder', () => {
        const others = Object.keys(JSON.parse(fs.readFileSync(OTHER_LANGUAGES_FILE, 'utf8')) as Record<string, unknown>);
        const folders = fs.readdirSync(LOCALES_DIR).filter((f) => fs.existsSync(path.join(LOCALES_DIR, f, CATALOGUE_LANGUAGE_FILE)));
        expect(others.filter((lng) => folders.includes(lng))).toEqual([]);
    });
});

describe('French, German and Spanish in the catalogue search', () => {
    test.each([
        ['Munich', 'München'],
        ['Monaco di Baviera', 'Múnich'],
        ['Florence', 'Florenz'],
        ['Varsovie', 'Warschau'],
        ['Lisbonne', 'Lissabon'],
        ['Gênes', 'Génova'],
    ])('%s and %s are one city', (a, b) => {
        expect(cityNames(a)).toContain(b);
    });

    test.each(['hôpital', 'Universitätsklinikum', 'Klinikum', 'clinique', 'centre hospitalier', 'universitario', 'enfermedades'])('"%s" is a generic word', (word) => {
        expect(word.split(' ').every((w) => isStopWord(w.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()))).toBe(true);
    });

    test.each(['je', 'travaille', 'ich', 'arbeite', 'trabajo', 'los'])('"%s" is a filler word', (word) => {
        expect(isFillerWord(word)).toBe(true);
    });

    test.each([
        ["je travaille à l'hôpital universitaire de Florence", 'IT13'],
        ['CHU de Pise', 'IT08'],
        ['Universitätsklinik Padua', 'IT07'],
        ['ich arbeite in Mailand', 'IT34'],
        ['hospital universitario de Génova', 'IT42'],
        ['trabajo en el hospital San Camillo de Roma', 'IT61'],
    ])('hospital "%s" → %s', (q, code) => {
        expect(search.hospitals(q, RECONNET_ITALY).matches[0]?.item.code).toBe(code);
    });

    test.each([
        ['maladies rares du tissu conjonctif', 'ReCONNET'],
        ['seltene Lebererkrankungen', 'RARE-LIVER'],
        ['enfermedades renales raras', 'ERKNet'],
        ['épilepsie', 'EpiCARE'],
        ['Augenheilkunde', 'ERN-EYE'],
        ['hematología', 'EuroBloodNet'],
    ])('network "%s" → %s', (q, code) => {
        expect(search.networks(q).matches[0]?.item.code).toBe(code);
    });

    test.each([
        ['Allemagne', 'DE'],
        ['Österreich', 'AT'],
        ['Países Bajos', 'NL'],
        ['République tchèque', 'CZ'],
        ['Schweden', 'SE'],
        ['Bélgica', 'BE'],
    ])('country "%s" → %s', (q, iso) => {
        expect(search.countries(q).matches[0]?.item.iso).toBe(iso);
    });
});
