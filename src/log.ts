import pino from 'pino';
import type { TurnContext } from 'botbuilder';
import type { Config } from './config';

/**
 * The process's one structured logger (pino): a JSON line per event on stdout, created once in
 * `src/index.ts` and handed down as child loggers (`log.child({ component: 'directline' })`).
 *
 * @remarks
 * What goes in a line: ids (channel, conversation, activity), codes, counts and error names.
 * Never names, e-mail addresses, message text, tokens, keys or stack traces at `info`; an
 * error's stack is logged only at `debug`.
 */
export type Logger = pino.Logger;

/** Where a logger writes; tests pass a memory stream to read the lines back. */
export type LogDestination = pino.DestinationStream;

/** Field names pino masks wherever they appear in a logged object, as a second line of defence. */
const REDACTED_PATHS = [
    'authorization',
    'headers.authorization',
    'req.headers.authorization',
    'token',
    'password',
    'secret',
    'email',
    'name',
    'text',
    '*.authorization',
    '*.token',
    '*.password',
    '*.secret',
    '*.email',
    '*.text',
];

/** The process logger at `level`, writing JSON lines to stdout (or `destination`). */
export function createLogger(level: Config['logLevel'], destination?: LogDestination): Logger {
    const options: pino.LoggerOptions = {
        level,
        base: { service: 'cpms-helpdesk-bot' },
        redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
    };
    return destination ? pino(options, destination) : pino(options, pino.destination({ dest: 1, sync: true }));
}

/** The ids that say which turn a line belongs to: channel, conversation, activity (never user names or text). */
export function turnIds(context: Pick<TurnContext, 'activity'> | undefined): Record<string, string | undefined> {
    const activity = context?.activity;
    return { channel: activity?.channelId, conversation: activity?.conversation?.id, activity: activity?.id };
}

/**
 * What to log about an error: its class and code, and the first line of its message with URLs,
 * e-mail addresses and long tokens masked (a connector error names the service URL; an SMTP one
 * the server). The stack is left out: it can carry request bodies and keys.
 */
export function errorFields(error: unknown): { err: string; code?: string; detail: string } {
    const err = error instanceof Error ? error.name : typeof error;
    const code = error !== null && typeof error === 'object' && typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : undefined;
    const message = error instanceof Error ? error.message : String(error);
    const detail = maskDetail(message.split('\n')[0] ?? '');
    return code ? { err, code, detail } : { err, detail };
}

/** Masks URLs, e-mail addresses and long token-like runs in a log detail. */
export function maskDetail(text: string): string {
    return text
        .replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s'"]+/gi, '[url]')
        .replace(/[^\s@<>"']+@[^\s@<>"']+\.[a-z]{2,}/gi, '[email]')
        .replace(/[A-Za-z0-9_\-.]{40,}/g, '[token]')
        .slice(0, 300);
}
