import * as fs from 'fs';
import * as path from 'path';
import { z } from 'zod';
import { Language, SUPPORTED_LANGUAGES } from '../i18n';
import { STEP_IDS, StepId } from '../journey';
import { LOCALES_DIR } from '../paths';

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

/** Every language must have the same ids, and `related` must point at existing entries. */
function checkConsistency(files: Record<Language, string>, byLanguage: Record<Language, FaqEntry[]>): void {
    const problems: string[] = [];
    const [first, ...others] = SUPPORTED_LANGUAGES;
    const reference = new Set(byLanguage[first].map((e) => e.id));
    for (const lng of others) {
        const ids = new Set(byLanguage[lng].map((e) => e.id));
        for (const id of reference) if (!ids.has(id)) problems.push(`${files[lng]}: entry "${id}" is missing (it exists in ${first})`);
        for (const id of ids) if (!reference.has(id)) problems.push(`${files[lng]}: entry "${id}" does not exist in ${first}`);
    }
    for (const lng of SUPPORTED_LANGUAGES) {
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
 * The FAQ knowledge base in every supported language, validated at load.
 * @remarks Read from `locales/<lng>/faq.json`; the helpdesk edits those files, no code.
 */
export class FaqKnowledgeBase {
    private readonly byLanguage: Record<Language, FaqEntry[]>;
    private readonly index: Record<Language, Map<string, FaqEntry>>;

    private constructor(byLanguage: Record<Language, FaqEntry[]>) {
        this.byLanguage = byLanguage;
        this.index = {} as Record<Language, Map<string, FaqEntry>>;
        for (const lng of SUPPORTED_LANGUAGES) this.index[lng] = new Map(byLanguage[lng].map((e) => [e.id, e]));
    }

    /** Loads and validates every language; throws {@link FaqSchemaError} naming file, entry and field. */
    static load(localesDir: string = LOCALES_DIR): FaqKnowledgeBase {
        const files = {} as Record<Language, string>;
        const byLanguage = {} as Record<Language, FaqEntry[]>;
        for (const lng of SUPPORTED_LANGUAGES) {
            files[lng] = path.join(localesDir, lng, FAQ_FILE);
            byLanguage[lng] = parseFaqFile(files[lng], readJson(files[lng]));
        }
        checkConsistency(files, byLanguage);
        return new FaqKnowledgeBase(byLanguage);
    }

    /** Builds a knowledge base from entries in memory (already valid), e.g. for tests. */
    static fromEntries(byLanguage: Record<Language, FaqEntry[]>): FaqKnowledgeBase {
        return new FaqKnowledgeBase(byLanguage);
    }

    entry(lng: Language, id: string): FaqEntry | undefined {
        return this.index[lng].get(id);
    }

    entries(lng: Language): readonly FaqEntry[] {
        return this.byLanguage[lng];
    }

    ids(): string[] {
        return this.byLanguage[SUPPORTED_LANGUAGES[0]].map((e) => e.id);
    }
}
