import * as fs from 'fs';
import * as readline from 'readline';
import { z } from 'zod';
import type { CliCommand, CliIO } from '../cliIo';
import { loadConfig } from '../config';
import { exportHospitalCsv, importHospitalCsv } from './csv';
import { CatalogueSearch, HospitalScope, localizedCountryName } from './search';
import { CatalogueService } from './service';
import { SHIPPED_CATALOGUE_FILE, currentCatalogueFile, loadCatalogueFile, writeCatalogueFile } from './store';
import type { Confidence, SearchOutcome } from './types';

/** Where the commands find the catalogue: `file` is `config.catalogueFile`. */
export interface CatalogueFiles {
    file: string;
    shippedFile?: string;
}

const EXIT_OK = 0;
const EXIT_INVALID = 1;
const EXIT_USAGE = 2;
/** Scores in CLI output are rounded to this many decimals. */
const SCORE_DECIMALS = 3;
const IMPORT_NOTE = 'Written by `npm run cli -- catalogue import`; the shipped catalogue is src/catalogue/catalogue.json.';

function defaultFiles(): CatalogueFiles {
    return { file: loadConfig().catalogueFile };
}

function write(stream: NodeJS.WritableStream, text: string): void {
    stream.write(text.endsWith('\n') ? text : `${text}\n`);
}

function errorMessage(err: unknown): string {
    return err instanceof Error ? err.message : String(err);
}

// ---------------------------------------------------------------- catalogue import/export

const CATALOGUE_USAGE = [
    'usage: catalogue import FILE.csv    validate and merge hospitals (columns: ern,country,code,name,city,aliases; aliases separated by |)',
    '       catalogue export [FILE.csv]  write the hospitals as CSV (stdout without FILE)',
    '       catalogue check [FILE.json]  validate a catalogue file (default: the current one)',
].join('\n');

function runImport(csvFile: string, files: CatalogueFiles, io: CliIO): number {
    let buffer: Buffer;
    try {
        buffer = fs.readFileSync(csvFile);
    } catch (err) {
        write(io.stderr, `cannot read ${csvFile}: ${errorMessage(err)}`);
        return EXIT_INVALID;
    }
    const source = currentCatalogueFile(files.file, files.shippedFile);
    const result = importHospitalCsv(buffer, loadCatalogueFile(source));
    if (!result.ok) {
        for (const p of result.problems) write(io.stderr, `${csvFile}:${p.line}: ${p.message}`);
        write(io.stderr, `nothing written: ${result.problems.length} problem(s) in ${csvFile}`);
        return EXIT_INVALID;
    }
    writeCatalogueFile(files.file, result.catalogue, IMPORT_NOTE);
    const total = result.catalogue.hospitals.filter((h) => !h.guest).length;
    write(io.stdout, `imported ${result.rows} row(s) from ${csvFile}: ${result.added} added, ${result.replaced} replaced; ${files.file} now lists ${total} hospitals`);
    return EXIT_OK;
}

function runExport(target: string | undefined, files: CatalogueFiles, io: CliIO): number {
    const csv = exportHospitalCsv(loadCatalogueFile(currentCatalogueFile(files.file, files.shippedFile)));
    if (target === undefined) io.stdout.write(csv);
    else {
        fs.writeFileSync(target, csv, 'utf8');
        write(io.stderr, `wrote ${target}`);
    }
    return EXIT_OK;
}

function runCheck(target: string | undefined, files: CatalogueFiles, io: CliIO): number {
    const file = target ?? currentCatalogueFile(files.file, files.shippedFile);
    const catalogue = loadCatalogueFile(file);
    const hospitals = catalogue.hospitals.filter((h) => !h.guest).length;
    write(io.stdout, `${file}: valid — ${catalogue.networks.length} networks, ${catalogue.countries.length} countries, ${hospitals} hospitals (+ guest access in every list)`);
    return EXIT_OK;
}

/** `catalogue import|export|check` with the given catalogue files (tests pass temporary ones). */
export function createCatalogueCommand(files: () => CatalogueFiles = defaultFiles): CliCommand {
    return async (args, io) => {
        const [sub, target, ...extra] = args;
        if (extra.length > 0 || (sub === 'import' && target === undefined)) {
            write(io.stderr, CATALOGUE_USAGE);
            return EXIT_USAGE;
        }
        try {
            switch (sub) {
                case 'import':
                    return runImport(target as string, files(), io);
                case 'export':
                    return runExport(target, files(), io);
                case 'check':
                    return runCheck(target, files(), io);
                default:
                    write(io.stderr, CATALOGUE_USAGE);
                    return EXIT_USAGE;
            }
        } catch (err) {
            write(io.stderr, errorMessage(err));
            return EXIT_INVALID;
        }
    };
}

/** `npm run cli -- catalogue import FILE.csv | export [FILE.csv] | check [FILE.json]`. */
export const catalogueCommand: CliCommand = (args, io) => createCatalogueCommand()(args, io);

// ---------------------------------------------------------------- find

const FIND_USAGE = [
    'usage: find <ern|country|hcp> "TEXT" [--ern CODE] [--country ISO] [--json]',
    '       find --jsonl   one JSON request per stdin line, e.g. {"kind":"hcp","q":"pisa","ern":"reconnet","country":"IT"}',
].join('\n');

const KIND_ALIASES: Readonly<Record<string, FindKind>> = {
    ern: 'ern',
    network: 'ern',
    country: 'country',
    hcp: 'hcp',
    hospital: 'hcp',
};
type FindKind = 'ern' | 'country' | 'hcp';

/** One result line of `find`: networks by code, countries by ISO code, hospitals by CPMS code. */
export interface FindResult {
    code: string;
    name: string;
    /** Hospitals only: network code and country ISO code. */
    ern?: string;
    country?: string;
    score: number;
}

const requestSchema = z.strictObject({
    kind: z.string().refine((k) => KIND_ALIASES[k.toLowerCase()] !== undefined, 'kind must be ern, country or hcp'),
    q: z.string(),
    ern: z.string().optional(),
    country: z.string().optional(),
});

/** A find request, after validation. */
export interface FindRequest {
    kind: FindKind;
    q: string;
    ern?: string;
    country?: string;
}

function round(score: number): number {
    const factor = 10 ** SCORE_DECIMALS;
    return Math.round(score * factor) / factor;
}

/** Resolves the scope flags (code or name, case-insensitive); throws naming an unknown one. */
function resolveScope(search: CatalogueSearch, request: FindRequest): HospitalScope {
    const scope: HospitalScope = {};
    if (request.ern !== undefined) {
        const network = search.network(request.ern) ?? search.resolveNetwork(request.ern);
        if (!network) throw new Error(`unknown network "${request.ern}"`);
        scope.ern = network.code;
    }
    if (request.country !== undefined) {
        const country = search.country(request.country) ?? search.resolveCountry(request.country);
        if (!country) throw new Error(`unknown country "${request.country}"`);
        scope.country = country.iso;
    }
    return scope;
}

/** Runs one request: `hcp` without network and country searches every hospital. */
export function runFind(search: CatalogueSearch, request: FindRequest): { confidence: Confidence; results: FindResult[] } {
    const shape = <T>(outcome: SearchOutcome<T>, as: (item: T) => Omit<FindResult, 'score'>) => ({
        confidence: outcome.confidence,
        results: outcome.matches.map((m) => ({ ...as(m.item), score: round(m.score) })),
    });
    if (request.kind === 'ern') return shape(search.networks(request.q), (n) => ({ code: n.code, name: n.cpmsLabel }));
    if (request.kind === 'country') return shape(search.countries(request.q), (c) => ({ code: c.iso, name: c.name }));
    const scope = resolveScope(search, request);
    if (scope.ern === undefined && scope.country === undefined) {
        return shape(search.global(request.q), (p) => ({ code: p.hospital.code, name: p.hospital.name, ern: p.network.code, country: p.country.iso }));
    }
    return shape(search.hospitals(request.q, scope), (h) => ({ code: h.code, name: h.name, ern: h.ern, country: h.country }));
}

/** Validates one JSONL request line. */
export function parseFindRequest(line: string): FindRequest {
    let raw: unknown;
    try {
        raw = JSON.parse(line);
    } catch {
        throw new Error('not valid JSON');
    }
    const parsed = requestSchema.safeParse(raw);
    if (!parsed.success) {
        throw new Error(parsed.error.issues.map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; '));
    }
    return { ...parsed.data, kind: KIND_ALIASES[parsed.data.kind.toLowerCase()] };
}

async function runJsonl(search: () => CatalogueSearch, io: CliIO): Promise<number> {
    const lines = readline.createInterface({ input: io.stdin, crlfDelay: Infinity });
    for await (const line of lines) {
        if (line.trim() === '') continue;
        let out: unknown;
        try {
            out = { results: runFind(search(), parseFindRequest(line)).results };
        } catch (err) {
            out = { error: errorMessage(err) };
        }
        io.stdout.write(`${JSON.stringify(out)}\n`);
    }
    return EXIT_OK;
}

interface FindArgs {
    request?: FindRequest;
    json: boolean;
    jsonl: boolean;
    error?: string;
}

function parseFindArgs(args: string[]): FindArgs {
    const out: FindArgs = { json: false, jsonl: false };
    const positional: string[] = [];
    let ern: string | undefined;
    let country: string | undefined;
    for (let i = 0; i < args.length; i++) {
        const [flag, inline] = args[i].startsWith('--') ? args[i].split(/=(.*)/s, 2) : [args[i], undefined];
        const value = (): string | undefined => inline ?? args[++i];
        if (flag === '--json') out.json = true;
        else if (flag === '--jsonl') out.jsonl = true;
        else if (flag === '--ern') ern = value();
        else if (flag === '--country') country = value();
        else if (flag.startsWith('--')) return { ...out, error: `unknown option ${flag}` };
        else positional.push(args[i]);
    }
    if (out.jsonl) return positional.length === 0 ? out : { ...out, error: '--jsonl reads requests from stdin only' };
    const kind = KIND_ALIASES[(positional[0] ?? '').toLowerCase()];
    if (!kind || positional.length !== 2) return { ...out, error: 'expected a kind and one quoted text' };
    out.request = { kind, q: positional[1], ...(ern === undefined ? {} : { ern }), ...(country === undefined ? {} : { country }) };
    return out;
}

function printTable(search: CatalogueSearch, request: FindRequest, found: ReturnType<typeof runFind>, io: CliIO): void {
    write(io.stdout, `${found.confidence}: ${found.results.length} result(s) for "${request.q}"`);
    if (found.results.length === 0) return;
    const header = request.kind === 'hcp' ? ['CODE', 'NAME', 'NETWORK', 'COUNTRY', 'SCORE'] : ['CODE', 'NAME', 'SCORE'];
    const rows = found.results.map((r) => {
        const country = r.country === undefined ? undefined : search.country(r.country);
        const where = request.kind === 'hcp' ? [r.ern ?? '', country ? localizedCountryName(country, 'en') : ''] : [];
        return [r.code, r.name, ...where, r.score.toFixed(SCORE_DECIMALS)];
    });
    const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
    for (const row of [header, ...rows]) write(io.stdout, `  ${row.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd()}`);
}

/** `find` with the given catalogue files (tests pass temporary ones). */
export function createFindCommand(files: () => CatalogueFiles = defaultFiles): CliCommand {
    return async (args, io) => {
        const parsed = parseFindArgs(args);
        if (parsed.error) {
            write(io.stderr, `${parsed.error}\n${FIND_USAGE}`);
            return EXIT_USAGE;
        }
        let service: CatalogueService;
        try {
            const { file, shippedFile } = files();
            service = CatalogueService.open({ file, shippedFile: shippedFile ?? SHIPPED_CATALOGUE_FILE, logger: { info: () => undefined, warn: (m) => write(io.stderr, m) } });
        } catch (err) {
            write(io.stderr, errorMessage(err));
            return EXIT_INVALID;
        }
        if (parsed.jsonl) return runJsonl(() => service.search, io);
        const request = parsed.request as FindRequest;
        let found: ReturnType<typeof runFind>;
        try {
            found = runFind(service.search, request);
        } catch (err) {
            write(io.stderr, errorMessage(err));
            return EXIT_USAGE;
        }
        if (parsed.json) write(io.stdout, JSON.stringify({ kind: request.kind, q: request.q, ...found }));
        else printTable(service.search, request, found, io);
        return EXIT_OK;
    };
}

/** `npm run -s cli -- find <ern|country|hcp> "TEXT" [--ern CODE] [--country ISO] [--json]` or `find --jsonl`. */
export const findCommand: CliCommand = (args, io) => createFindCommand()(args, io);
