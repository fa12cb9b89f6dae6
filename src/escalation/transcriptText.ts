import type { Activity, Attachment, CardAction } from 'botbuilder';
import type { TFunction } from 'i18next';
import { multiLine, truncate } from './text';
import { isFromUser } from './transcriptStore';

/** One rendered line of the transcript. */
export interface TranscriptLine {
    /** Activity time; absent when the activity carried none. */
    time?: Date;
    speaker: 'user' | 'bot';
    text: string;
}

/** A single message longer than this is cut (a pasted log, a huge card). */
export const TRANSCRIPT_LINE_MAX_CHARS = 2000;
/** Whole transcript budget; the oldest lines go first because the end is where the user got stuck. */
export const TRANSCRIPT_MAX_CHARS = 60000;
/** Form values (`activity.value`) are shown as compact JSON up to this length. */
const FORM_VALUE_MAX_CHARS = 500;

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
const BOT_FRAMEWORK_CARD_PREFIX = 'application/vnd.microsoft.card.';
/** Adaptive Card properties holding nested elements. */
const ADAPTIVE_CONTAINERS = ['body', 'items', 'columns', 'inlines', 'card'] as const;

type Json = Record<string, unknown>;

function asRecord(value: unknown): Json | undefined {
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function asString(value: unknown): string {
    return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

/** Cards sometimes arrive as a JSON string rather than an object. */
function cardContent(content: unknown): Json | undefined {
    if (typeof content !== 'string') return asRecord(content);
    try {
        return asRecord(JSON.parse(content));
    } catch {
        return undefined;
    }
}

function buttonsLine(titles: string[], t: TFunction): string | undefined {
    const shown = titles.map((s) => s.trim()).filter(Boolean);
    return shown.length ? `${t('transcript.buttons')}: ${shown.map((s) => `[${s}]`).join(' ')}` : undefined;
}

function actionTitles(actions: unknown): string[] {
    return Array.isArray(actions) ? actions.map((a) => asString(asRecord(a)?.title) || asString(asRecord(a)?.value)) : [];
}

/** Adaptive Card elements as text: text blocks, facts, input labels, choices; buttons collected apart. */
function adaptiveElementLines(element: Json, t: TFunction, buttons: string[]): string[] {
    const lines: string[] = [];
    const type = asString(element.type);
    if (type === 'TextBlock' || type === 'TextRun') lines.push(asString(element.text));
    if (type === 'FactSet' && Array.isArray(element.facts)) {
        for (const fact of element.facts) lines.push(`${asString(asRecord(fact)?.title)}: ${asString(asRecord(fact)?.value)}`);
    }
    if (type.startsWith('Input.')) {
        const label = asString(element.label) || asString(element.placeholder) || asString(element.id);
        lines.push(`[${t('transcript.input')}: ${label}]`);
        if (Array.isArray(element.choices)) buttons.push(...element.choices.map((c) => asString(asRecord(c)?.title)));
    }
    if (Array.isArray(element.actions)) buttons.push(...actionTitles(element.actions));
    if (type.startsWith('Action.') && element.title !== undefined) buttons.push(asString(element.title));
    for (const key of ADAPTIVE_CONTAINERS) {
        const nested = element[key];
        const children = Array.isArray(nested) ? nested : nested !== undefined ? [nested] : [];
        for (const child of children) {
            const record = asRecord(child);
            if (record) lines.push(...adaptiveElementLines(record, t, buttons));
            else if (typeof child === 'string') lines.push(child);
        }
    }
    return lines;
}

function adaptiveCardText(card: Json, t: TFunction): string {
    const buttons: string[] = [];
    const lines = adaptiveElementLines(card, t, buttons).filter((l) => l.trim() !== '');
    const buttonLine = buttonsLine(buttons, t);
    return [`${t('transcript.card')}:`, ...lines, ...(buttonLine ? [buttonLine] : [])].join('\n');
}

/** Hero, thumbnail, receipt, sign-in and media cards share title/subtitle/text/facts/buttons. */
function botFrameworkCardText(card: Json, t: TFunction): string {
    const title = [asString(card.title), asString(card.subtitle)].filter(Boolean).join(' - ');
    const lines = [`${t('transcript.card')}:${title ? ` ${title}` : ''}`];
    if (asString(card.text)) lines.push(asString(card.text));
    if (Array.isArray(card.facts)) {
        for (const fact of card.facts) lines.push(`${asString(asRecord(fact)?.key)}: ${asString(asRecord(fact)?.value)}`);
    }
    const buttons = buttonsLine(actionTitles(card.buttons), t);
    if (buttons) lines.push(buttons);
    return lines.join('\n');
}

function attachmentText(attachment: Attachment, t: TFunction): string {
    const type = attachment.contentType ?? '';
    const card = cardContent(attachment.content);
    if (type === ADAPTIVE_CARD && card) return adaptiveCardText(card, t);
    if (type.startsWith(BOT_FRAMEWORK_CARD_PREFIX) && card) return botFrameworkCardText(card, t);
    const name = attachment.name ? `${attachment.name} ` : '';
    return `[${t('transcript.attachment')}: ${name}(${type || 'unknown'})]`;
}

function suggestedActionsText(actions: CardAction[] | undefined, t: TFunction): string | undefined {
    return actions ? buttonsLine(actions.map((a) => asString(a.title) || asString(a.value)), t) : undefined;
}

/** A form submitted from a card, when the message has no text of its own. */
function formValueText(value: unknown, t: TFunction): string | undefined {
    if (value === undefined || value === null) return undefined;
    const json = typeof value === 'string' ? value : JSON.stringify(value);
    return `[${t('transcript.form')}: ${truncate(json, FORM_VALUE_MAX_CHARS, t('truncated'))}]`;
}

function messageText(activity: Partial<Activity>, t: TFunction): string {
    const parts: string[] = [];
    if (activity.text) parts.push(activity.text);
    for (const attachment of activity.attachments ?? []) parts.push(attachmentText(attachment, t));
    const suggested = suggestedActionsText(activity.suggestedActions?.actions, t);
    if (suggested) parts.push(suggested);
    if (!activity.text) {
        const form = formValueText(activity.value, t);
        if (form) parts.push(form);
    }
    return parts.join('\n');
}

function activityText(activity: Partial<Activity>, t: TFunction): string | undefined {
    switch (activity.type) {
        case 'message':
            return messageText(activity, t);
        case 'messageUpdate':
            return `${t('transcript.edited')} ${messageText(activity, t)}`;
        case 'messageDelete':
            return t('transcript.deleted');
        default:
            return undefined;
    }
}

function timeOf(activity: Partial<Activity>): Date | undefined {
    if (!activity.timestamp) return undefined;
    const time = new Date(activity.timestamp);
    return Number.isFinite(time.getTime()) ? time : undefined;
}

/** Activities (both directions, oldest first) as transcript lines; cards become text. */
export function transcriptLines(activities: Partial<Activity>[], t: TFunction): TranscriptLine[] {
    const lines: TranscriptLine[] = [];
    for (const activity of activities) {
        const raw = activityText(activity, t);
        if (raw === undefined) continue;
        const text = truncate(multiLine(raw), TRANSCRIPT_LINE_MAX_CHARS, t('truncated'));
        if (text === '') continue;
        lines.push({ time: timeOf(activity), speaker: isFromUser(activity) ? 'user' : 'bot', text });
    }
    return lines;
}

/**
 * Keeps the newest lines that fit {@link TRANSCRIPT_MAX_CHARS}; resolves with how many older
 * lines were left out so the e-mail can say so.
 */
export function boundTranscript(lines: TranscriptLine[]): { lines: TranscriptLine[]; omitted: number } {
    let budget = TRANSCRIPT_MAX_CHARS;
    let start = lines.length;
    while (start > 0 && budget - lines[start - 1].text.length >= 0) {
        budget -= lines[start - 1].text.length;
        start--;
    }
    return { lines: lines.slice(start), omitted: start };
}

/** `2026-11-23 10:15:02` (UTC). */
export function formatUtc(time: Date): string {
    return time.toISOString().slice(0, 19).replace('T', ' ');
}
