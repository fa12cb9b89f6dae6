/**
 * The helpdesk's workflow end to end, in-process: `catalogue import fixtures/import-sample.csv`
 * (68 member hospitals of 14 networks and 20 countries, in their native names), then the bot's
 * CatalogueService and `find` search the new hospitals.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCommand } from '../support/cli';
import { createCatalogueCommand, createFindCommand } from '../../src/catalogue/cli';
import { CHANGE_CHECK_INTERVAL_MS, CatalogueService } from '../../src/catalogue/service';
import { SHIPPED_CATALOGUE_FILE, loadCatalogueFile } from '../../src/catalogue/store';
import { IMPORT_SAMPLE_FILE, withImportSample } from './evaluate';

/** Rows of the sample file, and hospitals of the shipped catalogue it is merged into. */
const SAMPLE_ROWS = 68;
const SHIPPED_HOSPITALS = 8;


describe('importing fixtures/import-sample.csv', () => {
    let dir: string;
    let file: string;
    let clock: number;
    const now = (): number => clock;
    const quiet = { info: () => undefined, warn: () => undefined };

    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalogue-sample-'));
        file = path.join(dir, 'data', 'catalogue.json');
        clock = 1_000_000;
    });

    afterEach(() => {
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it('imports every row through the CLI and writes the merged catalogue', async () => {
        const catalogueCommand = createCatalogueCommand(() => ({ file, shippedFile: SHIPPED_CATALOGUE_FILE }));
        const result = await runCommand(catalogueCommand, ['import', IMPORT_SAMPLE_FILE]);
        expect(result.stderr).toBe('');
        expect(result.code).toBe(0);
        expect(result.stdout).toContain(`imported ${SAMPLE_ROWS} row(s)`);
        expect(result.stdout).toContain(`${SAMPLE_ROWS} added, 0 replaced`);
        expect(result.stdout).toContain(`now lists ${SHIPPED_HOSPITALS + SAMPLE_ROWS} hospitals`);

        const written = loadCatalogueFile(file);
        expect(written).toEqual(withImportSample(loadCatalogueFile(SHIPPED_CATALOGUE_FILE)));
        expect(written.hospitals.find((h) => h.code === 'GR02')).toMatchObject({
            ern: 'ERN-Skin', country: 'GR', name: 'Πανεπιστημιακό Γενικό Νοσοκομείο «Αττικόν»', city: 'Αθήνα', aliases: ['Attikon'],
        });
        expect(written.hospitals.find((h) => h.code === 'RO06')?.name).toBe('Spitalul Clinic Județean de Urgență "Pius Brînzeu" Timișoara');
        // every imported network and country gets its guest entry
        expect(written.hospitals.some((h) => h.guest && h.ern === 'EpiCARE' && h.country === 'ES')).toBe(true);
    });

    it('is picked up by the running bot’s CatalogueService', async () => {
        const service = CatalogueService.open({ file, shippedFile: SHIPPED_CATALOGUE_FILE, logger: quiet, now });
        expect(service.search.global('Charité').confidence).toBe('none');

        const catalogueCommand = createCatalogueCommand(() => ({ file, shippedFile: SHIPPED_CATALOGUE_FILE }));
        expect((await runCommand(catalogueCommand, ['import', IMPORT_SAMPLE_FILE])).code).toBe(0);
        clock += CHANGE_CHECK_INTERVAL_MS;

        const search = service.search;
        expect(service.source).toBe(file);
        const charite = search.global('charite berlin');
        expect(charite.matches[0].item.hospital.code).toBe('DE01');
        expect(charite.matches.map((m) => m.item.network.code).sort()).toEqual(['ERKNet', 'ReCONNET']);
        expect(search.hospitals('Cluj', { ern: 'ReCONNET', country: 'RO' })).toMatchObject({ confidence: 'confident', matches: [{ item: { code: 'RO01' } }] });
        expect(search.hospitals('Bucharest', { ern: 'ReCONNET', country: 'Ro' }).matches[0].item.code).toBe('RO02');
        expect(search.hospitals('attikon', { ern: 'ERN-Skin', country: 'GR' }).matches[0].item.code).toBe('GR02');
        expect(search.hospitals('invitado', { ern: 'ReCONNET', country: 'ES' }).matches[0].item).toMatchObject({ code: '0000', guest: true });
        // the shipped hospitals are still there
        expect(search.hospitals('policlinico san matteo', { ern: 'ReCONNET', country: 'IT' }).matches[0].item.code).toBe('IT37');
    });

    it('is searched by `find`, exonyms and native spellings included', async () => {
        const catalogueCommand = createCatalogueCommand(() => ({ file, shippedFile: SHIPPED_CATALOGUE_FILE }));
        expect((await runCommand(catalogueCommand, ['import', IMPORT_SAMPLE_FILE])).code).toBe(0);
        const find = createFindCommand(() => ({ file, shippedFile: SHIPPED_CATALOGUE_FILE }));
        const codes = async (q: string): Promise<string[]> => {
            const result = await runCommand(find, ['hcp', q, '--json']);
            expect(result.code).toBe(0);
            return (JSON.parse(result.stdout) as { results: Array<{ code: string }> }).results.map((r) => r.code);
        };
        expect((await codes('Monaco di Baviera')).sort()).toEqual(['DE03', 'DE09']);
        expect(await codes('Αττικόν')).toEqual(['GR02']);
        expect(await codes('Sofia')).toEqual(['BG01']);
        expect(await codes('LUMC')).toEqual(['NL01']);
        expect(await codes('FN Motol')).toEqual(['CZ02']);
        expect(await codes('Fakultní nemocnice Brno')).toEqual([]);
    });
});
