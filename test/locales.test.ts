import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LOCALES_DIR } from '../src/paths';
import { discoverLanguages, isSpokenLocale, resolveLanguage, SUPPORTED_LANGUAGES, translator, NAMESPACES } from '../src/i18n';
import { normalizeText } from '../src/text/normalize';

/** Every key path of a locale file; arrays are leaves. */
function keyPaths(value: unknown, prefix = ''): string[] {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return [prefix];
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => keyPaths(v, prefix ? `${prefix}.${k}` : k));
}

function read(lng: string, file: string): unknown {
    return JSON.parse(fs.readFileSync(path.join(LOCALES_DIR, lng, file), 'utf8'));
}

const files = fs.readdirSync(path.join(LOCALES_DIR, 'en')).filter((f) => f.endsWith('.json'));

describe('locales', () => {
    test('every folder of locales/ is a complete language the bot speaks, English first', () => {
        const folders = fs.readdirSync(LOCALES_DIR).filter((f) => fs.statSync(path.join(LOCALES_DIR, f)).isDirectory());
        expect(folders.sort()).toEqual([...SUPPORTED_LANGUAGES].sort());
        expect(SUPPORTED_LANGUAGES[0]).toBe('en');
        expect(SUPPORTED_LANGUAGES).toEqual(expect.arrayContaining(['en', 'ro', 'it', 'fr', 'de', 'es']));
    });

    test('a folder that lacks a namespace file is not a language yet', () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpms-locales-'));
        for (const lng of ['en', 'xx', 'yy']) fs.mkdirSync(path.join(dir, lng));
        for (const ns of NAMESPACES) {
            fs.writeFileSync(path.join(dir, 'en', `${ns}.json`), '{}');
            fs.writeFileSync(path.join(dir, 'yy', `${ns}.json`), ns === 'common' ? '{"language":{"order":1}}' : '{}');
        }
        fs.writeFileSync(path.join(dir, 'xx', 'guide.json'), '{}');
        expect(discoverLanguages(dir)).toEqual(['en', 'yy']);
        fs.rmSync(dir, { recursive: true, force: true });
    });

    test.each([
        ['fr-BE', 'fr'],
        ['fr-CA', 'fr'],
        ['de-AT', 'de'],
        ['de-CH', 'de'],
        ['es-MX', 'es'],
        ['es_ES', 'es'],
        ['it-IT', 'it'],
        ['ro-MD', 'ro'],
        ['EN-gb', 'en'],
    ])('channel locale %s speaks %s', (locale, lng) => {
        expect(resolveLanguage(locale)).toBe(lng);
        expect(isSpokenLocale(locale)).toBe(true);
    });

    test.each(['pl-PL', 'nl-NL', 'pt-BR', '', undefined])('locale %s is not spoken: English', (locale) => {
        expect(resolveLanguage(locale)).toBe('en');
        expect(isSpokenLocale(locale)).toBe(false);
    });

    test('each language has its own name, typed as one of its names, and a distinct one', () => {
        const names = SUPPORTED_LANGUAGES.map((lng) => translator(lng)('common:language.name'));
        expect(new Set(names).size).toBe(SUPPORTED_LANGUAGES.length);
        for (const lng of SUPPORTED_LANGUAGES) {
            const t = translator(lng);
            const typed = (t('common:language.names', { returnObjects: true }) as string[]).map(normalizeText);
            expect({ lng, ownName: typed.includes(normalizeText(t('common:language.name'))), code: typed.includes(lng) }).toEqual({ lng, ownName: true, code: true });
        }
    });

    test.each(SUPPORTED_LANGUAGES.filter((l) => l !== 'en').flatMap((lng) => files.map((file) => [lng, file])))(
        '%s/%s has exactly the keys of en',
        (lng, file) => {
            const en = keyPaths(read('en', file)).sort();
            const other = keyPaths(read(lng, file)).sort();
            expect({ missing: en.filter((k) => !other.includes(k)), extra: other.filter((k) => !en.includes(k)) }).toEqual({ missing: [], extra: [] });
        },
    );

    test.each(SUPPORTED_LANGUAGES.flatMap((lng) => NAMESPACES.map((ns) => [lng, ns])))('%s/%s has no empty strings', (lng, ns) => {
        const empty = keyPaths(read(lng, `${ns}.json`)).filter((k) => {
            const value = k.split('.').reduce<unknown>((o, part) => (o as Record<string, unknown>)[part], read(lng, `${ns}.json`));
            return typeof value === 'string' && value.trim() === '';
        });
        expect(empty).toEqual([]);
    });

    test('placeholders are the same in every language', () => {
        const placeholders = (s: string) => (s.match(/{{\s*\w+\s*}}/g) ?? []).sort();
        const problems: string[] = [];
        for (const ns of NAMESPACES) {
            for (const key of keyPaths(read('en', `${ns}.json`))) {
                const en = translator('en')(`${ns}:${key}`);
                if (typeof en !== 'string') continue;
                for (const lng of SUPPORTED_LANGUAGES) {
                    const other = translator(lng)(`${ns}:${key}`);
                    if (typeof other === 'string' && placeholders(other).join() !== placeholders(en).join()) problems.push(`${lng} ${ns}:${key}`);
                }
            }
        }
        expect(problems).toEqual([]);
    });
});
