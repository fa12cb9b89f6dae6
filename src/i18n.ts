import * as fs from 'fs';
import * as path from 'path';
import i18next, { i18n, TFunction } from 'i18next';
import { LOCALES_DIR } from './paths';

/**
 * A language code such as `en` or `fr`: the name of a folder under `locales/`. It is a plain
 * string because languages are data, discovered at start ({@link SUPPORTED_LANGUAGES}); code that
 * receives one from outside checks it with {@link isLanguage} or {@link resolveLanguage}.
 */
export type Language = string;
export const DEFAULT_LANGUAGE: Language = 'en';

/** Namespaces loaded into i18next (bot, pages, helpdesk e-mail); `faq.json` is a knowledge base read by the FAQ service. */
export const NAMESPACES = ['common', 'guide', 'web', 'mail'] as const;

/** A folder name that can be a language code (`en`, `pt-br` style tags included), nothing else. */
const LANGUAGE_CODE_RE = /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/;

/** `common:language.order` when the folder sets it: a number that places the language in the menu. */
function menuOrder(localesDir: string, lng: string): number | undefined {
    try {
        const common = JSON.parse(fs.readFileSync(path.join(localesDir, lng, 'common.json'), 'utf8')) as { language?: { order?: unknown } };
        const order = common.language?.order;
        return typeof order === 'number' && Number.isFinite(order) ? order : undefined;
    } catch {
        return undefined;
    }
}

/**
 * The languages the bot speaks: every folder of `localesDir` that holds all the namespace files
 * ({@link NAMESPACES}). English first (the fallback), then by `common:language.order` where a
 * locale sets one, then by code. A half-written folder (say, only `guide.json` so far) is not a
 * language yet, so translators can work in place.
 */
export function discoverLanguages(localesDir: string = LOCALES_DIR): Language[] {
    const complete = fs
        .readdirSync(localesDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && LANGUAGE_CODE_RE.test(entry.name))
        .map((entry) => entry.name)
        .filter((lng) => NAMESPACES.every((ns) => fs.existsSync(path.join(localesDir, lng, `${ns}.json`))));
    if (!complete.includes(DEFAULT_LANGUAGE)) throw new Error(`[i18n] ${localesDir} has no complete '${DEFAULT_LANGUAGE}' folder`);
    const rank = (lng: string) => (lng === DEFAULT_LANGUAGE ? -Infinity : (menuOrder(localesDir, lng) ?? Infinity));
    return complete.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** Languages the bot speaks, in the order the language menu shows them (see {@link discoverLanguages}). */
export const SUPPORTED_LANGUAGES: readonly Language[] = Object.freeze(discoverLanguages());

export function isLanguage(value: unknown): value is Language {
    return typeof value === 'string' && SUPPORTED_LANGUAGES.includes(value);
}

/**
 * The language to speak for a channel locale: `fr-BE`, `de-AT`, `es-MX` → `fr`, `de`, `es`. A
 * supported regional folder (`pt-br`) wins over its base language. Anything unknown or missing →
 * English; {@link isSpokenLocale} tells the two cases apart.
 */
export function resolveLanguage(locale: string | undefined | null): Language {
    return spokenLanguage(locale) ?? DEFAULT_LANGUAGE;
}

/** The supported language of a locale, or undefined when the bot does not speak it (`pl-PL`). */
export function spokenLanguage(locale: string | undefined | null): Language | undefined {
    const tag = (locale ?? '').trim().toLowerCase().replace(/_/g, '-');
    if (tag === '') return undefined;
    const base = tag.split('-')[0];
    return [tag, base].find((code) => SUPPORTED_LANGUAGES.includes(code));
}

/** True when the bot speaks the locale's language (so a missing or unknown locale is false). */
export function isSpokenLocale(locale: string | undefined | null): boolean {
    return spokenLanguage(locale) !== undefined;
}

export function readLocaleFile(lng: string, file: string): unknown {
    return JSON.parse(fs.readFileSync(path.join(LOCALES_DIR, lng, file), 'utf8'));
}

let instance: i18n | undefined;

/**
 * One i18next instance for the process, loaded synchronously from `locales/`. Turns never call
 * `changeLanguage`: each takes its own fixed translator from {@link translator}.
 */
export function getI18n(): i18n {
    if (instance) return instance;
    const resources: Record<string, Record<string, unknown>> = {};
    for (const lng of SUPPORTED_LANGUAGES) {
        resources[lng] = {};
        for (const ns of NAMESPACES) resources[lng][ns] = readLocaleFile(lng, `${ns}.json`);
    }
    const created = i18next.createInstance();
    void created.init({
        resources: resources as never,
        lng: DEFAULT_LANGUAGE,
        fallbackLng: DEFAULT_LANGUAGE,
        supportedLngs: [...SUPPORTED_LANGUAGES],
        ns: [...NAMESPACES],
        defaultNS: 'common',
        initAsync: false,
        returnNull: false,
        interpolation: { escapeValue: false },
        showSupportNotice: false,
    } as never);
    instance = created;
    return created;
}

export type Translate = TFunction;

const fixedTranslators = new Map<Language, Translate>();

/**
 * A translator fixed to one language, safe to use from concurrent turns. Made once per language:
 * every turn asks for one, and i18next builds a new function on each `getFixedT`.
 */
export function translator(lng: Language): Translate {
    const language = isLanguage(lng) ? lng : DEFAULT_LANGUAGE;
    let t = fixedTranslators.get(language);
    if (!t) {
        t = getI18n().getFixedT(language);
        fixedTranslators.set(language, t);
    }
    return t;
}

/** A list of words for one key (command words, yes/no synonyms), normalised for matching. */
export function wordList(t: Translate, key: string): string[] {
    const value = t(key, { returnObjects: true }) as unknown;
    return Array.isArray(value) ? value.map(String) : [];
}
