/**
 * Networks, countries and hospitals named inside a sentence ("we're in Romania", "it's Careggi in
 * Florence", "no, it's ERN-EYE"): the whole text is searched first, then its shorter spans, and the
 * most confident, longest span wins. Pure over a {@link CatalogueSearch}.
 */
import type { CatalogueSearch, Country, Hospital, Network, Placement, SearchOutcome } from '../catalogue';
import { compactText, isStopWord } from '../catalogue/normalize';
import { normalizeText, tokenize } from '../text/normalize';
import { languageNames } from './lexicon';

export type EntityKind = 'ern' | 'country' | 'hcp' | 'global';

/** What one level of the CPMS organisation screen resolves to. */
export interface EntityResult {
    network?: Network;
    country?: Country;
    hospital?: Hospital;
}

export interface EntityQuery {
    kind: EntityKind;
    ern?: string;
    country?: string;
}

/** Longest span of a sentence tried as a name. */
const MAX_SPAN_WORDS = 5;
/** Sentences longer than this are messages, not names, and are only searched whole. */
const MAX_SENTENCE_WORDS = 14;
/** Spans of one short word ("in", "it") say nothing; codes are longer ("it13") or typed alone. */
const MIN_SINGLE_WORD_LENGTH = 3;
/**
 * A span inside a sentence must match almost exactly ("Italy" in "we are in Italy"): loose matches of
 * parts of sentences find countries in "switch to Romanian" and "elimina tutto".
 */
export const SPAN_MAX_SCORE = 0.12;

const wrap = <T>(outcome: SearchOutcome<T>, as: (item: T) => EntityResult): SearchOutcome<EntityResult> => ({
    confidence: outcome.confidence,
    matches: outcome.matches.map((m) => ({ item: as(m.item), score: m.score })),
});

/** One search of the level, on exactly this text. */
export function searchLevel(search: CatalogueSearch, query: EntityQuery, text: string): SearchOutcome<EntityResult> {
    const global = () => wrap(search.global(text), (g: Placement) => ({ network: g.network, country: g.country, hospital: g.hospital }));
    switch (query.kind) {
        case 'ern': {
            const networks = wrap(search.networks(text), (network: Network) => ({ network }));
            // A hospital typed at the network question ("AOU Pisana") resolves all three at once.
            return networks.confidence === 'none' ? global() : networks;
        }
        case 'country':
            return wrap(search.countries(text, { ern: query.ern }), (country: Country) => ({ country }));
        case 'hcp':
            return wrap(search.hospitals(text, { ern: query.ern, country: query.country }), (hospital: Hospital) => ({ hospital }));
        case 'global':
            return global();
    }
}

/**
 * The search of a level on a whole message: the text itself when that is confident, else the most
 * confident of its spans (longest first), else the whole text's own outcome.
 */
export function searchInSentence(search: CatalogueSearch, query: EntityQuery, text: string, options: { languageNames?: boolean } = {}): SearchOutcome<EntityResult> {
    const whole = searchLevel(search, query, text);
    if (whole.confidence === 'confident') return whole;
    const words = tokenize(text);
    if (words.length < 2 || words.length > MAX_SENTENCE_WORDS) return whole;
    let best: SearchOutcome<EntityResult> | undefined;
    const languages = new Set(languageNames().map((n) => n.name));
    for (let size = Math.min(MAX_SPAN_WORDS, words.length - 1); size >= 1; size--) {
        for (let start = 0; start + size <= words.length; start++) {
            const span = words.slice(start, start + size);
            if (size === 1 && span[0].length < MIN_SINGLE_WORD_LENGTH) continue;
            // a span that starts or ends with a generic word ("hospital of", "the") is not a name, nor
            // is a language unless the caller knows the sentence asks for none ("switch to Romanian
            // please" asks for a language; "spital german, la Heidelberg" names Germany)
            if (isStopWord(span[0]) || isStopWord(span[span.length - 1])) continue;
            if (!options.languageNames && languages.has(span.join(' '))) continue;
            const outcome = searchLevel(search, query, span.join(' '));
            const score = outcome.matches[0]?.score ?? 1;
            if (outcome.confidence === 'confident' && score <= SPAN_MAX_SCORE && (!best || score < best.matches[0].score)) best = outcome;
        }
        if (best) return best;
    }
    return whole;
}

/**
 * True when the text is exactly the name or code of what was found ("Italy", "IT13", "ReCONNET"):
 * then there is nothing to confirm.
 */
export function isExactName(search: CatalogueSearch, text: string, found: EntityResult): boolean {
    const key = compactText(text);
    if (key === '') return false;
    if (found.hospital) return [found.hospital.code, found.hospital.name].some((n) => compactText(n) === key) && !found.hospital.guest;
    if (found.country) return search.resolveCountry(text)?.iso === found.country.iso;
    if (found.network) return search.resolveNetwork(text)?.code === found.network.code;
    return false;
}

/**
 * True when the text holds the country found under its displayed name in the user's language or
 * in English, as written ("in Italien", "we're in Romania"): a country named so is no typo, and no
 * language either, unlike an adjective that is also a language's name ("German").
 */
export function namesCountryAsWritten(lng: string, text: string, found: EntityResult): boolean {
    const country = found.country;
    if (!country) return false;
    const padded = ` ${normalizeText(text)} `;
    return [country.names[lng]?.[0], country.name].some((name) => name !== undefined && padded.includes(` ${normalizeText(name)} `));
}
