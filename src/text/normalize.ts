/**
 * Text normalisation shared by command words, choices and searches: lower case, no diacritics
 * (ș/ş → s, à → a), punctuation as spaces, single spaces. Keeps letters of every script.
 */
export function normalizeText(input: string): string {
    return input
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .replace(/[’'`´]/g, '')
        .replace(/[^\p{L}\p{N}]+/gu, ' ')
        .trim();
}

/** Words of a normalised text. */
export function tokens(input: string): string[] {
    const n = normalizeText(input);
    return n === '' ? [] : n.split(' ');
}
