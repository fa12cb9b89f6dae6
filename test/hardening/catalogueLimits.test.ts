import * as fs from 'fs';
import * as path from 'path';
import { createCatalogueCommand, createFindCommand } from '../../src/catalogue/cli';
import { SHIPPED_CATALOGUE_FILE } from '../../src/catalogue/store';
import { runCommand } from '../support/cli';
import { tempDir } from '../support/tempDir';

/** Issue 15, item 1 (and the CSV parts of item 8): the catalogue import refuses what it cannot serve. */
describe('catalogue limits', () => {
    let dir: string;
    let file: string;
    const files = () => ({ file, shippedFile: SHIPPED_CATALOGUE_FILE });
    const header = 'ern,country,code,name,city,aliases';

    beforeEach(() => {
        dir = tempDir();
        file = path.join(dir, 'catalogue.json');
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    async function importCsv(rows: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
        const csv = path.join(dir, 'hospitals.csv');
        fs.writeFileSync(csv, [header, ...rows].join('\n'));
        return runCommand(createCatalogueCommand(files), ['import', csv]);
    }

    test('a name of 5 MB is refused with its line number, nothing is written, and search still works', async () => {
        const result = await importCsv(['ReCONNET,IT,IT90,Ospedale Buono,Pisa,', `ReCONNET,IT,IT91,${'A'.repeat(5 * 1024 * 1024)},Pisa,`]);
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(/hospitals\.csv:\d+: .*(larger|at most|bytes)/);
        expect(fs.existsSync(file)).toBe(false);
        const find = await runCommand(createFindCommand(files), ['hcp', 'pisana', '--json']);
        expect(find.code).toBe(0);
    });

    test('a name of 100 KB is refused on its line', async () => {
        const result = await importCsv(['ReCONNET,IT,IT90,Ospedale Buono,Pisa,', `ReCONNET,IT,IT91,${'Reparto '.repeat(12500)},Pisa,`]);
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(/hospitals\.csv:3: name must be at most 200 characters/);
    });

    test('more rows than a catalogue holds are refused before anything is built', async () => {
        const rows = Array.from({ length: 20_001 }, (_, i) => `ReCONNET,IT,IT${100000 + i},Ospedale ${i},Pisa,`);
        const result = await importCsv(rows);
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(/at most 20000 hospitals/);
    });

    test('check applies the rules of load: a catalogue file with an oversized name is invalid', async () => {
        const shipped = JSON.parse(fs.readFileSync(SHIPPED_CATALOGUE_FILE, 'utf8')) as { hcps: Array<Record<string, unknown>> };
        shipped.hcps.push({ ern: 'ReCONNET', country: 'IT', code: 'IT91', name: 'x'.repeat(100_000), aliases: [] });
        const bad = path.join(dir, 'bad.json');
        fs.writeFileSync(bad, JSON.stringify(shipped));
        const check = await runCommand(createCatalogueCommand(files), ['check', bad]);
        expect(check.code).toBe(1);
        expect(check.stderr).toMatch(/name: must be at most 200 characters/);
    });

    test('names with markup are refused on their line (they would be rendered, not shown)', async () => {
        const result = await importCsv(['ReCONNET,IT,IT87,IT87 - <script>alert(1)</script>,Pisa,', 'ReCONNET,IT,IT88,**Bold** Hospital,Pisa,']);
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(/hospitals\.csv:2: name must not contain markup/);
        expect(result.stderr).toMatch(/hospitals\.csv:3: name must not contain markup/);
    });

    test('export neutralises formula-like cells, and the export imports back unchanged', async () => {
        expect((await importCsv(['ReCONNET,IT,IT92,=HYPERLINK("http://example.org"),Pisa,@SUM(1)'])).code).toBe(0);
        const exported = await runCommand(createCatalogueCommand(files), ['export']);
        expect(exported.stdout).toContain(`'=HYPERLINK`);
        expect(exported.stdout).toContain(`'@SUM(1)`);
        expect(exported.stdout).not.toMatch(/(^|,)"?=HYPERLINK/m);
        const back = path.join(dir, 'back.csv');
        fs.writeFileSync(back, exported.stdout);
        expect((await runCommand(createCatalogueCommand(files), ['import', back])).code).toBe(0);
        const catalogue = JSON.parse(fs.readFileSync(file, 'utf8')) as { hcps: Array<{ code: string; name: string }> };
        expect(catalogue.hcps.find((h) => h.code === 'IT92')?.name).toBe('=HYPERLINK("http://example.org")');
    });
});
