import { setImmediate as yieldToEventLoop } from 'timers/promises';
import { compactText, codeKey, tokenize, umlautSpelling } from './normalize';
import { otherCityNames } from './places';
import { DocScore, IndexDoc, IndexPhrase, TokenIndex } from './tokenIndex';
import type { Catalogue, Country, Hospital, Match, Network, Placement, SearchOutcome } from './types';

/*
 * Classification constants, chosen from measurements on the train split of
 * test/catalogue/labelled-queries.json (see test/bench/search.ts); each sits mid-plateau.
 */

/** Matches scoring worse than this are not offered at all ("none" when nothing is left). Measured: 0.3–0.4 all right; 0.45 offers a nonsense match. */
export const ACCEPT_MAX_SCORE = 0.4;
/** The best match must score at most this to be `confident` (0.2–0.35 give the same top-1; lower confirms less). */
export const CONFIDENT_MAX_SCORE = 0.25;
/** ... and be ahead of the second by at least this much (0.03–0.2 give the same top-1 on the labelled set). */
export const CONFIDENT_MIN_GAP = 0.1;
/** An `ambiguous` outcome offers the matches within this distance of the best. */
export const AMBIGUOUS_WINDOW = 0.15;
/** Most matches offered by an `ambiguous` outcome ("did you mean" up to 3). */
export const DEFAULT_LIMIT = 3;

/**
 * Weight of each kind of text: a city or topic word identifies an entry a little less than its
 * name. Kept within half of {@link CONFIDENT_MIN_GAP} of 1, so the field alone ranks matches but
 * never makes one `confident` ("cancer": a network name against other networks' topic words).
 */
export const FIELD_WEIGHTS = {
    name: 1,
    alias: 1,
    city: 0.95,
    topic: 0.95,
} as const;

/** Shorter network words ("os", "ent") are not taken as topic words. */
const TOPIC_WORD_MIN_LENGTH = 4;
/** Longest run of query words tried as a country or network name in {@link CatalogueSearch.global}. */
const MAX_CONTEXT_WORDS = 3;
/** The bot's network: among equally good hospitals (e.g. the 750 guest entries), its entries come first. */
export const HOME_NETWORK = 'ReCONNET';

/** Options of a hospital search: restrict to one network and/or one country. */
export interface HospitalScope {
    /** Network code (case-insensitive). */
    ern?: string;
    /** Country ISO code (case-insensitive). */
    country?: string;
}

/** Sorts by score, then by catalogue order (stable, so equal scores keep the CPMS order). */
function byScore(a: DocScore, b: DocScore): number {
    return a.score - b.score || a.doc - b.doc;
}

/** Sorts hospitals by score, then the home network first, then catalogue order. */
function byScoreHomeFirst(hospitals: readonly Hospital[], home: string): (a: DocScore, b: DocScore) => number {
    const rank = (d: DocScore): number => (hospitals[d.doc].ern === home ? 0 : 1);
    return (a, b) => a.score - b.score || rank(a) - rank(b) || a.doc - b.doc;
}

/** Turns scored matches (best first) into what the dialog does with them. */
export function classify<T>(matches: Match<T>[], limit = DEFAULT_LIMIT): SearchOutcome<T> {
    const accepted = matches.filter((m) => m.score <= ACCEPT_MAX_SCORE);
    if (accepted.length === 0) return { confidence: 'none', matches: [] };
    const [best, second] = accepted;
    if (best.score <= CONFIDENT_MAX_SCORE && (!second || second.score - best.score >= CONFIDENT_MIN_GAP)) {
        return { confidence: 'confident', matches: [best] };
    }
    const close = accepted.filter((m) => m.score <= best.score + AMBIGUOUS_WINDOW).slice(0, limit);
    return { confidence: 'ambiguous', matches: close };
}

function networkDoc(n: Network): IndexDoc {
    const names = [n.code, n.label, n.name, n.shortName, n.cpmsLabel].map((text) => ({ text, weight: FIELD_WEIGHTS.name }));
    return { phrases: [...names, ...n.aliases.map((text) => ({ text, weight: FIELD_WEIGHTS.topic }))] };
}

function countryDoc(c: Country): IndexDoc {
    // the ISO code is a word too: "Spain ES"
    const all = [c.name, c.cpmsName, c.iso, ...Object.values(c.names).flat()];
    return { phrases: all.map((text) => ({ text, weight: FIELD_WEIGHTS.name })) };
}

/** The phrases of a hospital: name, aliases, city, the city's names in other languages, German spellings without umlauts. */
function hospitalDoc(h: Hospital): IndexDoc {
    const own: IndexPhrase[] = [
        { text: h.name, weight: FIELD_WEIGHTS.name },
        ...h.aliases.map((text) => ({ text, weight: FIELD_WEIGHTS.alias })),
    ];
    if (h.city) own.push({ text: h.city, weight: FIELD_WEIGHTS.city });
    const exonyms = h.guest ? [] : otherCityNames(own.map((p) => p.text));
    const phrases: IndexPhrase[] = [...own, ...exonyms.map((text): IndexPhrase => ({ text, weight: FIELD_WEIGHTS.city, match: 'prefix' }))];
    for (const phrase of own) {
        const spelling = umlautSpelling(phrase.text);
        if (spelling !== undefined) phrases.push({ text: spelling, weight: phrase.weight });
    }
    const key = codeKey(h.code);
    const codes = key === undefined ? [compactText(h.code)] : [key];
    // "08" alone finds IT08 once the country is known
    const digits = key?.replace(/^[a-z]+/, '');
    if (digits !== undefined && digits !== key) codes.push(digits);
    return { phrases, codes, exactKeys: [compactText(h.code)], derive: !h.guest };
}

/** The words of the networks' names and topics ("lupus", "kidney"): in a hospital query they say little. */
function topicWords(networks: readonly Network[]): Set<string> {
    const words = new Set<string>();
    for (const n of networks) {
        for (const text of [n.name, n.shortName, ...n.aliases]) {
            for (const word of tokenize(text)) if (word.length >= TOPIC_WORD_MIN_LENGTH) words.add(word);
        }
    }
    return words;
}

/**
 * Search over one catalogue: networks, countries, hospitals (scoped or global). Indexes are built
 * once (the hospitals' on first use or by {@link warmUp}); every method is synchronous and cheap
 * (p99 well under 1 ms).
 */
export class CatalogueSearch {
    readonly catalogue: Catalogue;
    private readonly limit: number;
    private readonly homeNetwork: string;
    private builtNetworkIndex: TokenIndex | undefined;
    private builtCountryIndex: TokenIndex | undefined;
    private builtHospitalIndex: TokenIndex | undefined;
    private readonly networksByKey = new Map<string, Network>();
    private readonly countriesByKey = new Map<string, Country>();
    /** Normalised country names (any language) and network codes/labels: context words in hospital queries. */
    private readonly contextCountries = new Map<string, Country>();
    private readonly contextNetworks = new Map<string, Network>();

    /** `limit`: most matches of an ambiguous outcome; `homeNetwork`: network listed first among ties. */
    constructor(catalogue: Catalogue, options: { limit?: number; homeNetwork?: string } = {}) {
        this.catalogue = catalogue;
        this.limit = options.limit ?? DEFAULT_LIMIT;
        this.homeNetwork = options.homeNetwork ?? HOME_NETWORK;
        for (const n of catalogue.networks) {
            for (const text of [n.code, n.label, n.name, n.shortName, n.cpmsLabel]) {
                const key = compactText(text);
                if (!this.networksByKey.has(key)) this.networksByKey.set(key, n);
            }
            for (const text of [n.code, n.label, n.cpmsLabel]) this.contextNetworks.set(compactText(text), n);
        }
        for (const c of catalogue.countries) {
            for (const text of [c.iso, c.name, c.cpmsName, ...Object.values(c.names).flat()]) {
                const key = compactText(text);
                if (!this.countriesByKey.has(key)) this.countriesByKey.set(key, c);
                if (text !== c.iso) this.contextCountries.set(key, c);
            }
        }
    }

    /*
     * The indexes are most of the catalogue's load time (about a quarter of a second, mostly the
     * hospitals'), so a process starts answering before they exist; each is built on its first
     * search at the latest.
     */
    private get networkIndex(): TokenIndex {
        return (this.builtNetworkIndex ??= new TokenIndex(this.catalogue.networks.map(networkDoc)));
    }

    private get countryIndex(): TokenIndex {
        return (this.builtCountryIndex ??= new TokenIndex(this.catalogue.countries.map(countryDoc)));
    }

    private get hospitalIndex(): TokenIndex {
        return (this.builtHospitalIndex ??= new TokenIndex(this.catalogue.hospitals.map(hospitalDoc), { genericWords: topicWords(this.catalogue.networks) }));
    }

    /**
     * Builds what is built on first use, ahead of it: one index after each `pause`, so a turn that
     * arrives meanwhile waits for one index at most (the hospitals' is the big one).
     */
    async warmUp(pause: () => Promise<void> = yieldToEventLoop): Promise<void> {
        for (const build of [() => this.networkIndex, () => this.countryIndex, () => this.hospitalIndex]) {
            await pause();
            build();
        }
    }

    /** Networks matching what the user typed (code, name, CPMS label, topic words in several languages). */
    networks(q: string): SearchOutcome<Network> {
        const scored = this.networkIndex.search(q, undefined, ACCEPT_MAX_SCORE).sort(byScore);
        return classify(scored.map((s) => ({ item: this.catalogue.networks[s.doc], score: s.score })), this.limit);
    }

    /** Countries matching what the user typed, in any of their languages. CPMS lists all countries under every network. */
    countries(q: string, _opts: { ern?: string } = {}): SearchOutcome<Country> {
        const scored = this.countryIndex.search(q, undefined, ACCEPT_MAX_SCORE).sort(byScore);
        return classify(scored.map((s) => ({ item: this.catalogue.countries[s.doc], score: s.score })), this.limit);
    }

    /**
     * Hospitals (guest entry included) matching what the user typed, optionally within one network
     * and/or country. Country and network names in the query ("pisa italy", "careggi reconnet")
     * narrow the search where no scope is given and are not held against a match.
     */
    hospitals(q: string, opts: HospitalScope = {}): SearchOutcome<Hospital> {
        const ern = opts.ern === undefined ? undefined : this.network(opts.ern)?.code;
        const iso = opts.country === undefined ? undefined : this.country(opts.country)?.iso;
        if ((opts.ern !== undefined && !ern) || (opts.country !== undefined && !iso)) return { confidence: 'none', matches: [] };
        const plain = this.scopedHospitals(q, { ern, country: iso });
        const context = this.contextOf(q);
        if (!context) return plain;
        const narrowed = this.scopedHospitals(context.rest, { ern: ern ?? context.scope.ern, country: iso ?? context.scope.country });
        if (narrowed.confidence === 'none') return plain;
        return plain.confidence === 'none' || narrowed.matches[0].score <= plain.matches[0].score ? narrowed : plain;
    }

    private scopedHospitals(q: string, scope: HospitalScope): SearchOutcome<Hospital> {
        const hospitals = this.catalogue.hospitals;
        const accept = (doc: number): boolean =>
            (scope.ern === undefined || hospitals[doc].ern === scope.ern) && (scope.country === undefined || hospitals[doc].country === scope.country);
        const scored = this.hospitalIndex.search(q, accept, ACCEPT_MAX_SCORE).sort(byScoreHomeFirst(hospitals, this.homeNetwork));
        return classify(scored.map((s) => ({ item: hospitals[s.doc], score: s.score })), this.limit);
    }

    /** Search from anywhere ("AOU Pisana" from the main menu): hospitals of every network and country, with both. */
    global(q: string): SearchOutcome<Placement> {
        const outcome = this.hospitals(q);
        return {
            confidence: outcome.confidence,
            matches: outcome.matches.map((m) => ({ item: this.placement(m.item), score: m.score })),
        };
    }

    /** Country/network words of a query, and the rest; undefined when there are none or nothing else. */
    private contextOf(q: string): { rest: string; scope: HospitalScope } | undefined {
        const words = tokenize(q);
        const scope: HospitalScope = {};
        const kept: string[] = [];
        for (let i = 0; i < words.length; ) {
            let used = 0;
            for (let n = Math.min(MAX_CONTEXT_WORDS, words.length - i); n >= 1 && used === 0; n--) {
                const key = words.slice(i, i + n).join('');
                const country = scope.country === undefined ? this.contextCountries.get(key) : undefined;
                const network = scope.ern === undefined ? this.contextNetworks.get(key) : undefined;
                if (country) scope.country = country.iso;
                else if (network) scope.ern = network.code;
                else continue;
                used = n;
            }
            if (used === 0) kept.push(words[i]);
            i += Math.max(used, 1);
        }
        if (kept.length === 0 || kept.length === words.length) return undefined;
        return { rest: kept.join(' '), scope };
    }

    private placement(hospital: Hospital): Placement {
        return { network: this.network(hospital.ern) as Network, country: this.country(hospital.country) as Country, hospital };
    }

    /** True when the query names guest access ("guest", "ospite", "invitat", "0000", ...). */
    isGuestQuery(q: string): boolean {
        const outcome = this.hospitals(q);
        return outcome.confidence !== 'none' && outcome.matches.every((m) => m.item.guest);
    }

    /** All networks, in CPMS order. */
    allNetworks(): Network[] {
        return [...this.catalogue.networks];
    }

    /** All countries, in CPMS order (CPMS lists every country under every network). */
    countriesOf(_ern: string): Country[] {
        return [...this.catalogue.countries];
    }

    /** The hospitals of one network and country: guest access first, then by code. */
    hospitalsOf(ern: string, country: string): Hospital[] {
        const code = this.network(ern)?.code;
        const iso = this.country(country)?.iso;
        return this.catalogue.hospitals
            .filter((h) => h.ern === code && h.country === iso)
            .sort((a, b) => Number(b.guest) - Number(a.guest) || a.code.localeCompare(b.code, 'en', { numeric: true }));
    }

    /** The network with this code (case-insensitive, punctuation ignored: "ern-eye" finds ERN-EYE). */
    network(code: string): Network | undefined {
        const key = compactText(code);
        return this.catalogue.networks.find((n) => compactText(n.code) === key);
    }

    /** The country with this ISO code (case-insensitive). */
    country(iso: string): Country | undefined {
        const key = iso.trim().toUpperCase();
        return this.catalogue.countries.find((c) => c.iso === key);
    }

    /** A network by code, label, name, short name or CPMS label, exactly (case, accents and punctuation ignored). For imports and CLI flags. */
    resolveNetwork(text: string): Network | undefined {
        return this.networksByKey.get(compactText(text));
    }

    /** A country by ISO code or any of its names, exactly (case, accents and punctuation ignored). */
    resolveCountry(text: string): Country | undefined {
        return this.countriesByKey.get(compactText(text));
    }
}

/** The name of a country in a language (first listed), falling back to English. */
export function localizedCountryName(country: Country, lng: string): string {
    const base = lng.trim().toLowerCase().split(/[-_]/)[0];
    return country.names[base]?.[0] ?? country.name;
}

/** The line CPMS shows for a hospital: `IT08 - AOU Pisana`, `0000 Guest Access`. */
export function hospitalLabel(hospital: Hospital): string {
    return hospital.guest ? `${hospital.code} ${hospital.name}` : `${hospital.code} - ${hospital.name}`;
}

