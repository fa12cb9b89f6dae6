import { z } from 'zod';
import { codeKey, compactText } from './normalize';
import type { Catalogue, Country, GuestTemplate, Hospital, Network } from './types';

/** Languages every country must be named in: the bot's languages and the neighbours users type in. */
export const COUNTRY_NAME_LANGUAGES = ['en', 'ro', 'it', 'fr', 'de', 'es'] as const;

/** Thrown when a catalogue is invalid; the message lists each bad entry and field. */
export class CatalogueError extends Error {
    /** One line per problem, e.g. `hcps[3] (IT08).name: must not be empty`. */
    readonly problems: string[];

    constructor(source: string, problems: string[]) {
        super(`invalid catalogue ${source}:\n  ${problems.join('\n  ')}`);
        this.name = 'CatalogueError';
        this.problems = problems;
    }
}

/*
 * Limits on what a catalogue may hold, applied alike by `catalogue import`, `catalogue check` and
 * the bot's load. Real CPMS names are well under 150 characters; the whole CPMS lists about 1,600
 * healthcare providers. Without limits a 5 MB name broke every later load (search code is linear
 * in a word's length but some steps are not) and 200,000 rows took 9 s and 1.5 GB to load.
 */
/** Longest hospital, network or country name, alias or city. */
export const MAX_NAME_LENGTH = 200;
/** Most aliases of one hospital. */
export const MAX_ALIASES = 30;
/** Most aliases (topic words) of a network, names of a country in one language. */
export const MAX_NETWORK_ALIASES = 300;
/** Most hospitals in a catalogue. */
export const MAX_HOSPITALS = 20_000;
/**
 * Characters refused in hospital names, cities and aliases: markup (HTML tags, Markdown emphasis,
 * links, code) that chat clients would render instead of showing the name.
 */
export const MARKUP_RE = /[<>*_`[\]\\]/;

const text = z.string().trim().min(1, 'must not be empty').max(MAX_NAME_LENGTH, `must be at most ${MAX_NAME_LENGTH} characters`);
const names = z.array(text).max(MAX_NETWORK_ALIASES, `must list at most ${MAX_NETWORK_ALIASES}`);
/** A name shown to users as it is: no markup characters. */
const plainText = text.refine((value) => !MARKUP_RE.test(value), 'must not contain markup characters (< > * _ ` [ ] \\)');
const plainNames = z.array(plainText).max(MAX_ALIASES, `must list at most ${MAX_ALIASES}`);

const networkSchema = z.strictObject({
    code: text,
    label: text,
    name: text,
    shortName: text,
    cpmsLabel: text,
    aliases: names.default([]),
});

const countrySchema = z.strictObject({
    iso: z.string().trim().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code in capitals, e.g. IT'),
    name: text,
    cpmsName: text.optional(),
    names: z.record(z.string().regex(/^[a-z]{2,3}$/, 'must be a language code, e.g. ro'), names.min(1, 'must list a name')),
});

const hospitalSchema = z.strictObject({
    ern: text,
    country: text,
    code: text.max(20, 'must be at most 20 characters'),
    name: plainText,
    city: plainText.optional(),
    aliases: plainNames.default([]),
});

const guestSchema = z.strictObject({ code: text, name: text, aliases: names.default([]) });

const catalogueFileSchema = z.object({
    about: z.string().optional(),
    version: z.literal(1, 'must be 1'),
    guest: guestSchema,
    erns: z.array(networkSchema).min(1, 'must list at least one network'),
    countries: z.array(countrySchema).min(1, 'must list at least one country'),
    hcps: z.array(hospitalSchema).max(MAX_HOSPITALS, `must list at most ${MAX_HOSPITALS} hospitals`),
});

/** The catalogue as stored in JSON (guest entries are not stored: they are generated at load). */
export type CatalogueFileData = z.output<typeof catalogueFileSchema>;
/** A hospital row as stored in the file. */
export type HospitalRecord = z.output<typeof hospitalSchema>;

/** The comparison key of a hospital code; two codes with the same key are the same code. */
export function hospitalCodeKey(code: string): string {
    return codeKey(code) ?? compactText(code);
}

/** `hcps[3] (IT08).name` from a zod path, naming the entry by its code so the helpdesk finds it. */
function describePath(path: readonly PropertyKey[], raw: unknown): string {
    let out = '';
    let node: unknown = raw;
    for (const key of path) {
        if (typeof key === 'number') {
            out += `[${key}]`;
            node = Array.isArray(node) ? node[key] : undefined;
            const label = entryLabel(node);
            if (label) out += ` (${label})`;
        } else {
            out += out === '' ? String(key) : `.${String(key)}`;
            node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[String(key)] : undefined;
        }
    }
    return out === '' ? '(root)' : out;
}

function entryLabel(node: unknown): string | undefined {
    if (node === null || typeof node !== 'object') return undefined;
    const record = node as Record<string, unknown>;
    const label = record.code ?? record.iso;
    return typeof label === 'string' && label.trim() !== '' ? label.trim() : undefined;
}

/** Checks that span entries: unique codes, known references, required languages. */
function crossCheck(data: CatalogueFileData): string[] {
    const problems: string[] = [];
    const networkCodes = new Set<string>();
    data.erns.forEach((n, i) => {
        if (networkCodes.has(n.code)) problems.push(`erns[${i}] (${n.code}).code: duplicate network code`);
        networkCodes.add(n.code);
    });
    const isos = new Set<string>();
    data.countries.forEach((c, i) => {
        if (isos.has(c.iso)) problems.push(`countries[${i}] (${c.iso}).iso: duplicate country`);
        isos.add(c.iso);
        for (const lng of COUNTRY_NAME_LANGUAGES) {
            if (!c.names[lng]) problems.push(`countries[${i}] (${c.iso}).names.${lng}: missing`);
        }
    });
    const guestKey = hospitalCodeKey(data.guest.code);
    const seen = new Map<string, number>();
    data.hcps.forEach((h, i) => {
        const at = `hcps[${i}] (${h.code})`;
        if (!networkCodes.has(h.ern)) problems.push(`${at}.ern: unknown network "${h.ern}"`);
        if (!isos.has(h.country)) problems.push(`${at}.country: unknown country "${h.country}"`);
        const key = hospitalCodeKey(h.code);
        if (key === guestKey) problems.push(`${at}.code: ${data.guest.code} is reserved for the generated guest entry`);
        const first = seen.get(`${h.ern}\u0000${key}`);
        if (first !== undefined) problems.push(`${at}.code: duplicate code in network ${h.ern} (also hcps[${first}])`);
        else seen.set(`${h.ern}\u0000${key}`, i);
    });
    return problems;
}

function toNetwork(n: CatalogueFileData['erns'][number]): Network {
    return { code: n.code, label: n.label, name: n.name, shortName: n.shortName, cpmsLabel: n.cpmsLabel, aliases: n.aliases };
}

function toCountry(c: CatalogueFileData['countries'][number]): Country {
    return { iso: c.iso, name: c.name, cpmsName: c.cpmsName ?? c.name, names: c.names };
}

function toHospital(h: HospitalRecord): Hospital {
    const hospital: Hospital = { ern: h.ern, country: h.country, code: h.code, name: h.name, aliases: h.aliases, guest: false };
    if (h.city !== undefined) hospital.city = h.city;
    return hospital;
}

/** One guest entry per network and country; CPMS offers "0000 Guest Access" in every list. */
function guestEntries(guest: GuestTemplate, networks: readonly Network[], countries: readonly Country[]): Hospital[] {
    const out: Hospital[] = [];
    for (const network of networks) {
        for (const country of countries) {
            out.push({ ern: network.code, country: country.iso, code: guest.code, name: guest.name, aliases: guest.aliases, guest: true });
        }
    }
    return out;
}

/**
 * Validates parsed JSON and builds the catalogue, guest entries included.
 * @throws {@link CatalogueError} naming every bad entry and field.
 */
export function parseCatalogue(raw: unknown, source = 'catalogue'): Catalogue {
    const result = catalogueFileSchema.safeParse(raw);
    if (!result.success) {
        throw new CatalogueError(source, result.error.issues.map((issue) => `${describePath(issue.path, raw)}: ${issue.message}`));
    }
    const problems = crossCheck(result.data);
    if (problems.length > 0) throw new CatalogueError(source, problems);
    const data = result.data;
    const networks = data.erns.map(toNetwork);
    const countries = data.countries.map(toCountry);
    const guest: GuestTemplate = { code: data.guest.code, name: data.guest.name, aliases: data.guest.aliases };
    return {
        networks,
        countries,
        hospitals: [...data.hcps.map(toHospital), ...guestEntries(guest, networks, countries)],
        guest,
    };
}

/** The storable form of a catalogue (guest entries left out), ready for `JSON.stringify`. */
export function toCatalogueFileData(catalogue: Catalogue, about?: string): CatalogueFileData {
    return {
        ...(about === undefined ? {} : { about }),
        version: 1,
        guest: { code: catalogue.guest.code, name: catalogue.guest.name, aliases: [...catalogue.guest.aliases] },
        erns: catalogue.networks.map((n) => ({ ...n, aliases: [...n.aliases] })),
        countries: catalogue.countries.map((c) => ({
            iso: c.iso,
            name: c.name,
            ...(c.cpmsName === c.name ? {} : { cpmsName: c.cpmsName }),
            names: c.names,
        })),
        hcps: catalogue.hospitals.filter((h) => !h.guest).map(toHospitalRecord),
    };
}

/** A hospital as stored in the file. */
export function toHospitalRecord(h: Hospital): HospitalRecord {
    return {
        ern: h.ern,
        country: h.country,
        code: h.code,
        name: h.name,
        ...(h.city === undefined ? {} : { city: h.city }),
        aliases: [...h.aliases],
    };
}
