import * as fs from 'fs';
import * as path from 'path';
import { LOCALES_DIR } from '../src/paths';
import { SUPPORTED_LANGUAGES, translator, NAMESPACES } from '../src/i18n';

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
    test('every supported language has a folder and nothing else is there', () => {
        const folders = fs.readdirSync(LOCALES_DIR).filter((f) => fs.statSync(path.join(LOCALES_DIR, f)).isDirectory());
        expect(folders.sort()).toEqual([...SUPPORTED_LANGUAGES].sort());
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
