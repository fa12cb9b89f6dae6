import * as fs from 'fs';
import * as readline from 'readline';
import type { CliCommand, CliIO } from '../cliIo';
import { loadConfig } from '../config';
import { openDatabase } from '../storage/database';
import { DEFAULT_REPORT_LIMIT, FeedbackReport, FeedbackStore } from './feedback';
import { FaqKnowledgeBase } from './knowledgeBase';
import { FaqMatcher, FaqOutcome } from './matcher';
import { readSharedFeedbackReport } from '../storage/backends';

const ASK_USAGE = 'Usage: ask "QUESTION" [--locale LANGUAGE] [--json] | ask --jsonl (lines of {"q":"...","locale":"ro"} on stdin)\n';
const REPORT_USAGE = 'Usage: report [--limit N] [--json] [--db FILE]\n';
/** Score decimals in CLI output: enough to compare with the band thresholds. */
const SCORE_DECIMALS = 3;

/** One line of `ask --json` / `ask --jsonl` output; `id` is null whenever the bot would not answer. */
export interface AskResult {
    id: string | null;
    kind: FaqOutcome['kind'];
    score: number | null;
    answer: string | null;
    /** "Did you mean" entries (suggest band only). */
    suggestions?: string[];
    /** Language of the entry answered (may differ from the locale when the question is in another one). */
    language?: string;
}

interface ParsedArgs {
    positional: string[];
    flags: Set<string>;
    values: Map<string, string>;
}

/** `--name value`, `--name=value` and bare flags; `valued` lists the options that take a value. */
function parseArgs(args: string[], valued: string[]): ParsedArgs {
    const parsed: ParsedArgs = { positional: [], flags: new Set(), values: new Map() };
    for (let i = 0; i < args.length; i += 1) {
        const arg = args[i];
        if (!arg.startsWith('--')) {
            parsed.positional.push(arg);
            continue;
        }
        const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
        if (!valued.includes(name)) parsed.flags.add(name);
        else if (inline !== undefined) parsed.values.set(name, inline);
        else if (i + 1 < args.length) parsed.values.set(name, args[(i += 1)]);
        else throw new Error(`--${name} needs a value`);
    }
    return parsed;
}

function round(score: number): number {
    return Number(score.toFixed(SCORE_DECIMALS));
}

/** The machine-readable form of an outcome. */
export function toAskResult(outcome: FaqOutcome): AskResult {
    switch (outcome.kind) {
        case 'answer':
            return { id: outcome.entry.id, kind: 'answer', score: round(outcome.score), answer: outcome.entry.answer, language: outcome.language };
        case 'suggest':
            return { id: null, kind: 'suggest', score: round(outcome.score), answer: null, suggestions: outcome.entries.map((e) => e.id), language: outcome.language };
        case 'medical':
            return { id: null, kind: 'medical', score: null, answer: null };
        default:
            return { id: null, kind: 'unknown', score: round(outcome.score), answer: null };
    }
}

function describe(outcome: FaqOutcome): string {
    switch (outcome.kind) {
        case 'answer':
            return `${outcome.entry.id} (score ${round(outcome.score)})\n${outcome.entry.answer}\n`;
        case 'suggest':
            return `Did you mean (score ${round(outcome.score)}):\n${outcome.entries.map((e) => `  ${e.id}: ${e.questions[0]}`).join('\n')}\n`;
        case 'medical':
            return 'Clinical question: the bot gives no medical advice.\n';
        default:
            return `No answer (best score ${round(outcome.score)}).\n`;
    }
}

/** Reads `{"q":"...","locale":"ro"}` lines and writes one {@link AskResult} (or `{"error"}`) per line. */
async function askLines(matcher: FaqMatcher, io: CliIO): Promise<number> {
    const lines = readline.createInterface({ input: io.stdin, crlfDelay: Infinity });
    let failures = 0;
    for await (const line of lines) {
        if (line.trim() === '') continue;
        let request: { q?: unknown; locale?: unknown };
        try {
            request = JSON.parse(line) as { q?: unknown; locale?: unknown };
        } catch {
            failures += 1;
            io.stdout.write(`${JSON.stringify({ error: 'invalid JSON line' })}\n`);
            continue;
        }
        if (typeof request.q !== 'string') {
            failures += 1;
            io.stdout.write(`${JSON.stringify({ error: 'missing "q"' })}\n`);
            continue;
        }
        // The matcher resolves the locale itself (`ro-RO` → ro, unknown → English).
        const lng = typeof request.locale === 'string' ? request.locale : '';
        io.stdout.write(`${JSON.stringify(toAskResult(matcher.match(request.q, lng)))}\n`);
    }
    return failures > 0 ? 1 : 0;
}

/** `ask "QUESTION" --locale ro [--json]` or `ask --jsonl`: what the bot would answer. */
export const askCommand: CliCommand = async (args, io) => {
    let parsed: ParsedArgs;
    try {
        parsed = parseArgs(args, ['locale']);
    } catch (err) {
        io.stderr.write(`${(err as Error).message}\n${ASK_USAGE}`);
        return 2;
    }
    const question = parsed.positional.join(' ').trim();
    if (!parsed.flags.has('jsonl') && question === '') {
        io.stderr.write(ASK_USAGE);
        return 2;
    }
    const matcher = new FaqMatcher(FaqKnowledgeBase.load());
    if (parsed.flags.has('jsonl')) return askLines(matcher, io);
    const outcome = matcher.match(question, parsed.values.get('locale') ?? '');
    io.stdout.write(parsed.flags.has('json') ? `${JSON.stringify(toAskResult(outcome))}\n` : describe(outcome));
    return 0;
};

/** The report as plain text for the helpdesk. */
export function formatReport(report: FeedbackReport): string {
    const section = (title: string, lines: string[]) => `${title}\n${lines.length > 0 ? lines.join('\n') : '  (none yet)'}\n`;
    return [
        section('Most asked answers:', report.mostAsked.map((r) => `  ${String(r.count).padStart(5)}  ${r.id}`)),
        section(
            'Least helpful answers:',
            report.leastHelpful.map((r) => `  ${r.id}: ${r.helpful} helpful, ${r.notHelpful} not helpful (${Math.round(r.helpfulShare * 100)}% helpful)`),
        ),
        section('Unanswered questions:', report.unanswered.map((r) => `  ${String(r.count).padStart(5)}× [${r.lng}] ${r.question}`)),
        section('Steps where users were stuck:', report.stuck.map((r) => `  ${String(r.count).padStart(5)}  ${r.step}`)),
    ].join('\n');
}

/** `report [--limit N] [--json] [--db FILE]`: most asked, least helpful, unanswered, stuck. */
export const reportCommand: CliCommand = async (args, io) => {
    let parsed: ParsedArgs;
    try {
        parsed = parseArgs(args, ['limit', 'db']);
    } catch (err) {
        io.stderr.write(`${(err as Error).message}\n${REPORT_USAGE}`);
        return 2;
    }
    const limitText = parsed.values.get('limit') ?? String(DEFAULT_REPORT_LIMIT);
    if (!/^[1-9]\d*$/.test(limitText)) {
        io.stderr.write(`--limit must be a positive whole number\n${REPORT_USAGE}`);
        return 2;
    }
    const config = loadConfig();
    if (config.storage === 'azure' && !parsed.values.has('db')) {
        // Several instances on Azure Storage (STORAGE=azure): the report covers all of them.
        const report = await readSharedFeedbackReport(config, Number(limitText));
        io.stdout.write(parsed.flags.has('json') ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
        return 0;
    }
    const file = parsed.values.get('db') ?? config.databaseFile;
    if (!fs.existsSync(file)) {
        io.stderr.write(`No database at ${file} yet: the bot has not recorded any feedback.\n`);
        return 1;
    }
    const db = openDatabase(file);
    try {
        const report = new FeedbackStore(db).report(Number(limitText));
        io.stdout.write(parsed.flags.has('json') ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
        return 0;
    } finally {
        db.close();
    }
};
