/** Placeholders left where personal data was. */
export const REDACTED = { email: '[email]', phone: '[phone]', name: '[name]', date: '[date]', id: '[id]' } as const;

/** What is stored instead of a clinical message: its category, never its text. */
export const CLINICAL_PLACEHOLDER = '[clinical message: text not stored]';

/** Dates as people write them: 12/03/1970, 12.03.70, 1970-03-12, 12 March 1970, 3 aprile 1985, 12 martie 1970. */
const MONTHS = [
    'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
    'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
    'gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno', 'luglio', 'agosto', 'settembre', 'ottobre', 'novembre', 'dicembre',
    'ianuarie', 'februarie', 'martie', 'aprilie', 'mai', 'iunie', 'iulie', 'septembrie', 'octombrie', 'noiembrie', 'decembrie',
    'janvier', 'février', 'mars', 'avril', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre',
    'januar', 'februar', 'märz', 'juni', 'juli', 'oktober', 'dezember',
    'enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre',
];
const DATE_RE = new RegExp(
    `\\b(?:\\d{1,2}[./-]\\d{1,2}[./-]\\d{2,4}|\\d{4}-\\d{1,2}-\\d{1,2}|\\d{1,2}\\.?\\s+(?:${MONTHS.join('|')})\\.?,?\\s+\\d{2,4}|(?:${MONTHS.join('|')})\\s+\\d{1,2},?\\s+\\d{4})\\b`,
    'giu',
);
/** National identifiers: Italian codice fiscale (RSSMRA70C12G702Z); long digit runs (Romanian CNP) are caught as numbers. */
const NATIONAL_ID_RE = /\b[A-Z]{6}\d{2}[A-EHLMPR-T]\d{2}[A-Z]\d{3}[A-Z]\b/gi;
/** A patient named after the word: "patient Giovanni", "paziente Maria", "pacientul Ion", "Patientin Anna". */
const PATIENT_NAME_RE = /(\b(?:patient|patients|paziente|pazienti|pacient|pacienta|pacientul|pacienta|pacienții|patiente|patientin|paciente)\s+)((?:\p{Lu}[\p{L}'’-]*\s*){1,3})/gu;

const EMAIL_RE = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
/**
 * Phone numbers and other long digit runs (IDs, card numbers): 6 or more digits, possibly split
 * by spaces, dots, dashes or brackets, with an optional leading "+" (not slashes: "2018/1725").
 */
const DIGITS_RE = /\+?\(?\d(?:[\s.()-]{0,2}\d){5,}\)?/g;
/**
 * What introduces a name: "my name is", "I am Dr.", "this is", "mă numesc", "numele meu este",
 * "sunt dr.", "mi chiamo", "il mio nome è", "sono il dott."; and titles anywhere ("Dr. X").
 */
const NAME_INTRO = [
    "my name is", "my name's", 'name is', 'i am dr', "i'm dr", 'i am prof', "i'm prof", 'this is dr', 'this is prof', 'signed', 'regards',
    'best wishes', 'sincerely', 'ma numesc', 'mă numesc', 'numele meu este', 'numele meu e', 'sunt dr', 'sunt doctorul', 'sunt doctor',
    'sunt prof', 'mi chiamo', 'il mio nome è', 'il mio nome e', "il mio nome é", 'sono il dott', 'sono la dott', 'sono il dr', 'sono la dr',
    'sono il prof', 'sono la prof', 'sono il dottor', 'sono la dottoressa', 'cordiali saluti', 'distinti saluti', 'cu stimă', 'cu stima',
];
const TITLES = ['dr', 'dr.', 'doctor', 'mr', 'mrs', 'ms', 'sig', 'sig.ra', 'signor', 'signora', 'prof', 'prof.', 'professor', 'dott', 'dott.', 'dott.ssa', 'dottor', 'dottoressa', 'doamna', 'domnul', 'dna', 'dl'];
/** Most words of a name taken after an introduction (first, middle and last name). */
const MAX_NAME_WORDS = 3;

/** Words that end a name even when written in lower case ("my name is ana and I..."). */
const NOT_NAME_WORDS = new Set([
    'and', 'but', 'from', 'at', 'in', 'of', 'i', 'im', 'my', 'the', 'a', 'an', 'with', 'for', 'to', 'is', 'am', 'work', 'working',
    'si', 'și', 'de', 'la', 'din', 'sunt', 'lucrez', 'eu', 'am', 'cu', 'e', 'ed', 'di', 'da', 'dal', 'del', 'della', 'sono', 'lavoro', 'ho',
    'con', 'per', 'che', 'il', 'la', 'lo',
]);

function escapeRegExp(s: string): string {
    return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Titles as written: lower case, capitalised and upper case (the title regex is case-sensitive). */
const TITLE_ALT = TITLES.map((t) => t.replace(/\.$/, ''))
    .flatMap((t) => [t, t[0].toUpperCase() + t.slice(1), t.toUpperCase()])
    .map(escapeRegExp)
    .join('|');
const NAME_REST = "[\\p{L}'’-]*";
const NAME_WORD = `\\p{L}${NAME_REST}`;
/** An introduction, an optional title, then the name words (matched case-insensitively). */
const INTRO_RE = new RegExp(
    `(\\b(?:${NAME_INTRO.map(escapeRegExp).join('|')})\\.?[,:]?\\s+(?:(?:${TITLE_ALT})\\.?\\s+)?)((?:${NAME_WORD}\\s*){1,${MAX_NAME_WORDS}})`,
    'giu',
);
/** A title followed by capitalised words, anywhere ("ask Dr. Test Example"). */
const TITLE_RE = new RegExp(`(\\b(?:${TITLE_ALT})\\.?\\s+)((?:\\p{Lu}${NAME_REST}\\s*){1,${MAX_NAME_WORDS}})`, 'gu');

/** Keeps the name words up to the first word that cannot be part of a name. */
function replaceName(intro: string, nameWords: string): string {
    const parts = nameWords.trim().split(/\s+/);
    let taken = 0;
    while (taken < parts.length && !NOT_NAME_WORDS.has(parts[taken].toLowerCase())) taken += 1;
    if (taken === 0) return intro + nameWords;
    const trailing = nameWords.match(/\s*$/)?.[0] ?? '';
    const rest = parts.slice(taken).join(' ');
    return `${intro}${REDACTED.name}${rest ? ` ${rest}` : ''}${trailing}`;
}

/*
 * Words that make a message clinical: patients, birth, diagnoses, diseases of the network,
 * symptoms, treatment. Folded to lower case without accents before matching.
 */
const PATIENT_WORDS = ['patient', 'patients', 'paziente', 'pazienti', 'pacient', 'pacienta', 'pacientul', 'pacientii', 'pacientei', 'patiente', 'patientin', 'paciente', 'my child', 'mio figlio', 'mia figlia', 'copilul meu'];
const CLINICAL_WORDS = [
    'born', 'nato', 'nata', 'nascut', 'nascuta', 'ne le', 'nee le', 'geboren', 'nacido', 'nacida', 'years old', 'anni', 'ani', 'year-old', 'enne', 'aged',
    'diagnosed', 'diagnosis', 'diagnosi', 'diagnostic', 'diagnosticat', 'diagnosticata', 'symptom', 'symptoms', 'sintomi', 'simptome',
    'sclerosis', 'sclerosi', 'scleroza', 'sclerodermia', 'scleroderma', 'lupus', 'arthritis', 'artrite', 'vasculitis', 'vasculite', 'sjogren', 'myositis', 'miosite',
    'ulcer', 'ulcers', 'ulcere', 'fever', 'febbre', 'febra', 'pain', 'dolore', 'durere', 'nephritis', 'nefrite', 'nefrita', 'rash',
    'treatment', 'therapy', 'terapia', 'tratament', 'dose', 'dosage', 'dosaggio', 'doza', 'mg', 'prescribe', 'biopsy', 'biopsia', 'relapse', 'flare',
];

function fold(text: string): string {
    return ` ${text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
}

function mentions(folded: string, words: readonly string[]): number {
    return words.filter((w) => folded.includes(` ${w} `)).length;
}

/**
 * A message about a patient's health: a patient and a clinical detail (birth, age, diagnosis,
 * disease, symptom, treatment), or several clinical details. Such a message is never stored as
 * text, even redacted: health data is special-category personal data.
 */
export function isClinicalMessage(text: string): boolean {
    const folded = fold(text);
    const clinical = mentions(folded, CLINICAL_WORDS) + (DATE_RE.test(text) ? 1 : 0);
    DATE_RE.lastIndex = 0;
    return (mentions(folded, PATIENT_WORDS) > 0 && clinical > 0) || clinical >= 2;
}

/** What may be kept of a message: the clinical category, or the text with personal data redacted. */
export function textToKeep(text: string): string {
    return isClinicalMessage(text) ? CLINICAL_PLACEHOLDER : redactPersonalData(text);
}

/**
 * Removes personal data from free text before it is stored: e-mail addresses → `[email]`,
 * phone numbers and long digit runs → `[phone]`, names after "my name is / mă numesc / mi chiamo"
 * (and after titles such as "Dr.") → `[name]`.
 */
export function redactPersonalData(text: string): string {
    return text
        .replace(EMAIL_RE, REDACTED.email)
        .replace(NATIONAL_ID_RE, REDACTED.id)
        .replace(DATE_RE, REDACTED.date)
        .replace(PATIENT_NAME_RE, (_m, intro: string, name: string) => `${intro}${REDACTED.name}${/\s$/.test(name) ? ' ' : ''}`)
        .replace(DIGITS_RE, REDACTED.phone)
        .replace(INTRO_RE, (_m, intro: string, name: string) => replaceName(intro, name))
        .replace(TITLE_RE, (_m, intro: string, name: string) => replaceName(intro, name));
}
