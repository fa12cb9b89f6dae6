/**
 * Text normalisation shared by indexing and querying, so that both sides compare the same forms:
 * lower case, no diacritics (Cà → ca, România → romania, ș/ş → s, ț/ţ → t), punctuation as spaces.
 * The search folds further ({@link foldText}): Greek and Cyrillic are spelled in Latin letters, so
 * "Αθήνα" and "Athina", "София" and "Sofia" meet.
 */

import { normalizeText } from '../text/normalize';
import { catalogueLanguages } from './languageData';

export { normalizeText };

/** Greek letters (accents already removed) in Latin letters, after ELOT 743 simplified; digraphs first. */
const GREEK_DIGRAPHS: ReadonlyArray<[RegExp, string]> = [
    [/ου/g, 'ou'],
    [/αυ/g, 'av'],
    [/ευ/g, 'ev'],
    [/^μπ|(?<= )μπ/g, 'b'],
    [/^ντ|(?<= )ντ/g, 'd'],
    [/γγ/g, 'ng'],
    [/γκ/g, 'gk'],
];
const GREEK_LETTERS = 'αa βv γg δd εe ζz ηi θth ιi κk λl μm νn ξx οo πp ρr σs ςs τt υy φf χch ψps ωo';
/** Cyrillic letters (Bulgarian, Russian, Serbian, Ukrainian), after the streamlined Bulgarian system. */
const CYRILLIC_LETTERS =
    'аa бb вv гg дd еe жzh зz иi йi кk лl мm нn оo пp рr сs тt уu фf хh цts чch шsh щsht ъa ьy юyu яya ёe ыy эe іi їi єye ґg ђdj јj љlj њnj ћc џdz';
const LATIN_OF = new Map<string, string>(
    `${GREEK_LETTERS} ${CYRILLIC_LETTERS}`.split(' ').map((pair) => [pair[0], pair.slice(1)] as [string, string]),
);
const NON_LATIN_RE = /[\u0370-\u03ff\u0400-\u04ff]/;
const NON_LATIN_LETTER_RE = /[\u0370-\u03ff\u0400-\u04ff]/g;

/** {@link normalizeText}, then Greek and Cyrillic letters in Latin ones: `"Αττικόν"` → `"attikon"`, `"София"` → `"sofiya"`. */
export function foldText(text: string): string {
    const normalized = normalizeText(text);
    if (!NON_LATIN_RE.test(normalized)) return normalized;
    let out = normalized;
    for (const [re, latin] of GREEK_DIGRAPHS) out = out.replace(re, latin);
    return out.replace(NON_LATIN_LETTER_RE, (ch) => LATIN_OF.get(ch) ?? ch);
}

/** The words of a text after {@link foldText}. */
export function tokenize(text: string): string[] {
    const folded = foldText(text);
    return folded === '' ? [] : folded.split(' ');
}

/** The folded text without spaces: `"ERN-EYE"`, `"ern eye"` and `"ERNEYE"` all give `"erneye"`. */
export function compactText(text: string): string {
    return foldText(text).replace(/ /g, '');
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
 * Function words and "I work at"-style fillers ("je travaille à l'hôpital de Florence") and generic
 * institution, department and network words ("hospital", "spitalul", "Universitätsklinikum",
 * "ziekenhuis", "AOU", "CHU", "rare", "diseases") of every language, read from the language data
 * (`locales/<lng>/catalogue.json` and src/catalogue/otherLanguages.json). Generic words are not
 * dropped — a query made only of them still works — but weigh less (measured: see
 * test/bench/search.ts), so "ospedale di padova" finds the hospital of Padova.
 */
const LANGUAGES = [...catalogueLanguages().values()];

/** Normalised filler words; see {@link isFillerWord}. */
const FILLER_WORDS: ReadonlySet<string> = new Set(LANGUAGES.flatMap((l) => l.fillerWords).map(foldText));
/** Normalised stop words (fillers and generic words); see {@link isStopWord}. */
const STOP_WORDS: ReadonlySet<string> = new Set([...FILLER_WORDS, ...LANGUAGES.flatMap((l) => l.genericWords).map(foldText)]);
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
const DIGIT_RE = /\d/;

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
    if (word.length === 1) return !DIGIT_RE.test(word);
    if (word.length < STEM_MIN_LENGTH) return false;
    const memo = stopMemo.get(word);
    if (memo !== undefined) return memo;
    const stop = STEMMABLE.some((w) => word.length <= w.length + STEM_MAX_EXTRA && sharedPrefixLength(w, word) >= w.length - STEM_MAX_SUFFIX);
    if (stopMemo.size >= MEMO_LIMIT) stopMemo.clear();
    stopMemo.set(word, stop);
    return stop;
}

/** True for a function word or filler ("the", "de", "je", "lavoro") or a single letter: it says nothing at all. */
export function isFillerWord(word: string): boolean {
    return FILLER_WORDS.has(word) || (word.length === 1 && !DIGIT_RE.test(word));
}

/** `"ä"`, `"ö"`, `"ü"` as German writes them without umlauts (`"ae"`, `"oe"`, `"ue"`); undefined when there are none. */
export function umlautSpelling(text: string): string | undefined {
    if (!/[äöüÄÖÜ]/.test(text)) return undefined;
    return text.replace(/[äöüÄÖÜ]/g, (ch) => ({ ä: 'ae', ö: 'oe', ü: 'ue', Ä: 'Ae', Ö: 'Oe', Ü: 'Ue' })[ch] ?? ch);
}

/**
 * A rough sound key for typos that keep the sound: doubled letters single ("carregi", "careggi"),
 * k/c, ks/x, ph/f, th/t, y/i, w/v, j/i ("Aleksandrovska", "Alexandrovska"; "Cracow", "Krakow"). Not z/s:
 * "pizza" is not "Pisa".
 */
export function soundKey(word: string): string {
    return word
        .replace(/ph/g, 'f')
        .replace(/th/g, 't')
        .replace(/ck/g, 'k')
        .replace(/[kc]s/g, 'x')
        .replace(/k/g, 'c')
        .replace(/[yj]/g, 'i')
        .replace(/w/g, 'v')
        .replace(/(.)\1+/g, '$1');
}
