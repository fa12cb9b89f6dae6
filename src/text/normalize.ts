/**
 * Text normalisation shared by command words, choices, the catalogue search and the FAQ: lower
 * case, no diacritics (Cà → ca, România → romania, ș/ş → s, ț/ţ → t), punctuation as spaces.
 */

/** Letters that Unicode decomposition does not reduce to a base letter plus marks. */
const SPECIAL_LETTERS: Readonly<Record<string, string>> = {
    ß: 'ss',
    æ: 'ae',
    œ: 'oe',
    ø: 'o',
    đ: 'd',
    ð: 'd',
    ł: 'l',
    þ: 'th',
    ı: 'i',
    ħ: 'h',
};
const SPECIAL_LETTERS_RE = new RegExp(`[${Object.keys(SPECIAL_LETTERS).join('')}]`, 'g');
const COMBINING_MARKS_RE = /\p{M}+/gu;
const NON_WORD_RE = /[^\p{L}\p{N}]+/gu;

/** `"Ca' Granda – Milano!"` → `"ca granda milano"`. */
export function normalizeText(text: string): string {
    return text
        .toLowerCase()
        .normalize('NFKD')
        .replace(COMBINING_MARKS_RE, '')
        .replace(SPECIAL_LETTERS_RE, (ch) => SPECIAL_LETTERS[ch] ?? ch)
        .replace(NON_WORD_RE, ' ')
        .trim();
}

/** The words of a text after {@link normalizeText}. */
export function tokenize(text: string): string[] {
    const normalized = normalizeText(text);
    return normalized === '' ? [] : normalized.split(' ');
}

/**
 * User text echoed in a bot message, made inert: Markdown and HTML characters escaped, line breaks
 * folded, so a name or description cannot add links, images or formatting to the bot's own words.
 */
export function escapeMarkdown(text: string): string {
    return text.replace(/[\r\n\t]+/g, ' ').replace(/[\\`*_{}[\]()#|<>~]/g, (ch) => `\\${ch}`);
}
