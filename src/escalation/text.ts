/**
 * Text hygiene for anything a user typed that ends up in an e-mail or a log line.
 */

/** C0/C1 controls, DEL, Unicode line/paragraph separators. */
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
/** Controls except tab and line feed, for multi-line bodies. */
const CONTROL_CHARS_KEEP_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;
/** Bidirectional overrides/isolates: they can make a header read differently from what it is. */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;
/** Good enough to find addresses inside error messages; not a validator. */
const EMAIL_LIKE = /[^\s<>()[\]"',;:@]+@[^\s<>()[\]"',;:@]+/g;

export const REDACTED_ADDRESS = '[address]';

/** One line, safe for a header: no control characters at all, spaces collapsed. */
export function oneLine(value: string): string {
    return value.replace(CONTROL_CHARS, ' ').replace(BIDI_CONTROLS, '').replace(/\s+/g, ' ').trim();
}

/** Several lines: CRLF/CR become LF, other control characters go, trailing spaces trimmed. */
export function multiLine(value: string): string {
    return value
        .replace(/\r\n?/g, '\n')
        .replace(CONTROL_CHARS_KEEP_LINES, ' ')
        .replace(/[ \t]+\n/g, '\n')
        .replace(/\n{3,}/g, '\n\n')
        .trim();
}

/**
 * Cuts `value` to at most `max` characters and appends `marker` (visible, e.g. "[…] truncated")
 * when it cut; never splits a surrogate pair.
 */
export function truncate(value: string, max: number, marker: string): string {
    if (value.length <= max) return value;
    let cut = value.slice(0, max);
    const last = cut.charCodeAt(cut.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
    return `${cut.trimEnd()} ${marker}`;
}

/** Error messages from SMTP servers quote addresses; logs must not. */
export function redactAddresses(value: string): string {
    return value.replace(EMAIL_LIKE, REDACTED_ADDRESS);
}
