import type { Activity } from 'botbuilder';
import { escapeUTF8 } from 'entities';
import type { TFunction } from 'i18next';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Config } from '../config';
import { isLanguage } from '../i18n';
import { JourneyState, Position, STEP_IDS, StepId, stepNumber, stepOf } from '../journey';
import { HELPDESK_LANGUAGE, mailTranslator } from './mailText';
import type { EscalationRequest } from './request';
import { multiLine, oneLine, truncate } from './text';
import { boundTranscript, formatUtc, TranscriptLine, transcriptLines } from './transcriptText';

/** Name as shown in the subject: enough to recognise, short enough for a ticket list. */
export const SUBJECT_NAME_MAX_CHARS = 60;
/** Name in the body and in Reply-To. */
export const NAME_MAX_CHARS = 200;
export const DESCRIPTION_MAX_CHARS = 4000;
/** Journey fields (network, hospital, profile, ...) from stored state. */
const FIELD_MAX_CHARS = 300;
export const UNANSWERED_MAX_ITEMS = 20;
const UNANSWERED_ITEM_MAX_CHARS = 300;

/** Everything the e-mail is made of; the transcript is `undefined` when it could not be read. */
export interface EscalationEmailInput {
    reference: string;
    createdAt: Date;
    request: EscalationRequest;
    activities: Partial<Activity>[] | undefined;
    /** `helpdeskLocale` (HELPDESK_LOCALE): the e-mail's language; English when absent. */
    config: Pick<Config, 'helpdeskMailbox' | 'mailFrom'> & Partial<Pick<Config, 'helpdeskLocale'>>;
}

/** A composed escalation: the raw RFC 5322 message and the SMTP envelope to send it with. */
export interface ComposedEscalationEmail {
    reference: string;
    messageId: string;
    subject: string;
    envelope: { from: string; to: string[] };
    raw: Buffer;
}

interface SummaryRow {
    label: string;
    /** One value, or several (shown as a list). */
    value: string | string[];
}

interface EmailParts {
    subject: string;
    text: string;
    html: string;
    transcript: string;
    transcriptFile: string;
    messageId: string;
}

/** Message-ID from the reference, so a duplicate delivery is recognisable as the same escalation. */
export function messageIdFor(reference: string, mailFrom: string): string {
    const domain = mailFrom.slice(mailFrom.lastIndexOf('@') + 1) || 'localhost';
    return `<${reference}@${domain}>`;
}

/**
 * The step the user is stuck at: where they are in the guide (what the escalation dialog
 * showed them), else the last step they said they were stuck at.
 */
export function stuckStep(journey: JourneyState): StepId | undefined {
    const here = journey.position ? stepOf(journey.position) : undefined;
    return here ?? journey.currentStep ?? journey.stuckAt[journey.stuckAt.length - 1];
}

function positionLabel(position: Position | undefined, t: TFunction): string {
    return position ? t(`position.${position}`) : t('notGiven');
}

/** `Step 3 of 4: Request access`, or `No step`. */
export function stepLabel(step: StepId | undefined, t: TFunction): string {
    if (!step) return t('step.none');
    return t('step.numbered', { number: stepNumber(step), total: STEP_IDS.length, title: t(`step.${step}`) });
}

function field(value: string | undefined, t: TFunction): string {
    const clean = oneLine(value ?? '');
    return clean === '' ? t('notGiven') : truncate(clean, FIELD_MAX_CHARS, t('truncated'));
}

function codedField(name: string | undefined, code: string | undefined, t: TFunction): string {
    if (!name && !code) return t('notGiven');
    return field(name && code ? `${name} (${code})` : (name ?? code), t);
}

function languageLabel(language: string, t: TFunction): string {
    const code = oneLine(language).toLowerCase().split(/[-_]/)[0].slice(0, 10);
    return isLanguage(code) ? `${t(`languages.${code}`)} (${code})` : t('languages.other', { code: code || '?' });
}

function displayName(name: string, t: TFunction): string {
    return truncate(oneLine(name), NAME_MAX_CHARS, t('truncated'));
}

function summaryRows(input: EscalationEmailInput, t: TFunction): SummaryRow[] {
    const { request, reference, createdAt } = input;
    const journey = request.journey;
    const unanswered = journey.unanswered
        .slice(-UNANSWERED_MAX_ITEMS)
        .map((q) => truncate(oneLine(q), UNANSWERED_ITEM_MAX_CHARS, t('truncated')))
        .filter((q) => q !== '');
    return [
        { label: t('summary.reference'), value: reference },
        { label: t('summary.time'), value: `${formatUtc(createdAt)} UTC` },
        { label: t('summary.name'), value: displayName(request.name, t) },
        { label: t('summary.email'), value: request.email },
        { label: t('summary.channel'), value: field(request.channelId, t) },
        { label: t('summary.language'), value: languageLabel(request.language, t) },
        { label: t('summary.path'), value: t(`path.${journey.path ?? 'unknown'}`) },
        { label: t('summary.network'), value: codedField(journey.ern?.label, journey.ern?.code, t) },
        { label: t('summary.country'), value: codedField(journey.country?.name, journey.country?.iso, t) },
        { label: t('summary.hospital'), value: codedField(journey.hospital?.name, journey.hospital?.code, t) },
        { label: t('summary.profile'), value: field(journey.profile, t) },
        { label: t('summary.stuckAt'), value: stepLabel(stuckStep(journey), t) },
        { label: t('summary.position'), value: positionLabel(journey.position, t) },
        {
            label: t('summary.saidStuck'),
            value: journey.stuckAt.length ? [...new Set(journey.stuckAt)].map((s) => stepLabel(s, t)) : t('none'),
        },
        {
            label: t('summary.completed'),
            value: journey.completed.length ? journey.completed.map((s) => stepLabel(s, t)) : t('none'),
        },
        { label: t('summary.repeated'), value: repeatedLines(journey, t) },
        { label: t('summary.unanswered'), value: unanswered.length ? unanswered : t('none') },
    ];
}

/** Where a question had to be asked again (the answer was not understood), most often first: "EU Login (3 times)". */
function repeatedLines(journey: JourneyState, t: TFunction): string[] | string {
    const entries = Object.entries(journey.repeated ?? {}).filter((e): e is [Position, number] => typeof e[1] === 'number' && e[1] > 0);
    if (entries.length === 0) return t('none');
    return entries.sort((a, b) => b[1] - a[1]).map(([position, times]) => t('repeatedTimes', { where: positionLabel(position, t), count: times }));
}

function speakerLabel(line: TranscriptLine, t: TFunction): string {
    return line.speaker === 'user' ? t('transcript.user') : t('transcript.bot');
}

function timeLabel(line: TranscriptLine): string {
    return line.time ? formatUtc(line.time) : '';
}

/** Plain-text transcript, also the `.txt` attachment: `[time] Speaker: text`, continuation lines indented. */
function transcriptPlain(lines: TranscriptLine[], omitted: number, t: TFunction): string {
    const out: string[] = [];
    if (omitted > 0) out.push(t('transcript.earlier', { count: omitted }));
    for (const line of lines) {
        const [first, ...rest] = line.text.split('\n');
        out.push(`[${timeLabel(line)}] ${speakerLabel(line, t)}: ${first}`);
        for (const more of rest) out.push(`    ${more}`);
    }
    return out.join('\n');
}

function heading(title: string): string {
    return `${title}\n${'='.repeat(title.length)}`;
}

function summaryPlain(rows: SummaryRow[]): string {
    // Align the single values; lists start on their own line and need no padding.
    const width = Math.max(...rows.filter((r) => !Array.isArray(r.value)).map((r) => r.label.length)) + 2;
    return rows
        .map((r) =>
            Array.isArray(r.value)
                ? [`${r.label}:`, ...r.value.map((v) => `  - ${v}`)].join('\n')
                : `${`${r.label}:`.padEnd(width)}${r.value}`,
        )
        .join('\n');
}

const html = escapeUTF8;
const CELL = 'padding:4px 10px 4px 0;vertical-align:top;text-align:left';
const PRE = 'white-space:pre-wrap;word-break:break-word';
/** The user's lines stand out from the bot's at a glance. */
const SPEAKER_COLOURS: Record<TranscriptLine['speaker'], string> = { user: '#0b5394', bot: '#555' };

function summaryHtml(rows: SummaryRow[]): string {
    const cells = rows.map((r) => {
        const value = Array.isArray(r.value)
            ? `<ul style="margin:0;padding-left:18px">${r.value.map((v) => `<li>${html(v)}</li>`).join('')}</ul>`
            : html(r.value);
        return `<tr><th style="${CELL};color:#555;font-weight:600">${html(r.label)}</th><td style="${CELL}">${value}</td></tr>`;
    });
    return `<table style="border-collapse:collapse" role="presentation">${cells.join('')}</table>`;
}

function transcriptHtml(lines: TranscriptLine[], omitted: number, t: TFunction): string {
    const rows = lines.map(
        (line) =>
            `<tr><td style="${CELL};color:#777;white-space:nowrap">${html(timeLabel(line))}</td>` +
            `<td style="${CELL};font-weight:600;color:${SPEAKER_COLOURS[line.speaker]}">${html(speakerLabel(line, t))}</td>` +
            `<td style="${CELL};${PRE}">${html(line.text)}</td></tr>`,
    );
    const earlier = omitted > 0 ? `<p><em>${html(t('transcript.earlier', { count: omitted }))}</em></p>` : '';
    return `${earlier}<table style="border-collapse:collapse;font-size:13px" role="presentation">${rows.join('')}</table>`;
}

/** The transcript as text, or the sentence that says why there is none. */
function transcriptBody(input: EscalationEmailInput, t: TFunction): { text: string; html: string } {
    if (!input.activities) {
        const sentence = t('transcript.unavailable', { reference: input.reference });
        return { text: sentence, html: `<p>${html(sentence)}</p>` };
    }
    const { lines, omitted } = boundTranscript(transcriptLines(input.activities, t));
    if (lines.length === 0) {
        const sentence = t('transcript.empty');
        return { text: sentence, html: `<p>${html(sentence)}</p>` };
    }
    return { text: transcriptPlain(lines, omitted, t), html: transcriptHtml(lines, omitted, t) };
}

/** Subject, bodies and attachment text of one escalation, in the helpdesk's language (English by default). */
export function renderEscalationEmail(input: EscalationEmailInput, t: TFunction = mailTranslator(input.config.helpdeskLocale)): EmailParts {
    const { request, reference } = input;
    const subject = oneLine(
        t('subject', {
            reference,
            step: stepLabel(stuckStep(request.journey), t),
            name: truncate(oneLine(request.name), SUBJECT_NAME_MAX_CHARS, '…'),
        }),
    );
    const rows = summaryRows(input, t);
    const description = truncate(multiLine(request.description), DESCRIPTION_MAX_CHARS, t('truncated'));
    const descriptionText = description === '' ? t('description.empty') : description;
    const transcriptFile = `${reference}-transcript.txt`;
    const transcript = transcriptBody(input, t);
    const note = t('transcript.attachmentNote', { file: transcriptFile });
    const text = [
        t('heading'),
        t('replyHint'),
        '',
        heading(t('summary.title')),
        summaryPlain(rows),
        '',
        heading(t('description.title')),
        descriptionText,
        '',
        heading(t('transcript.title')),
        note,
        '',
        transcript.text,
        '',
    ].join('\n');
    const htmlBody = [
        `<!doctype html><html lang="${html(input.config.helpdeskLocale ?? HELPDESK_LANGUAGE)}"><head><meta charset="utf-8">`,
        `<title>${html(subject)}</title></head>`,
        '<body style="font-family:Segoe UI,Helvetica,Arial,sans-serif;font-size:14px;color:#1b1b1b;line-height:1.4">',
        `<h2 style="margin:0 0 4px">${html(t('heading'))}</h2>`,
        `<p style="margin:0 0 16px;color:#555">${html(t('replyHint'))}</p>`,
        `<h3>${html(t('summary.title'))}</h3>`,
        summaryHtml(rows),
        `<h3>${html(t('description.title'))}</h3>`,
        `<div style="${PRE};border-left:3px solid #bbb;padding-left:10px">${html(descriptionText)}</div>`,
        `<h3>${html(t('transcript.title'))}</h3>`,
        `<p style="color:#555">${html(note)}</p>`,
        transcript.html,
        '</body></html>',
    ].join('\n');
    const fileHeader = t('transcript.fileHeader', { reference, channel: oneLine(request.channelId) });
    return {
        subject,
        text,
        html: htmlBody,
        transcript: `${fileHeader}\n\n${transcript.text}\n`,
        transcriptFile,
        messageId: messageIdFor(reference, input.config.mailFrom),
    };
}

/**
 * Renders and builds the complete message with nodemailer's MailComposer. Addresses are
 * address objects (never concatenated strings) and every header value is one sanitised line.
 */
export async function composeEscalationEmail(input: EscalationEmailInput): Promise<ComposedEscalationEmail> {
    const t = mailTranslator(input.config.helpdeskLocale);
    const parts = renderEscalationEmail(input, t);
    const { config, request, reference } = input;
    const composer = new MailComposer({
        from: { name: t('fromName'), address: config.mailFrom },
        to: [{ name: '', address: config.helpdeskMailbox }],
        replyTo: { name: displayName(request.name, t), address: request.email },
        subject: parts.subject,
        messageId: parts.messageId,
        date: input.createdAt,
        headers: { 'X-CPMS-Escalation-Reference': reference },
        text: parts.text,
        html: parts.html,
        attachments: [{ filename: parts.transcriptFile, content: parts.transcript, contentType: 'text/plain; charset=utf-8' }],
        // Nothing in an escalation may make the composer read files or fetch URLs.
        disableFileAccess: true,
        disableUrlAccess: true,
    });
    const raw = await composer.compile().build();
    return {
        reference,
        messageId: parts.messageId,
        subject: parts.subject,
        envelope: { from: config.mailFrom, to: [config.helpdeskMailbox] },
        raw,
    };
}
