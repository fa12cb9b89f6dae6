/**
 * Text normalisation shared by indexing and querying, so that both sides compare the same forms:
 * lower case, no diacritics (Cà → ca, România → romania, ș/ş → s, ț/ţ → t), punctuation as spaces.
 */

import { normalizeText, tokenize } from '../text/normalize';

export { normalizeText, tokenize };

/** The normalised text without spaces: `"ERN-EYE"`, `"ern eye"` and `"ERNEYE"` all give `"erneye"`. */
export function compactText(text: string): string {
    return normalizeText(text).replace(/ /g, '');
}

/** Letters then digits, as CPMS organisation codes are written (IT08, 0000). */
const CODE_RE = /^([a-z]{0,4})(\d{1,6})$/;

/**
 * The comparison key of an organisation code, or undefined when the text is not code-shaped.
 * Case, spacing, punctuation and leading zeros do not matter: `"it 13"`, `"IT-13"`, `"it13"` → `"it13"`;
 * `"IT08"`, `"it 8"` → `"it8"`; `"0000"` → `"0"`.
 */
export function codeKey(text: string): string | undefined {
    const match = CODE_RE.exec(compactText(text));
    return match ? `${match[1]}${Number(match[2])}` : undefined;
}

/**
 * Words that say little about which entry is meant: function words of the bot's and users'
 * languages (en, ro, it, fr, de, es), generic institution words ("hospital", "spitalul",
 * "Universitätsklinikum", "AOU", "IRCCS"), and generic network words ("rare", "diseases").
 * They are not dropped — a query made only of them still works — but weigh less (measured:
 * see test/bench/search.ts), so "ospedale di padova" finds the hospital of Padova.
 */
const STOP_WORD_LIST = [
    // function words and "I work at"-style fillers
    'the', 'of', 'and', 'in', 'at', 'for', 'to', 'a', 'an', 'my', 'i', 'am', 'is', 'on', 'from', 'with', 'work',
    'di', 'del', 'della', 'delle', 'dei', 'degli', 'dello', 'da', 'dal', 'dalla', 'e', 'ed', 'il', 'lo', 'la', 'le',
    'gli', 'un', 'una', 'uno', 'al', 'alla', 'per', 'con', 'su', 'sono', 'lavoro', 'presso', 'mio',
    'din', 'de', 'si', 'cu', 'pentru', 'ale', 'lui', 'o', 'sunt', 'lucrez', 'spre',
    'du', 'des', 'les', 'et', 'au', 'aux', 'en', 'l', 'd', 'je', 'travaille',
    'der', 'die', 'das', 'dem', 'den', 'und', 'von', 'fur', 'im', 'zu', 'ich', 'arbeite',
    'el', 'los', 'las', 'y', 'trabajo',
    // institutions
    'hospital', 'hospitals', 'ospedale', 'ospedali', 'ospedaliera', 'ospedaliero', 'ospedaliere', 'spedali',
    'spital', 'spitalul', 'spitalului', 'spitale', 'hopital', 'hopitaux', 'krankenhaus', 'klinik', 'klinikum',
    'universitatsklinikum', 'clinic', 'clinica', 'clinico', 'clinique', 'clinical', 'clinicii', 'policlinico',
    'polyclinic', 'policlinica', 'poliklinik', 'university', 'universita', 'universitaria', 'universitario',
    'universitar', 'universitatea', 'universitaire', 'universitat', 'universidad', 'azienda', 'aou', 'ao',
    'asst', 'irccs', 'fondazione', 'foundation', 'fundatia', 'fondation', 'stiftung', 'fundacion', 'istituto',
    'institute', 'institutul', 'institut', 'instituto', 'centre', 'center', 'centro', 'centrul', 'zentrum',
    'medical', 'medicale', 'medico', 'general', 'generale', 'san', 'santa', 'santo', 'sant', 'saint', 'st', 'sf',
    // departments and specialties: "Reumatologia Pisa" names the hospital by its city
    'department', 'dept', 'unit', 'division', 'service', 'ward', 'dipartimento', 'reparto', 'divisione', 'unita',
    'uo', 'uoc', 'uos', 'sod', 'servizio', 'ambulatorio', 'sectia', 'sectie', 'departament', 'departamentul',
    'compartiment', 'abteilung', 'servicio', 'departement', 'rheumatology', 'reumatologia', 'reumatologie',
    'rhumatologie', 'rheumatologie', 'immunology', 'immunologia', 'imunologie', 'internal', 'interna', 'medicine',
    'medicina', 'pediatrics', 'paediatrics', 'pediatria', 'pediatrie', 'dermatology', 'dermatologia',
    'dermatologie', 'nephrology', 'nefrologia', 'nefrologie', 'cardiology', 'cardiologia', 'cardiologie',
    'neurology', 'neurologia', 'neurologie', 'genetics', 'genetica', 'orthopaedics', 'ortopedia',
    // networks
    'european', 'reference', 'network', 'networks', 'ern', 'erns', 'rare', 'rara', 'rari', 'rares', 'seltene',
    'raras', 'disease', 'diseases', 'disorder', 'disorders', 'condition', 'conditions', 'malattie', 'malattia',
    'boli', 'boala', 'maladies', 'krankheiten', 'enfermedades', 'complex', 'syndrome', 'syndromes', 'sindrome',
    'sindromi', 'sindromul', 'sindroame',
    // countries
    'republic', 'repubblica', 'republica', 'republique', 'republik', 'kingdom',
];

/** Normalised stop words; see {@link isStopWord}. */
const STOP_WORDS: ReadonlySet<string> = new Set(STOP_WORD_LIST.map(normalizeText));
/** Stop words long enough to stand for their inflections ("reumatologia" → "reumatologica", "hospital" → "hospitalier"). */
const STEM_MIN_LENGTH = 6;
/** An inflection may differ from the stop word in at most this many final letters ... */
const STEM_MAX_SUFFIX = 2;
/** ... and be at most this many letters longer (a compound such as "universitetssykehus" is not an inflection). */
const STEM_MAX_EXTRA = 4;
const STEMMABLE = [...STOP_WORDS].filter((w) => w.length >= STEM_MIN_LENGTH);
/** Memo of {@link isStopWord}; cleared when it grows past MEMO_LIMIT (query words are unbounded). */
const stopMemo = new Map<string, boolean>();
const MEMO_LIMIT = 50_000;

function sharedPrefixLength(a: string, b: string): number {
    const n = Math.min(a.length, b.length);
    let i = 0;
    while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
    return i;
}

/**
 * True for a normalised word that says little on its own ("ospedale", "of", "rare"), including
 * inflections of the longer stop words ("reumatologica", "spitalului", "universitatii") and initials.
 */
export function isStopWord(word: string): boolean {
    if (STOP_WORDS.has(word)) return true;
    // an initial ("S." for San, "H." for Hospital) says little on its own
    if (word.length === 1) return !/\d/.test(word);
    if (word.length < STEM_MIN_LENGTH) return false;
    const memo = stopMemo.get(word);
    if (memo !== undefined) return memo;
    const stop = STEMMABLE.some((w) => word.length <= w.length + STEM_MAX_EXTRA && sharedPrefixLength(w, word) >= w.length - STEM_MAX_SUFFIX);
    if (stopMemo.size >= MEMO_LIMIT) stopMemo.clear();
    stopMemo.set(word, stop);
    return stop;
}
