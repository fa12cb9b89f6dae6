import * as fs from 'fs';
import * as path from 'path';
import i18next, { i18n, TFunction } from 'i18next';
import { LOCALES_DIR } from './paths';

/** Languages the bot speaks, in the order the language menu shows them. */
export const SUPPORTED_LANGUAGES = ['en', 'ro', 'it'] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'en';

/** Namespaces loaded into i18next (bot, pages, helpdesk e-mail); `faq.json` is a knowledge base read by the FAQ service. */
export const NAMESPACES = ['common', 'guide', 'web', 'mail'] as const;

export function isLanguage(value: unknown): value is Language {
    return typeof value === 'string' && (SUPPORTED_LANGUAGES as readonly string[]).includes(value);
}

/** `ro-RO` → `ro`; anything unknown or missing → English. */
export function resolveLanguage(locale: string | undefined | null): Language {
    const base = (locale ?? '').trim().toLowerCase().split(/[-_]/)[0];
    return isLanguage(base) ? base : DEFAULT_LANGUAGE;
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

/** A translator fixed to one language, safe to use from concurrent turns. */
export function translator(lng: Language): Translate {
    return getI18n().getFixedT(lng);
}

/** A list of words for one key (command words, yes/no synonyms), normalised for matching. */
export function wordList(t: Translate, key: string): string[] {
    const value = t(key, { returnObjects: true }) as unknown;
    return Array.isArray(value) ? value.map(String) : [];
}
