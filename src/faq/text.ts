import type { Language } from '../i18n';

/**
 * Stems are cut to this many letters: a light, language-neutral stemmer that makes "approval",
 * "approved", "approvazione" and "aprobare"/"aprobat" meet. Shorter cuts merge unrelated words
 * ("persona"/"personale" already meet at 6); a well-kept Snowball stemmer package would be the
 * next step if the lexicon grows.
 */
export const STEM_LENGTH = 6;

/**
 * English contractions, rewritten before punctuation is dropped so "can't" keeps its "not"; chat
 * users often drop the apostrophe ("isnt", "dont", "cant"), so those forms are rewritten too.
 */
const EN_CONTRACTIONS: Array<[RegExp, string]> = [
    [/\bcan['’]?t\b/g, 'can not'],
    [/\bwon['’]t\b/g, 'will not'],
    [/n['’]t\b/g, ' not'],
    [/\b(is|are|was|were|do|does|did|have|has|had|could|should|would|must|need)nt\b/g, '$1 not'],
    [/\bcannot\b/g, 'can not'],
    [/\b(what|how|where|who|that|there)s\b/g, '$1 is'],
    [/['’]s\b/g, ' is'],
    [/['’]m\b/g, ' am'],
    [/['’]re\b/g, ' are'],
    [/['’]ve\b/g, ' have'],
    [/['’]ll\b/g, ' will'],
    [/['’]d\b/g, ' would'],
];

/**
 * Lower case, no diacritics (ș/ş → s, è → e), apostrophes and punctuation as spaces, single spaces.
 * Digits stay ("0000", "2fa", "2018/1725" → "2018 1725").
 */
export function normalise(text: string, lng?: Language): string {
    let s = text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
    if (lng === 'en' || lng === undefined) for (const [re, by] of EN_CONTRACTIONS) s = s.replace(re, by);
    return s.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** Words of a normalised text. */
export function words(normalised: string): string[] {
    return normalised === '' ? [] : normalised.split(' ');
}

/** Double consonants left after cutting "-ed"/"-ing" ("logged" → "logg" → "log"). */
const EN_UNDOUBLE_RE = /(bb|dd|gg|mm|nn|pp|tt)$/;
/** Romanian definite articles and plural endings, longest first. */
const RO_SUFFIXES = ['urilor', 'urile', 'ului', 'ilor', 'elor', 'iile', 'uri', 'ile', 'ul', 'ua', 'le', 'ii', 'ea', 'ei', 'a', 'e', 'i', 'u'];
/** Shortest stem a suffix may leave. */
const MIN_STEM = 3;

function stemEnglish(w: string): string {
    let s = w;
    if (s.length > 4 && s.endsWith('ies')) s = `${s.slice(0, -3)}y`;
    else if (s.endsWith('sses')) s = s.slice(0, -2);
    else if (s.length > 3 && s.endsWith('s') && !/(ss|us|is)$/.test(s)) s = s.slice(0, -1);
    if (s.endsWith('ing') && s.length - 3 >= 4) s = s.slice(0, -3).replace(EN_UNDOUBLE_RE, (d) => d[0]);
    else if (s.endsWith('ed') && s.length - 2 >= 4) s = s.slice(0, -2).replace(EN_UNDOUBLE_RE, (d) => d[0]);
    return s;
}

function stemRomanian(w: string): string {
    for (const suffix of RO_SUFFIXES) {
        if (w.endsWith(suffix) && w.length - suffix.length >= MIN_STEM) return w.slice(0, -suffix.length);
    }
    return w;
}

function stemItalian(w: string): string {
    return w.length >= 4 && /[aeiou]$/.test(w) ? w.slice(0, -1) : w;
}

/**
 * Light stemmer: plural and article endings per language, then a cut at {@link STEM_LENGTH}.
 * Digits and short words are kept as they are.
 */
export function stem(word: string, lng: Language, length: number = STEM_LENGTH): string {
    if (word.length <= 3 || /\d/.test(word)) return word;
    const base = lng === 'en' ? stemEnglish(word) : lng === 'ro' ? stemRomanian(word) : stemItalian(word);
    return base.slice(0, length);
}
