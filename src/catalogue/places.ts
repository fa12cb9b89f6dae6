/**
 * Names of the same city in the languages users write in, for the cities of Europe's university
 * hospitals, from each language's data (`cities` in `locales/<lng>/catalogue.json` and
 * src/catalogue/otherLanguages.json). A hospital whose city (or name) is one of them is found by
 * the others too: "Munich", "Monaco di Baviera" and "München", "Bucharest" and "București",
 * "Athens" and "Αθήνα". Only names that differ by more than diacritics are listed.
 */
import { compactText, tokenize } from './normalize';
import { catalogueLanguages } from './languageData';

/**
 * Compact key of every city name → all names of that city. A city is identified by its own name,
 * the first of each `cities` entry of every language's data, so each language lists only its names.
 */
const CITY_GROUPS: ReadonlyMap<string, readonly string[]> = (() => {
    const byCity = new Map<string, Set<string>>();
    for (const language of catalogueLanguages().values()) {
        for (const [own, ...names] of language.cities) {
            const key = compactText(own);
            const group = byCity.get(key) ?? new Set([own]);
            for (const name of names) group.add(name);
            byCity.set(key, group);
        }
    }
    const groups = new Map<string, readonly string[]>();
    for (const group of byCity.values()) {
        const names = [...group];
        for (const name of names) groups.set(compactText(name), names);
    }
    return groups;
})();

/** Longest city name, in words, looked for inside a hospital's name ("Monaco di Baviera"). */
const MAX_CITY_WORDS = 4;

/** All names of the city `text` names (itself included), or undefined for a city not listed. */
export function cityNames(text: string): readonly string[] | undefined {
    return CITY_GROUPS.get(compactText(text));
}

/**
 * The other names of every listed city that `texts` (a city, a hospital name, aliases) name or
 * contain as whole words, without the names already in `texts`.
 */
export function otherCityNames(texts: readonly string[]): string[] {
    const out = new Set<string>();
    const present = new Set<string>();
    for (const text of texts) {
        const tokens = tokenize(text);
        present.add(tokens.join(''));
        for (let i = 0; i < tokens.length; i++) {
            for (let n = 1; n <= MAX_CITY_WORDS && i + n <= tokens.length; n++) {
                const names = CITY_GROUPS.get(tokens.slice(i, i + n).join(''));
                if (names) for (const name of names) out.add(name);
            }
        }
    }
    return [...out].filter((name) => !present.has(compactText(name)));
}
