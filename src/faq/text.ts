/** A compiled rewrite of a lexicon (see `Lexicon.rewrites`). */
export type Rewrite = [RegExp, string];

/** Compiles a lexicon's rewrites (contractions such as "can't" → "can not"). */
export function compileRewrites(rewrites: ReadonlyArray<[string, string]>): Rewrite[] {
    return rewrites.map(([pattern, by]) => [new RegExp(pattern, 'gu'), by]);
}

/**
 * Lower case, the language's rewrites (before apostrophes go, so "can't" keeps its "not"), no
 * diacritics (ș/ş → s, è → e), punctuation as spaces, single spaces. Digits stay ("0000", "2fa",
 * "2018/1725" → "2018 1725").
 */
export function normalise(text: string, rewrites: readonly Rewrite[] = []): string {
    let s = text.toLowerCase();
    for (const [re, by] of rewrites) s = s.replace(re, by);
    // Plain ASCII (most chat text and word lists) skips the slower Unicode passes.
    if (!NON_ASCII_RE.test(s)) return s.replace(ASCII_SEPARATORS_RE, ' ').trim();
    s = s.normalize('NFKD').replace(/\p{M}+/gu, '');
    return s.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

const NON_ASCII_RE = /[^\x00-\x7f]/;
const ASCII_SEPARATORS_RE = /[^a-z0-9]+/g;

/** Words of a normalised text. */
export function words(normalised: string): string[] {
    return normalised === '' ? [] : normalised.split(' ');
}
