import { TFunction } from 'i18next';
import { DEFAULT_LANGUAGE, getI18n, isLanguage, Language, readLocaleFile, resolveLanguage } from '../i18n';

/** The i18next namespace of the web chat page and the Teams tab: `locales/<lng>/web.json`. */
export const WEB_NAMESPACE = 'web';

/** A translator for the pages, fixed per request: the process's one i18next instance, `web` namespace. */
export function webTranslator(lng: Language): TFunction {
    return getI18n().getFixedT(lng, WEB_NAMESPACE);
}

/** A language's name in that language (`common:language.name`: "Deutsch", "Română"), for the language menu. */
export function languageName(lng: Language): string {
    return getI18n().getFixedT(lng, 'common')('language.name');
}

/** The `web.json` tree of one language, for pages that switch language in the browser. */
export function webResources(lng: Language): unknown {
    return readLocaleFile(lng, `${WEB_NAMESPACE}.json`);
}

/** Weighted language ranges of an Accept-Language header, best first (RFC 9110 §12.5.4). */
function acceptedRanges(header: string): string[] {
    return header
        .split(',')
        .map((part, index) => {
            const [range, ...params] = part.trim().split(';');
            const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/i.exec(p)).find(Boolean);
            return { range: range.trim(), weight: q ? Number(q[1]) : 1, index };
        })
        .filter((r) => r.range !== '' && r.range !== '*' && r.weight > 0)
        .sort((a, b) => b.weight - a.weight || a.index - b.index)
        .map((r) => r.range);
}

/**
 * The page's language: `?lang=` when it names a supported language, else the best supported
 * language of the Accept-Language header, else English.
 */
export function pageLanguage(langParam: string | null | undefined, acceptLanguage: string | undefined): Language {
    const base = (tag: string) => tag.toLowerCase().split(/[-_]/)[0];
    if (langParam && isLanguage(base(langParam))) return resolveLanguage(langParam);
    for (const range of acceptedRanges(acceptLanguage ?? '')) {
        if (isLanguage(base(range))) return resolveLanguage(range);
    }
    return DEFAULT_LANGUAGE;
}

/** Web Chat's own UI strings exist per region; the region we ask for in each language it ships. */
const WEBCHAT_REGIONS: Readonly<Record<string, string>> = { en: 'en-US', ro: 'ro-RO', it: 'it-IT', fr: 'fr-FR', de: 'de-DE', es: 'es-ES' };

/** The Web Chat locale of a page language (`ro` → `ro-RO`); a language without a region is passed as is. */
export function webChatLocale(lng: string): string {
    return WEBCHAT_REGIONS[lng] ?? lng;
}
