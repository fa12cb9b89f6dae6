import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { CatalogueSearch } from './search';
import { HospitalRecord, hospitalCodeKey, MARKUP_RE, MAX_ALIASES, MAX_HOSPITALS, MAX_NAME_LENGTH, parseCatalogue, toCatalogueFileData } from './schema';
import type { Catalogue } from './types';

/** The columns of a hospital CSV, in export order; an import needs all of them, in any order. */
export const CSV_COLUMNS = ['ern', 'country', 'code', 'name', 'city', 'aliases'] as const;
type Column = (typeof CSV_COLUMNS)[number];
/** Separates aliases inside the `aliases` column. */
export const ALIAS_SEPARATOR = '|';
/** Largest CSV accepted: about 20,000 rows of long names; a larger file is a mistake or an attack. */
export const MAX_CSV_BYTES = 5 * 1024 * 1024;
/** Spreadsheets protect against CSV injection with a leading apostrophe: `'=…` is imported as `=…`. */
const FORMULA_START_RE = /^[=+\-@\t\r]/;
/** Longest organisation code accepted (CPMS codes are short, e.g. IT08). */
const MAX_CODE_LENGTH = 20;
const CONTROL_CHARS_RE = /[\u0000-\u0008\u000b-\u001f\u007f]/;

/** One problem of an import, with the 1-based line of the file it is on. */
export interface CsvProblem {
    line: number;
    message: string;
}

export type ImportResult =
    | { ok: true; catalogue: Catalogue; rows: number; added: number; replaced: number }
    | { ok: false; problems: CsvProblem[] };

interface ParsedRow {
    line: number;
    record: HospitalRecord;
}

/** Lines that are not valid UTF-8 (a file saved as Latin-1 or UTF-16 by a spreadsheet). */
function encodingProblems(buffer: Buffer): CsvProblem[] {
    const problems: CsvProblem[] = [];
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let start = 0;
    for (let line = 1; start <= buffer.length; line++) {
        const end = buffer.indexOf(0x0a, start);
        const stop = end === -1 ? buffer.length : end;
        try {
            decoder.decode(buffer.subarray(start, stop));
        } catch {
            problems.push({ line, message: 'not valid UTF-8 text (save the file as "CSV UTF-8")' });
        }
        if (end === -1) break;
        start = end + 1;
    }
    return problems;
}

/** Spreadsheets in much of Europe save CSV with `;`; take whichever separator the header uses. */
function detectDelimiter(text: string): string {
    const header = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'));
    const counts = [',', ';', '\t'].map((d) => ({ d, n: header.split(d).length - 1 }));
    counts.sort((a, b) => b.n - a.n);
    return counts[0].n > 0 ? counts[0].d : ',';
}

/** Maps header names to column positions, or explains what is wrong with the header. */
function readHeader(header: string[]): { columns: Record<Column, number> } | { problems: CsvProblem[] } {
    const names = header.map((h) => h.trim().toLowerCase());
    const problems: CsvProblem[] = [];
    const columns: Partial<Record<Column, number>> = {};
    names.forEach((name, i) => {
        if (!(CSV_COLUMNS as readonly string[]).includes(name)) problems.push({ line: 1, message: `unknown column "${header[i]}"` });
        else if (columns[name as Column] !== undefined) problems.push({ line: 1, message: `column "${name}" appears twice` });
        else columns[name as Column] = i;
    });
    for (const column of CSV_COLUMNS) {
        if (columns[column] === undefined) problems.push({ line: 1, message: `missing column "${column}" (header must be: ${CSV_COLUMNS.join(',')})` });
    }
    return problems.length > 0 ? { problems } : { columns: columns as Record<Column, number> };
}

/** A code as CPMS writes it: "it 08", "it-08" → "IT08"; other codes trimmed only. */
function canonicalCode(code: string): string {
    const match = /^([A-Za-z]{0,4})[\s._-]*(\d{1,6})$/.exec(code.trim());
    return match ? `${match[1].toUpperCase()}${match[2]}` : code.trim();
}

function splitAliases(value: string): string[] {
    const out: string[] = [];
    for (const alias of value.split(ALIAS_SEPARATOR).map((a) => a.trim())) {
        if (alias !== '' && !out.includes(alias)) out.push(alias);
    }
    return out;
}

/** Validates one data row; pushes its problems and returns the record when it has none. */
function readRow(fields: string[], line: number, columns: Record<Column, number>, search: CatalogueSearch, problems: CsvProblem[]): HospitalRecord | undefined {
    const at = (message: string): void => {
        problems.push({ line, message });
    };
    const before = problems.length;
    const value = (column: Column): string => unprotect(fields[columns[column]].trim());
    fields.forEach((field) => {
        if (CONTROL_CHARS_RE.test(field)) at('contains control characters');
    });
    const network = value('ern') === '' ? undefined : search.resolveNetwork(value('ern'));
    if (value('ern') === '') at('ern must not be empty');
    else if (!network) at(`unknown network "${value('ern')}" (use its code, e.g. ReCONNET, or its name)`);
    const country = value('country') === '' ? undefined : search.resolveCountry(value('country'));
    if (value('country') === '') at('country must not be empty');
    else if (!country) at(`unknown country "${value('country')}" (use its ISO code, e.g. IT, or its name)`);
    const code = canonicalCode(value('code'));
    if (code === '') at('code must not be empty');
    else if (code.length > MAX_CODE_LENGTH) at(`code must be at most ${MAX_CODE_LENGTH} characters`);
    else if (hospitalCodeKey(code) === hospitalCodeKey(search.catalogue.guest.code)) {
        at(`code ${code} is reserved: "${search.catalogue.guest.code} ${search.catalogue.guest.name}" is generated for every network and country`);
    }
    if (value('name') === '') at('name must not be empty');
    for (const column of ['name', 'city'] as const) checkShownText(column, value(column), at);
    const aliases = splitAliases(value('aliases'));
    if (aliases.length > MAX_ALIASES) at(`aliases: at most ${MAX_ALIASES}`);
    aliases.forEach((alias) => checkShownText('aliases', alias, at));
    if (problems.length > before || !network || !country) return undefined;
    const city = value('city');
    return {
        ern: network.code,
        country: country.iso,
        code,
        name: value('name'),
        ...(city === '' ? {} : { city }),
        aliases,
    };
}

/** The rules of the catalogue schema for a text users see, with the CSV column named. */
function checkShownText(column: string, value: string, at: (message: string) => void): void {
    if (value.length > MAX_NAME_LENGTH) at(`${column} must be at most ${MAX_NAME_LENGTH} characters (found ${value.length})`);
    else if (MARKUP_RE.test(value)) at(`${column} must not contain markup characters (< > * _ \` [ ] \\)`);
}

/** A cell as typed, without the apostrophe a spreadsheet put before a formula-like text. */
function unprotect(cell: string): string {
    return cell.startsWith("'") && FORMULA_START_RE.test(cell.slice(1)) ? cell.slice(1) : cell;
}

/** A cell safe to open in a spreadsheet: text that would start a formula gets a leading apostrophe. */
function protect(cell: string): string {
    return FORMULA_START_RE.test(cell) ? `'${cell}` : cell;
}

/** First line of a record: csv-parse reports the line a record ends on; quoted fields may span lines. */
function startLine(fields: string[], endLine: number): number {
    return endLine - fields.reduce((n, f) => n + (f.split('\n').length - 1), 0);
}

/** Parses and validates a hospital CSV against a catalogue; every problem is reported with its line. */
export function parseHospitalCsv(buffer: Buffer, search: CatalogueSearch): { rows: ParsedRow[]; problems: CsvProblem[] } {
    if (buffer.length > MAX_CSV_BYTES) {
        return { rows: [], problems: [{ line: 0, message: `the file is ${buffer.length} bytes; at most ${MAX_CSV_BYTES} are accepted (split it)` }] };
    }
    const problems = encodingProblems(buffer);
    const text = buffer.toString('utf8').replace(/^\uFEFF/, '');
    let records: Array<{ record: string[]; info: { lines: number } }>;
    try {
        records = parse(text, {
            delimiter: detectDelimiter(text),
            relax_column_count: true,
            relax_quotes: true,
            skip_empty_lines: true,
            // A record longer than this is a broken quote or an attack, not a hospital.
            max_record_size: 1024 * 1024,
            info: true,
        }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
    } catch (err) {
        const line = typeof (err as { lines?: unknown }).lines === 'number' ? (err as { lines: number }).lines : 0;
        return { rows: [], problems: [...problems, { line, message: err instanceof Error ? err.message : String(err) }] };
    }
    if (records.length === 0) return { rows: [], problems: [...problems, { line: 1, message: `empty file: the header row is required (${CSV_COLUMNS.join(',')})` }] };
    if (records.length - 1 > MAX_HOSPITALS) {
        return { rows: [], problems: [...problems, { line: MAX_HOSPITALS + 2, message: `${records.length - 1} rows; a catalogue holds at most ${MAX_HOSPITALS} hospitals` }] };
    }
    const header = readHeader(records[0].record);
    if ('problems' in header) return { rows: [], problems: [...problems, ...header.problems] };
    const rows: ParsedRow[] = [];
    const firstLineOfCode = new Map<string, number>();
    for (const { record: fields, info } of records.slice(1)) {
        const line = startLine(fields, info.lines);
        if (fields.length !== records[0].record.length) {
            problems.push({ line, message: `expected ${records[0].record.length} columns, found ${fields.length}` });
            continue;
        }
        const record = readRow(fields, line, header.columns, search, problems);
        if (!record) continue;
        const key = `${record.ern}\u0000${hospitalCodeKey(record.code)}`;
        const first = firstLineOfCode.get(key);
        if (first !== undefined) {
            problems.push({ line, message: `duplicate code ${record.code} in network ${record.ern} (also on line ${first})` });
            continue;
        }
        firstLineOfCode.set(key, line);
        rows.push({ line, record });
    }
    return { rows, problems: problems.sort((a, b) => a.line - b.line) };
}

/**
 * Validates a hospital CSV and merges it into `current`: rows replace the entry with the same
 * network and code, or are added. Nothing is merged unless the whole file is valid.
 */
export function importHospitalCsv(buffer: Buffer, current: Catalogue): ImportResult {
    const search = new CatalogueSearch(current);
    const { rows, problems } = parseHospitalCsv(buffer, search);
    if (problems.length > 0) return { ok: false, problems };
    const data = toCatalogueFileData(current);
    const position = new Map(data.hcps.map((h, i) => [`${h.ern}\u0000${hospitalCodeKey(h.code)}`, i]));
    let added = 0;
    let replaced = 0;
    for (const { record } of rows) {
        const key = `${record.ern}\u0000${hospitalCodeKey(record.code)}`;
        const at = position.get(key);
        if (at === undefined) {
            position.set(key, data.hcps.length);
            data.hcps.push(record);
            added++;
        } else {
            data.hcps[at] = record;
            replaced++;
        }
    }
    try {
        return { ok: true, catalogue: parseCatalogue(data, 'merged catalogue'), rows: rows.length, added, replaced };
    } catch (err) {
        return { ok: false, problems: [{ line: 0, message: err instanceof Error ? err.message : String(err) }] };
    }
}

/** The hospitals of a catalogue (guest entries left out) as CSV with a header row; re-importable. */
export function exportHospitalCsv(catalogue: Catalogue): string {
    const rows = catalogue.hospitals
        .filter((h) => !h.guest)
        .map((h) => [h.ern, h.country, h.code, h.name, h.city ?? '', h.aliases.join(ALIAS_SEPARATOR)].map(protect));
    return stringify([[...CSV_COLUMNS], ...rows]);
}
