/**
 * Text normalisation shared by indexing and querying, so that both sides compare the same forms:
 * lower case, no diacritics (Cà → ca, România → romania, ș/ş → s, ț/ţ → t), punctuation as spaces.
 * The search folds further ({@link foldText}): Greek and Cyrillic are spelled in Latin letters, so
 * "Αθήνα" and "Athina", "София" and "Sofia" meet.
 */

import { normalizeText } from '../text/normalize';

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
 * Function words and "I work at"-style fillers of the languages users write in: they say nothing
 * about which entry is meant and weigh almost nothing ("je travaille à l'hôpital de Florence").
 */
const FILLER_WORD_LIST = [
    // en
    'the', 'of', 'and', 'in', 'at', 'for', 'to', 'a', 'an', 'my', 'i', 'am', 'is', 'on', 'from', 'with', 'work',
    'one', 'our', 'we', 'me', 'by', 'as', 'are', 'near', 'called', 'named', 'based', 'please', 'im', 'working',
    // it
    'di', 'del', 'della', 'delle', 'dei', 'degli', 'dello', 'dell', 'da', 'dal', 'dalla', 'dall', 'e', 'ed', 'il', 'lo',
    'la', 'le', 'gli', 'un', 'una', 'uno', 'al', 'alla', 'alle', 'all', 'per', 'con', 'su', 'sono', 'lavoro', 'presso',
    'mio', 'nel', 'nella', 'nell', 'nei', 'negli', 'sul', 'sulla', 'mi', 'io', 'ad',
    // ro
    'din', 'de', 'si', 'cu', 'pentru', 'ale', 'lui', 'o', 'sunt', 'lucrez', 'spre', 'ai', 'eu', 'sau',
    // fr
    'du', 'des', 'les', 'et', 'au', 'aux', 'en', 'l', 'd', 'je', 'travaille', 'dans', 'chez', 'sur', 'pour', 'par',
    'avec', 'suis', 'mon', 'une',
    // de
    'der', 'die', 'das', 'dem', 'den', 'des', 'und', 'von', 'vom', 'fur', 'im', 'zu', 'zum', 'zur', 'ich', 'arbeite',
    'bei', 'beim', 'auf', 'ein', 'eine', 'einem', 'einer', 'bin',
    // es, ca, pt
    'el', 'los', 'las', 'y', 'trabajo', 'i', 'do', 'dos', 'das', 'na', 'no', 'em', 'trabalho',
    // nl, scandinavian, pl, cs, hu, lt
    'het', 'van', 'voor', 'op', 'ik', 'werk', 'och', 'og', 'af', 'av', 'pa', 'w', 'z', 'ze', 'dla', 'v', 've', 'u',
    'az', 'es', 'ir',
];

/**
 * Words that say little about which entry is meant: generic institution words of the bot's and
 * users' languages ("hospital", "spitalul", "Universitätsklinikum", "ziekenhuis", "nemocnice",
 * "AOU", "CHU", "UZ"), departments and specialties, and generic network words ("rare", "diseases").
 * They are not dropped — a query made only of them still works — but weigh less (measured:
 * see test/bench/search.ts), so "ospedale di padova" finds the hospital of Padova.
 */
const GENERIC_WORD_LIST = [
    // institutions: en, it, ro, fr, de, es, pt
    'hospital', 'hospitals', 'ospedale', 'ospedali', 'ospedaliera', 'ospedaliero', 'ospedaliere', 'spedali',
    'spital', 'spitalul', 'spitalului', 'spitale', 'hopital', 'hopitaux', 'krankenhaus', 'klinik', 'klinikum',
    'kliniken', 'universitatsklinikum', 'universitatsklinik', 'universitatsmedizin', 'universitatsspital', 'uniklinik',
    'uniklinikum', 'medizinische', 'medizinisches', 'hochschule', 'technischen', 'technische', 'allgemeines',
    'clinic', 'clinica', 'clinico', 'clinique', 'cliniques', 'clinical', 'clinicii', 'policlinico', 'polyclinic',
    'policlinica', 'poliklinik', 'university', 'universita', 'universitaria', 'universitario', 'universitar',
    'universitatea', 'universitaire', 'universitat', 'universidad', 'universitari', 'azienda', 'aziende', 'aou', 'ao',
    'asst', 'irccs', 'asl', 'ausl', 'ulss', 'fondazione', 'foundation', 'fundatia', 'fondation', 'stiftung',
    'fundacion', 'istituto', 'institute', 'institutul', 'institut', 'instituto', 'centre', 'center', 'centro',
    'centrul', 'zentrum', 'medical', 'medicale', 'medico', 'general', 'generale', 'san', 'santa', 'santo', 'sant',
    'saint', 'st', 'sf', 'sfantul', 'sfanta', 'sfintii', 'sankt', 'sao', 'judetean', 'judeteana', 'urgenta',
    'urgente', 'copii', 'national', 'nationala', 'nazionale', 'regional', 'regionale', 'county', 'municipal',
    'teaching', 'children', 'childrens', 'paediatric', 'pediatric', 'pediatrico', 'pediatrica', 'infantil',
    'infantile', 'enfants', 'malades', 'kinderklinik', 'hospitalier', 'hospitaliere', 'hospitalar', 'hospitalario',
    'hospitalaria', 'chu', 'chru', 'chr', 'ch', 'hospices', 'groupe', 'complejo', 'politecnic', 'politecnico',
    'uls', 'epe', 'health', 'healthcare', 'nhs', 'trust', 'campus', 'scju',
    // nl, pl, cs, sk, sl, hr, hu, sv, da, no, fi, lt, lv, et, el, bg
    'ziekenhuis', 'ziekenhuizen', 'universitair', 'medisch', 'medische', 'centrum', 'academisch', 'umc', 'uz', 'mc',
    'szpital', 'uniwersytecki', 'uniwersyteckie', 'uniwersytet', 'kliniczny', 'kliniczne', 'instytut', 'wojewodzki',
    'narodowy', 'fakultni', 'fakultna', 'nemocnice', 'nemocnica', 'fn', 'fnsp', 'ustav', 'klinika', 'univerzita',
    'univerzitni', 'univerzitetni', 'klinicni', 'klinicki', 'bolnicki', 'bolnica', 'centar', 'ukc', 'kbc', 'kb',
    'egyetem', 'egyetemi', 'korhaz', 'klinikai', 'kozpont', 'sjukhus', 'sjukhuset', 'universitetssjukhus',
    'sygehus', 'universitetshospital', 'sykehus', 'sairaala', 'yliopistollinen', 'keskussairaala', 'ligonine',
    'universiteto', 'klinikos', 'slimnica', 'haigla', 'kliinikum', 'nosokomeio', 'geniko', 'panepistimiako',
    'umbal', 'mbal', 'bolnitsa',
    // abbreviations of the above and titles ("Univ. Hosp.", "Osp. S. Matteo", "UK Erlangen", "Spitalul Dr. …")
    'univ', 'uni', 'hosp', 'osp', 'osped', 'hop', 'inst', 'ist', 'ctr', 'cntr', 'med', 'clin', 'klin', 'policl',
    'polycl', 'fond', 'fdn', 'kh', 'uk', 'spit', 'nat', 'natl', 'reg', 'gen', 'dr', 'prof', 'acad', 'sv', 'sw',
    // departments and specialties: "Reumatologia Pisa" names the hospital by its city
    'department', 'dept', 'unit', 'division', 'service', 'ward', 'dipartimento', 'reparto', 'divisione', 'unita',
    'uo', 'uoc', 'uos', 'sod', 'servizio', 'ambulatorio', 'sectia', 'sectie', 'departament', 'departamentul',
    'compartiment', 'abteilung', 'servicio', 'departement', 'rheumatology', 'reumatologia', 'reumatologie',
    'rhumatologie', 'rheumatologie', 'immunology', 'immunologia', 'imunologie', 'internal', 'interna', 'medicine',
    'medicina', 'pediatrics', 'paediatrics', 'pediatria', 'pediatrie', 'dermatology', 'dermatologia',
    'dermatologie', 'nephrology', 'nefrologia', 'nefrologie', 'cardiology', 'cardiologia', 'cardiologie',
    'neurology', 'neurologia', 'neurologie', 'genetics', 'genetica', 'orthopaedics', 'ortopedia', 'heilkunde',
    // networks
    'european', 'reference', 'network', 'networks', 'ern', 'erns', 'rare', 'rara', 'rari', 'rares', 'seltene',
    'raras', 'raros', 'disease', 'diseases', 'disorder', 'disorders', 'condition', 'conditions', 'malattie',
    'malattia', 'boli', 'boala', 'maladie', 'maladies', 'krankheit', 'krankheiten', 'erkrankung', 'erkrankungen',
    'enfermedad', 'enfermedades', 'doencas', 'ziekten', 'choroby', 'complex', 'syndrome', 'syndromes', 'sindrome',
    'sindromi', 'sindromul', 'sindroame',
    // countries
    'republic', 'repubblica', 'republica', 'republique', 'republik', 'kingdom',
];

/** Normalised filler words; see {@link isFillerWord}. */
const FILLER_WORDS: ReadonlySet<string> = new Set(FILLER_WORD_LIST.map(foldText));
/** Normalised stop words (fillers and generic words); see {@link isStopWord}. */
const STOP_WORDS: ReadonlySet<string> = new Set([...FILLER_WORDS, ...GENERIC_WORD_LIST.map(foldText)]);
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
