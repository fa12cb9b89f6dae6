import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CliCommand } from '../../src/cliIo';
import { runCommand as run } from '../support/cli';
import { createCatalogueCommand, createFindCommand } from '../../src/catalogue/cli';
import { SHIPPED_CATALOGUE_FILE, loadCatalogueFile } from '../../src/catalogue/store';



const HEADER = 'ern,country,code,name,city,aliases\n';

describe('catalogue import / export', () => {
    let dir: string;
    let file: string;
    let catalogueCommand: CliCommand;

    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalogue-cli-'));
        file = path.join(dir, 'data', 'catalogue.json');
        catalogueCommand = createCatalogueCommand(() => ({ file, shippedFile: SHIPPED_CATALOGUE_FILE }));
    });

    afterEach(() => {
        fs.rmSync(dir, { recursive: true, force: true });
    });

    function csv(name: string, content: string | Buffer): string {
        const target = path.join(dir, name);
        fs.writeFileSync(target, content);
        return target;
    }

    it('reports every problem with its line number and writes nothing', async () => {
        const latin1 = Buffer.from('ReCONNET,IT,IT90,Ospedale Universit\xe0,Siena,\n', 'latin1');
        const input = csv(
            'bad.csv',
            Buffer.concat([
                Buffer.from(
                    HEADER +
                        'NoSuchNetwork,IT,IT80,Invented Hospital A,Siena,\n' +
                        'ReCONNET,Atlantis,IT81,Invented Hospital B,Siena,\n' +
                        'ReCONNET,IT,IT82,Invented Hospital C,Siena,\n' +
                        'reconnet,italy,it 82,Invented Hospital D,Siena,\n' +
                        'ReCONNET,IT,IT83,   ,Siena,\n' +
                        'ReCONNET,IT,IT84,Too few columns\n',
                    'utf8',
                ),
                latin1,
            ]),
        );
        const result = await run(catalogueCommand, ['import', input]);
        expect(result.code).toBe(1);
        expect(result.stderr).toContain(`${input}:2: unknown network "NoSuchNetwork"`);
        expect(result.stderr).toContain(`${input}:3: unknown country "Atlantis"`);
        expect(result.stderr).toContain(`${input}:5: duplicate code IT82 in network ReCONNET (also on line 4)`);
        expect(result.stderr).toContain(`${input}:6: name must not be empty`);
        expect(result.stderr).toContain(`${input}:7: expected 6 columns, found 4`);
        expect(result.stderr).toContain(`${input}:8: not valid UTF-8`);
        expect(result.stderr).toContain('nothing written: 6 problem(s)');
        expect(fs.existsSync(file)).toBe(false);
    });

    it('requires the header row', async () => {
        const input = csv('noheader.csv', 'ReCONNET,IT,IT90,Invented Hospital,Siena,\n');
        const result = await run(catalogueCommand, ['import', input]);
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(/:1: unknown column "ReCONNET"/);
        expect(result.stderr).toMatch(/:1: missing column "ern"/);
        expect(fs.existsSync(file)).toBe(false);
    });

    it('refuses the reserved guest code', async () => {
        const input = csv('guest.csv', `${HEADER}ReCONNET,IT,0000,Guest Access,,\n`);
        const result = await run(catalogueCommand, ['import', input]);
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(/:2: code 0000 is reserved/);
    });

    it('merges a valid file (add and replace by network + code) and the export round-trips', async () => {
        const input = csv(
            'good.csv',
            HEADER +
                'ERN ReCONNET,France,FR01,Hôpital Inventé de Lyon,Lyon,HIL|Hopital Invente\n' +
                'reconnet,IT,it08,AOU Pisana (test rename),Pisa,Cisanello\n' +
                '"European Reference Network on rare eye diseases",de,DE01,"Klinikum Erfunden, Köln",Köln,\n',
        );
        const imported = await run(catalogueCommand, ['import', input]);
        expect(imported.stderr).toBe('');
        expect(imported.code).toBe(0);
        expect(imported.stdout).toContain('2 added, 1 replaced');

        const written = loadCatalogueFile(file);
        const real = written.hospitals.filter((h) => !h.guest);
        expect(real).toHaveLength(10);
        expect(real.find((h) => h.code === 'FR01')).toEqual({
            ern: 'ReCONNET', country: 'FR', code: 'FR01', name: 'Hôpital Inventé de Lyon', city: 'Lyon', aliases: ['HIL', 'Hopital Invente'], guest: false,
        });
        expect(real.find((h) => h.code === 'IT08')).toMatchObject({ name: 'AOU Pisana (test rename)', aliases: ['Cisanello'] });
        expect(real.find((h) => h.code === 'DE01')).toMatchObject({ ern: 'ERN-EYE', country: 'DE', name: 'Klinikum Erfunden, Köln' });

        const exported = await run(catalogueCommand, ['export']);
        expect(exported.code).toBe(0);
        expect(exported.stdout.startsWith(HEADER)).toBe(true);
        expect(exported.stdout).toContain('ReCONNET,FR,FR01,Hôpital Inventé de Lyon,Lyon,HIL|Hopital Invente');

        const exportFile = path.join(dir, 'export.csv');
        expect((await run(catalogueCommand, ['export', exportFile])).code).toBe(0);
        expect(fs.readFileSync(exportFile, 'utf8')).toBe(exported.stdout);

        // importing the export into an empty installation gives the same catalogue
        const otherFile = path.join(dir, 'other', 'catalogue.json');
        const other = createCatalogueCommand(() => ({ file: otherFile }));
        const again = await run(other, ['import', exportFile]);
        expect(again.code).toBe(0);
        expect(again.stdout).toContain('2 added, 8 replaced');
        expect(loadCatalogueFile(otherFile)).toEqual(written);
    });

    it('accepts semicolon-separated files as European spreadsheets save them', async () => {
        const input = csv('semi.csv', 'ern;country;code;name;city;aliases\r\nReCONNET;Romania;RO01;Spitalul Inventat;Cluj-Napoca;\r\n');
        const result = await run(catalogueCommand, ['import', input]);
        expect(result.code).toBe(0);
        expect(loadCatalogueFile(file).hospitals.find((h) => h.code === 'RO01')).toMatchObject({ country: 'RO', city: 'Cluj-Napoca' });
    });

    it('validates the current catalogue with check', async () => {
        const result = await run(catalogueCommand, ['check']);
        expect(result.code).toBe(0);
        expect(result.stdout).toContain('25 networks, 30 countries, 8 hospitals');
    });

    it('prints usage for a wrong call', async () => {
        expect((await run(catalogueCommand, ['import'])).code).toBe(2);
        expect((await run(catalogueCommand, ['frobnicate'])).stderr).toContain('usage: catalogue import');
    });
});

describe('find', () => {
    let dir: string;
    let findCommand: CliCommand;

    beforeAll(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalogue-find-'));
        findCommand = createFindCommand(() => ({ file: path.join(dir, 'missing.json') }));
    });

    afterAll(() => {
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it('prints a table', async () => {
        const result = await run(findCommand, ['hcp', 'AOU Pisana', '--ern', 'reconnet', '--country', 'Italy']);
        expect(result.code).toBe(0);
        expect(result.stdout).toContain('confident: 1 result(s) for "AOU Pisana"');
        expect(result.stdout).toMatch(/IT08\s+AOU Pisana\s+ReCONNET\s+Italy\s+0\.000/);
    });

    it('prints JSON', async () => {
        const result = await run(findCommand, ['country', 'Deutschland', '--json']);
        expect(JSON.parse(result.stdout)).toEqual({
            kind: 'country', q: 'Deutschland', confidence: 'confident', results: [{ code: 'DE', name: 'Germany', score: 0 }],
        });
    });

    it('searches every hospital when no network or country is given', async () => {
        const result = await run(findCommand, ['hcp', 'careggi', '--json']);
        const parsed = JSON.parse(result.stdout) as { results: Array<Record<string, unknown>> };
        expect(parsed.results[0]).toMatchObject({ code: 'IT13', ern: 'ReCONNET', country: 'IT' });
    });

    it('answers one JSON line per request line and survives bad lines', async () => {
        const input = [
            '{"kind":"hcp","q":"pisa","ern":"reconnet","country":"IT"}',
            '{"kind":"ern","q":"lupus"}',
            'not json',
            '',
            '{"kind":"country","q":"România"}',
            '{"kind":"hcp","q":"xyzzy"}',
            '{"kind":"planet","q":"Mars"}',
            '{"kind":"hcp","q":"pisa","ern":"NoSuchERN"}',
            '{"kind":"hcp","q":"AOU Pisana"}',
        ].join('\n');
        const result = await run(findCommand, ['--jsonl'], input);
        expect(result.code).toBe(0);
        const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
        expect(lines).toHaveLength(8);
        expect(lines[0]).toEqual({ results: [{ code: 'IT08', name: 'AOU Pisana', ern: 'ReCONNET', country: 'IT', score: expect.any(Number) }] });
        expect(lines[1]).toEqual({ results: [{ code: 'ReCONNET', name: 'ReCONNET - Connective Tissue and Musculoskeletal Diseases', score: expect.any(Number) }] });
        expect(lines[2]).toEqual({ error: 'not valid JSON' });
        expect(lines[3]).toEqual({ results: [{ code: 'RO', name: 'Romania', score: 0 }] });
        expect(lines[4]).toEqual({ results: [] });
        expect(lines[5]).toEqual({ error: expect.stringContaining('kind must be ern, country or hcp') });
        expect(lines[6]).toEqual({ error: 'unknown network "NoSuchERN"' });
        expect(lines[7]).toEqual({ results: [{ code: 'IT08', name: 'AOU Pisana', ern: 'ReCONNET', country: 'IT', score: 0 }] });
    });

    it('rejects a wrong call with usage', async () => {
        const result = await run(findCommand, ['planet', 'Mars']);
        expect(result.code).toBe(2);
        expect(result.stderr).toContain('usage: find');
    });
});
