import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CatalogueError, parseCatalogue } from '../../src/catalogue/schema';
import { CatalogueService } from '../../src/catalogue/service';
import { SHIPPED_CATALOGUE_FILE, loadCatalogueFile } from '../../src/catalogue/store';

type Json = Record<string, unknown> & { erns: Record<string, unknown>[]; countries: Record<string, unknown>[]; hcps: Record<string, unknown>[] };

function shippedJson(): Json {
    return JSON.parse(fs.readFileSync(SHIPPED_CATALOGUE_FILE, 'utf8')) as Json;
}

function problemsOf(raw: unknown): string[] {
    try {
        parseCatalogue(raw, 'test');
    } catch (err) {
        expect(err).toBeInstanceOf(CatalogueError);
        return (err as CatalogueError).problems;
    }
    throw new Error('expected the catalogue to be rejected');
}

describe('shipped catalogue', () => {
    const catalogue = loadCatalogueFile(SHIPPED_CATALOGUE_FILE);

    it('has the 24 ERNs and COVID-19, the 30 CPMS countries and the ReCONNET/Italy hospitals', () => {
        expect(catalogue.networks).toHaveLength(25);
        expect(catalogue.networks.map((n) => n.code)).toEqual(expect.arrayContaining(['ReCONNET', 'ERN-EYE', 'COVID-19', 'MetabERN']));
        expect(catalogue.countries).toHaveLength(30);
        const real = catalogue.hospitals.filter((h) => !h.guest);
        expect(real.map((h) => h.code)).toEqual(['IT04', 'IT07', 'IT08', 'IT13', 'IT34', 'IT37', 'IT42', 'IT61']);
        expect(real.find((h) => h.code === 'IT08')?.name).toBe('AOU Pisana');
        expect(real.find((h) => h.code === 'IT34')?.name).toBe("Foundation IRCCS CA'Granda Ospedale Maggiore polyclinic - Milan");
    });

    it('shows ReCONNET as CPMS does', () => {
        const reconnet = catalogue.networks.find((n) => n.code === 'ReCONNET');
        expect(reconnet?.cpmsLabel).toBe('ReCONNET - Connective Tissue and Musculoskeletal Diseases');
        expect(reconnet?.shortName).toBe('Connective Tissue and Musculoskeletal Diseases');
    });

    it('generates one guest entry per network and country', () => {
        const guests = catalogue.hospitals.filter((h) => h.guest);
        expect(guests).toHaveLength(25 * 30);
        expect(new Set(guests.map((g) => `${g.ern}/${g.country}`)).size).toBe(750);
        expect(guests.every((g) => g.code === '0000' && g.name === 'Guest Access')).toBe(true);
    });

    it('names every country in en, ro, it, fr, de and es', () => {
        const germany = catalogue.countries.find((c) => c.iso === 'DE');
        // the first name is the one shown; the adjectives after it are for search ("deutsches Klinikum")
        const shown = Object.fromEntries(Object.entries(germany?.names ?? {}).map(([lng, names]) => [lng, names[0]]));
        expect(shown).toMatchObject({ en: 'Germany', ro: 'Germania', it: 'Germania', fr: 'Allemagne', de: 'Deutschland', es: 'Alemania' });
        expect(germany?.names.de).toEqual(expect.arrayContaining(['deutsches', 'deutschen']));
        const czechia = catalogue.countries.find((c) => c.iso === 'CZ');
        expect(Object.values(czechia?.names ?? {}).flat()).toEqual(expect.arrayContaining(['Czech Republic', 'Česko']));
    });
});

describe('catalogue validation', () => {
    it('names the entry and field of an empty hospital name', () => {
        const raw = shippedJson();
        raw.hcps[2].name = '  ';
        expect(problemsOf(raw)).toEqual(['hcps[2] (IT08).name: must not be empty']);
    });

    it('puts entry and field in the error message', () => {
        const raw = shippedJson();
        raw.hcps[3].name = '';
        expect(() => parseCatalogue(raw, 'my.json')).toThrow(/my\.json[\s\S]*hcps\[3\] \(IT13\)\.name: must not be empty/);
    });

    it('lists every problem, across entries', () => {
        const raw = shippedJson();
        raw.erns[0].shortName = '';
        (raw.countries[5].names as Record<string, unknown>).de = [];
        raw.countries[7].iso = 'est';
        const problems = problemsOf(raw);
        expect(problems).toEqual(
            expect.arrayContaining([
                'erns[0] (BOND).shortName: must not be empty',
                'countries[5] (CZ).names.de: must list a name',
                expect.stringMatching(/^countries\[7\] \(est\)\.iso: must be an ISO 3166-1 alpha-2 code/),
            ]),
        );
    });

    it('checks references, duplicates, required languages and the reserved guest code', () => {
        const raw = shippedJson();
        raw.hcps.push({ ern: 'NoSuchERN', country: 'IT', code: 'IT99', name: 'Invented Hospital' });
        raw.hcps.push({ ern: 'ReCONNET', country: 'XX', code: 'IT98', name: 'Invented Hospital' });
        raw.hcps.push({ ern: 'ReCONNET', country: 'IT', code: 'it 8', name: 'Same code as IT08' });
        raw.hcps.push({ ern: 'ReCONNET', country: 'IT', code: '0000', name: 'Not the guest' });
        delete (raw.countries[0].names as Record<string, unknown>).ro;
        expect(problemsOf(raw)).toEqual([
            'countries[0] (AT).names.ro: missing',
            'hcps[8] (IT99).ern: unknown network "NoSuchERN"',
            'hcps[9] (IT98).country: unknown country "XX"',
            'hcps[10] (it 8).code: duplicate code in network ReCONNET (also hcps[2])',
            'hcps[11] (0000).code: 0000 is reserved for the generated guest entry',
        ]);
    });

    it('rejects unknown fields, so a misspelt one is not silently ignored', () => {
        const raw = shippedJson();
        raw.hcps[0].nmae = 'typo';
        expect(problemsOf(raw)).toEqual(['hcps[0] (IT04): Unrecognized key: "nmae"']);
    });

    it('refuses to start the service on an invalid catalogue', () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalogue-schema-'));
        try {
            const file = path.join(dir, 'catalogue.json');
            const raw = shippedJson();
            raw.hcps[2].name = '';
            fs.writeFileSync(file, JSON.stringify(raw));
            expect(() => CatalogueService.open({ file })).toThrow(/hcps\[2\] \(IT08\)\.name: must not be empty/);
            fs.writeFileSync(file, '{ not json');
            expect(() => CatalogueService.open({ file })).toThrow(CatalogueError);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
