/**
 * The organisation catalogue of the CPMS "Select organisation" step: networks (ERNs), the
 * countries CPMS lists under each network, and the hospitals (healthcare providers, HCPs) of each
 * network and country, including the generated "0000 Guest Access" entry.
 */

/** A European Reference Network (or the COVID-19 space) as the first CPMS list shows it. */
export interface Network {
    /** Stable code, e.g. `ReCONNET`, `ERN-EYE`. */
    code: string;
    /** Usual label, e.g. `ERN ReCONNET`. */
    label: string;
    /** Official name, e.g. `European Reference Network on rare connective tissue ...`. */
    name: string;
    /** What CPMS shows after the code, e.g. `Connective Tissue and Musculoskeletal Diseases`. */
    shortName: string;
    /** The whole line CPMS shows, e.g. `ReCONNET - Connective Tissue and Musculoskeletal Diseases`. */
    cpmsLabel: string;
    /** Other names and topic words (diseases, specialties) in several languages. */
    aliases: string[];
}

/** A country of the CPMS country list. */
export interface Country {
    /** ISO 3166-1 alpha-2 code, e.g. `IT`. */
    iso: string;
    /** English name, e.g. `Czechia`. */
    name: string;
    /** The name CPMS shows in its list, e.g. `Czech Republic` (usually {@link name}). */
    cpmsName: string;
    /**
     * Names by language code (`en`, `ro`, `it`, `fr`, `de`, `es` always; native languages too);
     * the first name of each list is the one to display.
     */
    names: Record<string, string[]>;
}

/** A healthcare provider of one network in one country, or that network and country's guest entry. */
export interface Hospital {
    /** {@link Network.code} of its network. */
    ern: string;
    /** {@link Country.iso} of its country. */
    country: string;
    /** CPMS organisation code, e.g. `IT08`; `0000` for guest access. */
    code: string;
    name: string;
    city?: string;
    /** Full local names, abbreviations, the city in other languages. */
    aliases: string[];
    /** True for the generated "0000 Guest Access" entry. */
    guest: boolean;
}

/** The guest entry every network and country gets, generated at load. */
export interface GuestTemplate {
    code: string;
    name: string;
    aliases: string[];
}

/** A validated catalogue, guest entries included. */
export interface Catalogue {
    networks: readonly Network[];
    countries: readonly Country[];
    /** Imported/shipped hospitals first, then one guest entry per network and country. */
    hospitals: readonly Hospital[];
    guest: GuestTemplate;
}

/** One search hit. */
export interface Match<T> {
    item: T;
    /** 0 = perfect … 1 = worst. */
    score: number;
}

/**
 * How the dialog should treat a search: `confident` — one match clearly ahead, confirm it;
 * `ambiguous` — several close matches, offer them ("did you mean"); `none` — nothing good enough.
 */
export type Confidence = 'confident' | 'ambiguous' | 'none';

/** The outcome of a search: `confident` → one match; `ambiguous` → up to the limit; `none` → no match. */
export interface SearchOutcome<T> {
    confidence: Confidence;
    /** Best first. */
    matches: Match<T>[];
}

/** A hospital with its network and country resolved, as the global search returns it. */
export interface Placement {
    network: Network;
    country: Country;
    hospital: Hospital;
}
