import * as fs from 'fs';
import * as path from 'path';
import { z } from 'zod';
import { LOCALES_DIR, PROJECT_ROOT } from '../paths';

/**
 * The catalogue search's knowledge of one language, as data: `locales/<lng>/catalogue.json` for
 * the languages the bot speaks, `src/catalogue/otherLanguages.json` for the other languages that
 * hospital and city names are written in (Polish, Dutch, Greek...). A language added as a folder
 * brings its own file; nothing here names a language.
 */
export interface CatalogueLanguage {
    /** Function words and "I work at" fillers: they say nothing about which entry is meant ("je travaille à"). */
    fillerWords: string[];
    /** Generic institution, department and network words: they say little and weigh less ("hôpital", "Klinikum"). */
    genericWords: string[];
    /** Each city once: its own (native) name first, then its names in this language ("München", "Munich"). */
    cities: string[][];
}

/** File name of the catalogue data inside each `locales/<lng>/` folder. */
export const CATALOGUE_LANGUAGE_FILE = 'catalogue.json';
/** Languages the bot does not speak (no locale folder), shipped with the code. */
export const OTHER_LANGUAGES_FILE = path.join(PROJECT_ROOT, 'src', 'catalogue', 'otherLanguages.json');

const word = z.string().trim().min(1);
const languageSchema = z.strictObject({
    fillerWords: z.array(word),
    genericWords: z.array(word),
    cities: z.array(z.array(word).min(2, 'a city needs its own name and at least one other')),
});

function parse(file: string, raw: unknown): CatalogueLanguage {
    const result = languageSchema.safeParse(raw);
    if (!result.success) throw new Error(`${file}: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    return result.data;
}

function readJson(file: string): unknown {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
}

/**
 * Every language's catalogue data, by language code: each `localesDir/<lng>/catalogue.json`, then
 * the shipped other languages that no locale folder covers.
 */
export function loadCatalogueLanguages(localesDir: string = LOCALES_DIR, othersFile: string = OTHER_LANGUAGES_FILE): Map<string, CatalogueLanguage> {
    const languages = new Map<string, CatalogueLanguage>();
    for (const entry of fs.readdirSync(localesDir, { withFileTypes: true })) {
        const file = path.join(localesDir, entry.name, CATALOGUE_LANGUAGE_FILE);
        if (entry.isDirectory() && fs.existsSync(file)) languages.set(entry.name, parse(file, readJson(file)));
    }
    const others = readJson(othersFile);
    if (others === null || typeof others !== 'object' || Array.isArray(others)) throw new Error(`${othersFile}: must map language codes to catalogue data`);
    for (const [lng, raw] of Object.entries(others as Record<string, unknown>)) {
        if (!languages.has(lng)) languages.set(lng, parse(`${othersFile} (${lng})`, raw));
    }
    return languages;
}

let loaded: Map<string, CatalogueLanguage> | undefined;

/** {@link loadCatalogueLanguages} once per process (the data ships with the bot and does not change while it runs). */
export function catalogueLanguages(): Map<string, CatalogueLanguage> {
    loaded ??= loadCatalogueLanguages();
    return loaded;
}
