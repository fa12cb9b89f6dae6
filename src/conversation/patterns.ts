/**
 * A tiny pattern language for what people type, so that word lists stay data in `locales/<lng>/`:
 *
 * - a pattern is words separated by spaces, matched on normalised text (lower case, no accents,
 *   punctuation as spaces: "don't" is `don t`);
 * - `word*` matches every word starting with `word` (`thank*` → thanks, thankyou);
 * - `a|b|c` is one word out of several (`speak|talk* human|person|someone`);
 * - the words of a pattern must appear in order, with at most {@link MAX_GAP} other words between
 *   two of them, so `talk human` also finds "talk to a human";
 * - a pattern starting with `=` allows no other words in between (`=forget me` must not find
 *   "I always forget my password, help me").
 */
import { normalizeText } from '../text/normalize';

/** Other words allowed between two words of a pattern ("talk [to a] human"). */
export const MAX_GAP = 3;

interface Alternative {
    text: string;
    prefix: boolean;
}

/** One compiled pattern: its words, each a list of alternatives. */
export interface Pattern {
    readonly source: string;
    readonly words: readonly (readonly Alternative[])[];
    /** Other words allowed between two of its words. */
    readonly maxGap: number;
}

/** Compiles a pattern; undefined for one that normalises to nothing. */
export function compilePattern(source: string): Pattern | undefined {
    const contiguous = source.trim().startsWith('=');
    const words = source
        .trim()
        .replace(/^=/, '')
        .split(/\s+/)
        .map((word) =>
            word
                .split('|')
                .map((alt): Alternative | undefined => {
                    const prefix = alt.endsWith('*');
                    // normalising may split a word ("l'accesso" → "l accesso"): keep its last part
                    const parts = normalizeText(prefix ? alt.slice(0, -1) : alt).split(' ');
                    const text = parts[parts.length - 1];
                    return text === '' ? undefined : { text, prefix };
                })
                .filter((a): a is Alternative => a !== undefined),
        )
        .filter((alts) => alts.length > 0);
    return words.length === 0 ? undefined : { source, words, maxGap: contiguous ? 0 : MAX_GAP };
}

/** Compiles a list of patterns, dropping empty ones. */
export function compilePatterns(sources: readonly string[]): Pattern[] {
    return sources.map(compilePattern).filter((p): p is Pattern => p !== undefined);
}

function wordMatches(token: string, alternatives: readonly Alternative[]): boolean {
    return alternatives.some((a) => (a.prefix ? token.startsWith(a.text) : token === a.text));
}

/** Where a pattern occurs in the tokens: first and last token index, or undefined. */
export function findPattern(tokens: readonly string[], pattern: Pattern): { start: number; end: number } | undefined {
    const [first, ...rest] = pattern.words;
    const maxGap = pattern.maxGap;
    for (let start = 0; start < tokens.length; start++) {
        if (!wordMatches(tokens[start], first)) continue;
        const end = matchRest(tokens, start, rest, maxGap);
        if (end !== undefined) return { start, end };
    }
    return undefined;
}

function matchRest(tokens: readonly string[], at: number, rest: readonly (readonly Alternative[])[], maxGap: number): number | undefined {
    if (rest.length === 0) return at;
    const [next, ...more] = rest;
    for (let i = at + 1; i < tokens.length && i <= at + 1 + maxGap; i++) {
        if (!wordMatches(tokens[i], next)) continue;
        const end = matchRest(tokens, i, more, maxGap);
        if (end !== undefined) return end;
    }
    return undefined;
}

/** True when any of the patterns occurs in the tokens. */
export function anyPattern(tokens: readonly string[], patterns: readonly Pattern[]): boolean {
    return patterns.some((p) => findPattern(tokens, p) !== undefined);
}
