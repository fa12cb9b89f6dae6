import { randomUUID } from 'crypto';
import type { Activity, ChannelAccount } from 'botbuilder';
import { z } from 'zod';
import { isLocaleTag } from './tokens';

/** Channel id the bot sees for conversations of its own Direct Line (Azure's uses the same). */
export const CHANNEL_ID = 'directline';
/** How the bot appears in Direct Line conversations. */
export const BOT_ACCOUNT: ChannelAccount = { id: 'cpms-helpdesk-bot', name: 'CPMS access assistant', role: 'bot' };

const MAX_NAME_LENGTH = 100;
const MAX_EVENT_NAME_LENGTH = 200;
const MAX_ENTITIES = 20;
const MAX_ATTACHMENTS = 10;

const objectRecord = z.record(z.string(), z.unknown());

/** What a client may post; anything else in the body is dropped, never forwarded. */
const userActivitySchema = z.object({
    type: z.enum(['message', 'event', 'typing'], { message: "type must be 'message', 'event' or 'typing'" }),
    text: z.string().optional(),
    textFormat: z.enum(['plain', 'markdown', 'xml']).optional(),
    locale: z.string().refine(isLocaleTag, { message: 'locale must be a language tag such as ro-RO' }).optional(),
    from: z.object({ id: z.string().max(256).optional(), name: z.string().max(MAX_NAME_LENGTH).optional() }).optional(),
    name: z.string().max(MAX_EVENT_NAME_LENGTH).optional(),
    value: z.unknown().optional(),
    channelData: objectRecord.optional(),
    entities: z.array(objectRecord).max(MAX_ENTITIES).optional(),
    // Only inline content (cards): a contentUrl would make the bot fetch what a visitor chose.
    attachments: z
        .array(z.object({ contentType: z.string().min(1).max(255), content: z.unknown().optional(), name: z.string().max(255).optional() }))
        .max(MAX_ATTACHMENTS)
        .optional(),
});

/** A client activity after validation (unknown fields dropped). */
export type UserActivityInput = z.infer<typeof userActivitySchema>;

/** Activities the bot sends through the Bot Connector API: kept as they are, type required. */
const botActivitySchema = z.looseObject({
    type: z.string().min(1).max(64),
    replyToId: z.string().max(512).optional(),
});

/** A parsed value, or the sentence that says what is wrong (sent back with a 400). */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

function firstIssue(error: z.ZodError): string {
    const issue = error.issues[0];
    const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return `${where}${issue.message}`;
}

/** Validates what a client posts to a conversation; text is limited to `maxTextLength`. */
export function parseUserActivity(body: unknown, maxTextLength: number): ParseResult<UserActivityInput> {
    const parsed = userActivitySchema.safeParse(body);
    if (!parsed.success) return { ok: false, message: `Invalid activity: ${firstIssue(parsed.error)}` };
    if (parsed.data.text !== undefined && parsed.data.text.length > maxTextLength) {
        return { ok: false, message: `Invalid activity: text is longer than ${maxTextLength} characters` };
    }
    return { ok: true, value: parsed.data };
}

/** Validates what the bot posts through the connector API: any activity with a type. */
export function parseBotActivity(body: unknown): ParseResult<Partial<Activity>> {
    const parsed = botActivitySchema.safeParse(body);
    if (!parsed.success) return { ok: false, message: `Invalid activity: ${firstIssue(parsed.error)}` };
    return { ok: true, value: parsed.data as Partial<Activity> };
}

/** Fields every activity of a conversation shares, as the bot sees them. */
export interface ConversationAddress {
    conversationId: string;
    userId: string;
    serviceUrl: string;
    locale?: string;
}

function userAccount(address: ConversationAddress, name?: string): ChannelAccount {
    return name ? { id: address.userId, name, role: 'user' } : { id: address.userId, name: '', role: 'user' };
}

/** The activity as stored and echoed back to the client (no internal service URL). */
export function userActivityForTranscript(input: UserActivityInput, address: ConversationAddress, at: Date): Partial<Activity> {
    const activity: Partial<Activity> = {
        type: input.type,
        channelId: CHANNEL_ID,
        conversation: { id: address.conversationId, isGroup: false, conversationType: 'personal', name: '' },
        from: userAccount(address, input.from?.name),
        recipient: BOT_ACCOUNT,
        timestamp: at,
        locale: input.locale ?? address.locale,
    };
    if (input.text !== undefined) activity.text = input.text;
    if (input.textFormat) activity.textFormat = input.textFormat;
    if (input.name !== undefined) activity.name = input.name;
    if (input.value !== undefined) activity.value = input.value;
    if (input.channelData) activity.channelData = input.channelData;
    if (input.entities) activity.entities = input.entities as Activity['entities'];
    if (input.attachments) activity.attachments = input.attachments;
    return activity;
}

/** The stored user activity with what the bot needs to reply (service URL). */
export function activityForBot(stored: Partial<Activity>, address: ConversationAddress): Activity {
    return { ...stored, serviceUrl: address.serviceUrl } as Activity;
}

/** Sent to the bot right after a conversation is created, as Azure's Direct Line does. */
export function conversationUpdateFor(address: ConversationAddress, at: Date): Activity {
    const user = userAccount(address);
    return {
        type: 'conversationUpdate',
        id: randomUUID(),
        channelId: CHANNEL_ID,
        serviceUrl: address.serviceUrl,
        conversation: { id: address.conversationId, isGroup: false, conversationType: 'personal', name: '' },
        from: user,
        recipient: BOT_ACCOUNT,
        membersAdded: [BOT_ACCOUNT, user],
        timestamp: at,
        locale: address.locale,
    } as Activity;
}

/**
 * A bot activity ready for the transcript: conversation and channel set, `from` defaulted,
 * the service URL removed, and a `replyToId` this channel never issued dropped (proactive
 * messages carry one; Web Chat would otherwise hold them back waiting for it).
 */
export function botActivityForTranscript(
    activity: Partial<Activity>,
    address: ConversationAddress,
    at: Date,
    knownReplyTo: (id: string) => boolean,
): Partial<Activity> {
    const { serviceUrl: _internal, replyToId, ...rest } = activity;
    const result: Partial<Activity> = {
        ...rest,
        channelId: CHANNEL_ID,
        conversation: { id: address.conversationId, isGroup: false, conversationType: 'personal', name: '' },
        from: activity.from?.id ? { ...activity.from, role: 'bot' } : BOT_ACCOUNT,
        recipient: userAccount(address),
        timestamp: at,
    };
    if (replyToId && knownReplyTo(replyToId)) result.replyToId = replyToId;
    return result;
}
