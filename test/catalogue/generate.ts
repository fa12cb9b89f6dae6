/**
 * A generated catalogue for benchmarks: the shipped networks and countries, and invented
 * hospitals with realistic multi-language names spread over every network and country.
 * Deterministic (seeded), so runs are comparable. Not a test file itself.
 */
import { parseCatalogue, toCatalogueFileData } from '../../src/catalogue/schema';
import type { Catalogue } from '../../src/catalogue/types';

/** Cities per country; invented hospitals are placed in them. */
const CITIES: Readonly<Record<string, string[]>> = {
    AT: ['Wien', 'Graz', 'Innsbruck', 'Linz', 'Salzburg'],
    BE: ['Bruxelles', 'Leuven', 'Gent', 'Liège', 'Antwerpen'],
    BG: ['Sofia', 'Plovdiv', 'Varna', 'Pleven'],
    HR: ['Zagreb', 'Split', 'Rijeka', 'Osijek'],
    CY: ['Nicosia', 'Limassol'],
    CZ: ['Praha', 'Brno', 'Olomouc', 'Ostrava', 'Plzeň'],
    DK: ['København', 'Aarhus', 'Odense', 'Aalborg'],
    EE: ['Tallinn', 'Tartu'],
    FI: ['Helsinki', 'Tampere', 'Turku', 'Oulu', 'Kuopio'],
    FR: ['Paris', 'Lyon', 'Marseille', 'Lille', 'Toulouse', 'Bordeaux', 'Nantes', 'Strasbourg', 'Montpellier'],
    DE: ['Berlin', 'München', 'Hamburg', 'Heidelberg', 'Freiburg', 'Köln', 'Essen', 'Tübingen', 'Leipzig', 'Dresden'],
    GR: ['Athens', 'Thessaloniki', 'Heraklion', 'Patras'],
    HU: ['Budapest', 'Debrecen', 'Szeged', 'Pécs'],
    IS: ['Reykjavík'],
    IE: ['Dublin', 'Cork', 'Galway'],
    IT: ['Bologna', 'Torino', 'Napoli', 'Verona', 'Bari', 'Palermo', 'Siena', 'Udine', 'Ancona', 'Catania'],
    LV: ['Riga', 'Daugavpils'],
    LI: ['Vaduz'],
    LT: ['Vilnius', 'Kaunas'],
    LU: ['Luxembourg', 'Esch-sur-Alzette'],
    MT: ['Msida', 'Valletta'],
    NL: ['Amsterdam', 'Rotterdam', 'Utrecht', 'Leiden', 'Nijmegen', 'Groningen', 'Maastricht'],
    NO: ['Oslo', 'Bergen', 'Trondheim', 'Tromsø'],
    PL: ['Warszawa', 'Kraków', 'Gdańsk', 'Poznań', 'Wrocław', 'Łódź'],
    PT: ['Lisboa', 'Porto', 'Coimbra', 'Braga'],
    RO: ['București', 'Cluj-Napoca', 'Iași', 'Timișoara', 'Târgu Mureș', 'Craiova'],
    SK: ['Bratislava', 'Košice', 'Martin'],
    SI: ['Ljubljana', 'Maribor'],
    ES: ['Madrid', 'Barcelona', 'Valencia', 'Sevilla', 'Bilbao', 'Málaga', 'Zaragoza', 'Santander'],
    SE: ['Stockholm', 'Göteborg', 'Uppsala', 'Lund', 'Linköping', 'Umeå'],
};

/** Name patterns by country; `{c}` = city, `{s}` = a saint or founder. */
const PATTERNS: Readonly<Record<string, string[]>> = {
    IT: ['Azienda Ospedaliero-Universitaria di {c}', 'Ospedale {s} - {c}', 'Policlinico {s}, {c}', 'IRCCS Istituto {s} {c}'],
    DE: ['Universitätsklinikum {c}', 'Klinikum {c}', '{s}-Krankenhaus {c}', 'Kinderklinik {c}'],
    AT: ['Universitätsklinikum {c}', 'Landeskrankenhaus {c}', '{s}-Spital {c}'],
    FR: ['CHU de {c}', 'Hôpital {s}, {c}', 'Centre Hospitalier Universitaire de {c}', 'Hôpital des Enfants {c}'],
    BE: ['UZ {c}', 'CHU {c}', 'Cliniques Universitaires {s} {c}'],
    LU: ['Centre Hospitalier de {c}', 'Hôpital {s} {c}'],
    ES: ['Hospital Universitario {s}, {c}', 'Hospital Clínic de {c}', 'Hospital Infantil {s} {c}'],
    PT: ['Centro Hospitalar Universitário de {c}', 'Hospital de {s}, {c}'],
    RO: ['Spitalul Clinic Județean de Urgență {c}', 'Institutul de Boli {s} {c}', 'Spitalul Clinic de Copii {c}'],
    NL: ['Universitair Medisch Centrum {c}', '{s} Ziekenhuis {c}'],
    PL: ['Uniwersyteckie Centrum Kliniczne {c}', 'Szpital Kliniczny {s} {c}'],
    CZ: ['Fakultní nemocnice {c}', 'Nemocnice {s} {c}'],
    SK: ['Univerzitná nemocnica {c}', 'Nemocnica {s} {c}'],
    SE: ['Universitetssjukhuset {c}', '{s} sjukhus {c}'],
    DK: ['{c} Universitetshospital', 'Rigshospitalet {c}'],
    NO: ['{c} universitetssykehus', '{s} sykehus {c}'],
    FI: ['{c} University Hospital', '{c} yliopistollinen sairaala'],
};
const GENERIC_PATTERNS = ['{c} University Hospital', '{s} Hospital {c}', '{c} General Hospital', "{c} Children's Hospital", 'Clinical Centre {s} {c}'];
const SAINTS = [
    'San Raffaele', 'Santa Maria', 'San Giovanni', 'Sant Joan de Déu', 'Saint-Louis', 'Sankt Georg', 'La Paz', 'Vall d\'Hebron',
    'Sfânta Maria', 'Carl Gustav Carus', 'Rigshospitalet', 'Karolinska', 'Erasmus', 'Radboud', 'Necker', 'Gaslini', 'Bambino Gesù',
    'Meyer', 'Niguarda', 'Rizzoli', 'Gemelli', 'Charité', 'Hannover', 'Pitié-Salpêtrière', 'Cochin', 'Robert Debré', 'Virgen del Rocío',
    'Doce de Octubre', 'Santa Creu i Sant Pau', 'Sahlgrenska', 'Haukeland', 'Semmelweis', 'Motol', 'Tartu', 'Mater Dei', 'Beaumont',
];

/** Park–Miller minimal standard generator: small, seeded, good enough to spread test data. */
function random(seed: number): () => number {
    let state = seed % 2147483647 || 1;
    return () => {
        state = (state * 16807) % 2147483647;
        return (state - 1) / 2147483646;
    };
}

/** An invented hospital, before it joins networks. */
export interface GeneratedHospital {
    country: string;
    code: string;
    name: string;
    city: string;
}

/** Distinct invented hospitals; each joins several networks in {@link generateCatalogue}. */
export function generateHospitals(count: number, seed = 7): GeneratedHospital[] {
    const next = random(seed);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
    const isos = Object.keys(CITIES);
    const used = new Set<string>();
    const out: GeneratedHospital[] = [];
    const perCountry = new Map<string, number>();
    while (out.length < count) {
        const iso = pick(isos);
        const city = pick(CITIES[iso]);
        const name = pick(PATTERNS[iso] ?? GENERIC_PATTERNS).replace('{c}', city).replace('{s}', pick(SAINTS));
        if (used.has(name)) continue;
        used.add(name);
        const n = (perCountry.get(iso) ?? 100) + 1;
        perCountry.set(iso, n);
        out.push({ country: iso, code: `${iso}${n}`, name, city });
    }
    return out;
}

/**
 * The shipped catalogue plus invented hospitals until there are `total` (guest entries not
 * counted), every network and country represented.
 */
export function generateCatalogue(base: Catalogue, total = 2000, seed = 7): Catalogue {
    const next = random(seed + 1);
    const data = toCatalogueFileData(base);
    const distinct = generateHospitals(Math.ceil(total / 4), seed);
    const taken = new Set(data.hcps.map((h) => `${h.ern}/${h.code}`));
    const networks = data.erns.map((n) => n.code);
    // every network gets at least one hospital of every country first, then random memberships
    const byCountry = new Map<string, GeneratedHospital[]>();
    for (const h of distinct) byCountry.set(h.country, [...(byCountry.get(h.country) ?? []), h]);
    const join = (ern: string, h: GeneratedHospital): void => {
        if (data.hcps.length >= total || taken.has(`${ern}/${h.code}`)) return;
        taken.add(`${ern}/${h.code}`);
        data.hcps.push({ ern, country: h.country, code: h.code, name: h.name, city: h.city, aliases: [] });
    };
    for (const ern of networks) for (const list of byCountry.values()) join(ern, list[Math.floor(next() * list.length)]);
    while (data.hcps.length < total) join(networks[Math.floor(next() * networks.length)], distinct[Math.floor(next() * distinct.length)]);
    return parseCatalogue(data, 'generated catalogue');
}
