/** Placeholders left where personal data was. */
export const REDACTED = { email: '[email]', phone: '[phone]', name: '[name]' } as const;

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
const TITLES = ['dr', 'dr.', 'doctor', 'prof', 'prof.', 'professor', 'dott', 'dott.', 'dott.ssa', 'dottor', 'dottoressa', 'doamna', 'domnul', 'dna', 'dl'];
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

/**
 * Removes personal data from free text before it is stored: e-mail addresses → `[email]`,
 * phone numbers and long digit runs → `[phone]`, names after "my name is / mă numesc / mi chiamo"
 * (and after titles such as "Dr.") → `[name]`.
 */
export function redactPersonalData(text: string): string {
    return text
        .replace(EMAIL_RE, REDACTED.email)
        .replace(DIGITS_RE, REDACTED.phone)
        .replace(INTRO_RE, (_m, intro: string, name: string) => replaceName(intro, name))
        .replace(TITLE_RE, (_m, intro: string, name: string) => replaceName(intro, name));
}
