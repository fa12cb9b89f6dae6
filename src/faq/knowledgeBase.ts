import * as fs from 'fs';
import * as path from 'path';
import { z } from 'zod';
import { STEP_IDS, StepId } from '../journey';
import { LOCALES_DIR } from '../paths';
import { EMPTY_LEXICON, Lexicon, loadLexicon } from './lexicon';

/** File name of the knowledge base inside each `locales/<lng>/` folder. */
export const FAQ_FILE = 'faq.json';

/** Entry ids are stable slugs: they are stored in feedback and referenced by `related`. */
const ENTRY_ID_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * A next action offered as a button under an answer. Actions carry no text: button titles are
 * UI strings of the bot, so the helpdesk edits only facts here.
 */
export type FaqAction = { type: 'step'; step: StepId } | { type: 'helpdesk' } | { type: 'url'; url: string };

/**
 * One question-and-answer entry of the knowledge base, in one language.
 * @remarks `questions[0]` is the title shown in "did you mean" lists.
 */
export interface FaqEntry {
    id: string;
    /** Ways users ask this question; the first is the canonical one. */
    questions: string[];
    /** Words and short phrases that point at this entry. */
    keywords: string[];
    /** Short Markdown answer (links allowed). */
    answer: string;
    actions: FaqAction[];
    /** Ids of entries worth reading next. */
    related: string[];
}

const nonEmptyText = z.string().trim().min(1, 'must not be empty');

const actionSchema = z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('step'), step: z.enum(STEP_IDS) }),
    z.strictObject({ type: z.literal('helpdesk') }),
    z.strictObject({ type: z.literal('url'), url: z.url({ protocol: /^https?$/ }) }),
]);

const entrySchema = z.strictObject({
    questions: z.array(nonEmptyText).min(1, 'needs at least one question'),
    keywords: z.array(nonEmptyText),
    answer: nonEmptyText,
    actions: z.array(actionSchema),
    related: z.array(z.string().regex(ENTRY_ID_RE, 'must be an entry id')),
});

const fileSchema = z.record(z.string().regex(ENTRY_ID_RE, 'entry ids are lower-case words joined by "-"'), entrySchema);

/** The knowledge base failed validation; the message names the file, the entry id and the field. */
export class FaqSchemaError extends Error {
    constructor(message: string) {
        super(message);
        this.name = 'FaqSchemaError';
    }
}

/** `questions.2` → `questions[2]`; the first path element is the entry id. */
function describeIssue(file: string, issue: z.core.$ZodIssue): string {
    const [id, ...rest] = issue.path.map(String);
    const field = rest.map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '');
    if (id === undefined) return `${file}: ${issue.message}`;
    if (issue.code === 'invalid_key') return `${file}: entry "${id}": ${issue.message}`;
    return `${file}: entry "${id}"${field ? `, field "${field}"` : ''}: ${issue.message}`;
}

/** Parses one language's file; throws {@link FaqSchemaError} listing every problem. */
export function parseFaqFile(file: string, raw: unknown): FaqEntry[] {
    const result = fileSchema.safeParse(raw);
    if (!result.success) {
        throw new FaqSchemaError(result.error.issues.map((i) => describeIssue(file, i)).join('\n'));
    }
    return Object.entries(result.data).map(([id, e]) => ({ id, ...e }));
}

function readJson(file: string): unknown {
    let text: string;
    try {
        text = fs.readFileSync(file, 'utf8');
    } catch (err) {
        throw new FaqSchemaError(`${file}: cannot read (${(err as Error).message})`);
    }
    try {
        return JSON.parse(text) as unknown;
    } catch (err) {
        throw new FaqSchemaError(`${file}: invalid JSON (${(err as Error).message})`);
    }
}

/**
 * The languages of a locales folder: every sub-folder with a `faq.json`, the default language
 * first (it is the reference for ids), then in alphabetical order.
 */
export function discoverLanguages(localesDir: string = LOCALES_DIR): string[] {
    const found = fs
        .readdirSync(localesDir, { withFileTypes: true })
        .filter((d) => d.isDirectory() && fs.existsSync(path.join(localesDir, d.name, FAQ_FILE)))
        .map((d) => d.name)
        .sort();
    return [...found.filter((l) => l === REFERENCE_LANGUAGE), ...found.filter((l) => l !== REFERENCE_LANGUAGE)];
}

/** The language whose ids the others must match, and the one used for a locale the knowledge base lacks. */
export const REFERENCE_LANGUAGE = 'en';

/** Every language must have the same ids, and `related` must point at existing entries. */
function checkConsistency(languages: readonly string[], files: Record<string, string>, byLanguage: Record<string, FaqEntry[]>): void {
    const problems: string[] = [];
    const [first, ...others] = languages;
    const reference = new Set(byLanguage[first].map((e) => e.id));
    for (const lng of others) {
        const ids = new Set(byLanguage[lng].map((e) => e.id));
        for (const id of reference) if (!ids.has(id)) problems.push(`${files[lng]}: entry "${id}" is missing (it exists in ${first})`);
        for (const id of ids) if (!reference.has(id)) problems.push(`${files[lng]}: entry "${id}" does not exist in ${first}`);
    }
    for (const lng of languages) {
        const ids = new Set(byLanguage[lng].map((e) => e.id));
        for (const entry of byLanguage[lng]) {
            entry.related.forEach((rel, i) => {
                if (!ids.has(rel)) problems.push(`${files[lng]}: entry "${entry.id}", field "related[${i}]": unknown entry "${rel}"`);
            });
        }
    }
    if (problems.length > 0) throw new FaqSchemaError(problems.join('\n'));
}

/**
 * The FAQ knowledge base in every language of the locales folder, validated at load, with each
 * language's word lists (`faq-lexicon.json`, optional).
 * @remarks Read from `locales/<lng>/faq.json`; the helpdesk edits those files, no code. A new
 * language is a new folder with a `faq.json`.
 */
export class FaqKnowledgeBase {
    readonly languages: readonly string[];
    private readonly index = new Map<string, Map<string, FaqEntry>>();

    private constructor(
        private readonly byLanguage: Record<string, FaqEntry[]>,
        private readonly lexicons: Record<string, Lexicon>,
    ) {
        this.languages = Object.keys(byLanguage);
        if (this.languages.length === 0) throw new FaqSchemaError('no language has a faq.json');
        for (const lng of this.languages) this.index.set(lng, new Map(byLanguage[lng].map((e) => [e.id, e])));
    }

    /**
     * Loads and validates every language; throws {@link FaqSchemaError} naming file, entry and field.
     * @param localesDir folder of `<lng>/faq.json` files (another one in tests)
     * @param languages languages to load; default: every folder with a `faq.json` (see {@link discoverLanguages})
     */
    static load(localesDir: string = LOCALES_DIR, languages: readonly string[] = discoverLanguages(localesDir)): FaqKnowledgeBase {
        const files: Record<string, string> = {};
        const byLanguage: Record<string, FaqEntry[]> = {};
        const lexicons: Record<string, Lexicon> = {};
        for (const lng of languages) {
            files[lng] = path.join(localesDir, lng, FAQ_FILE);
            byLanguage[lng] = parseFaqFile(files[lng], readJson(files[lng]));
            lexicons[lng] = loadLexicon(localesDir, lng);
        }
        checkConsistency(languages, files, byLanguage);
        return new FaqKnowledgeBase(byLanguage, lexicons);
    }

    /** Builds a knowledge base from entries in memory (already valid), e.g. for tests; no lexicon unless given. */
    static fromEntries(byLanguage: Record<string, FaqEntry[]>, lexicons: Record<string, Lexicon> = {}): FaqKnowledgeBase {
        return new FaqKnowledgeBase(byLanguage, lexicons);
    }

    /** The language of a locale (`ro-RO` → `ro`), or {@link REFERENCE_LANGUAGE} (or the first one) when the knowledge base lacks it. */
    resolve(locale: string | undefined | null): string {
        const base = (locale ?? '').trim().toLowerCase().split(/[-_]/)[0];
        if (this.index.has(base)) return base;
        return this.index.has(REFERENCE_LANGUAGE) ? REFERENCE_LANGUAGE : this.languages[0];
    }

    /** `lng` may be a locale such as `ro-RO`; see {@link resolve}. */
    entry(lng: string, id: string): FaqEntry | undefined {
        return this.index.get(this.resolve(lng))?.get(id);
    }

    entries(lng: string): readonly FaqEntry[] {
        return this.byLanguage[this.resolve(lng)];
    }

    lexicon(lng: string): Lexicon {
        return this.lexicons[this.resolve(lng)] ?? EMPTY_LEXICON;
    }

    ids(): string[] {
        return this.byLanguage[this.languages[0]].map((e) => e.id);
    }
}
