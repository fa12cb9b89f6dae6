import { randomBytes, timingSafeEqual } from 'crypto';
import type { CloudAdapter, TurnContext } from 'botbuilder';
import type * as restify from 'restify';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { z } from 'zod';
import type { Config } from '../config';
import { errorFields, Logger, maskDetail } from '../log';
import type { Db } from '../storage/database';
import {
    activityForBot,
    botActivityForTranscript,
    ConversationAddress,
    conversationUpdateFor,
    parseBotActivity,
    parseUserActivity,
    userActivityForTranscript,
} from './activities';
import { AzureDirectLineError, generateAzureToken } from './azure';
import { applyCors, bearerToken, clientAddress, preflight, readJsonBody, sendError } from './http';
import { DirectLineLimits, DirectLineStore, DlConversation } from './store';
import { DirectLineTokens, isLocaleTag, loadTokenSecret, newUserId, PREVIOUS_TOKEN_MAX_AGE_SECONDS, TOKEN_LIFETIME_SECONDS, TokenClaims } from './tokens';
import { TurnQueue } from './turnQueue';

/** Where clients talk Direct Line 3.0 to the bot's own endpoint. */
export const DIRECT_LINE_PATH = '/v3/directline';
/** Where the page gets its token (from this bot, or exchanged at Azure). */
export const TOKEN_PATH = '/api/directline/token';
/**
 * The Bot Connector API the adapter calls on the activities' `serviceUrl` (which ends with
 * `/bot/<per-process secret>`). It answers under both prefixes so that a base of either
 * `http://host:port` or `http://host:port/v3/directline` works.
 */
const CONNECTOR_PREFIXES = ['', DIRECT_LINE_PATH] as const;

/** A client's activity (text up to MAX_MESSAGE_LENGTH, plus card values and channel data). */
const MIN_ACTIVITY_BODY_BYTES = 64 * 1024;
/** Bot activities carry cards and can be larger than what visitors type. */
const CONNECTOR_BODY_BYTES = 1024 * 1024;
const TOKEN_REQUEST_BYTES = 8 * 1024;
const IDLE_SWEEP_INTERVAL_MS = 60 * 60 * 1000;

/** The process logger (pino) or a part of it; lines carry ids and error codes only, never user text. */
export type DirectLineLogger = Pick<Logger, 'warn' | 'error'>;

/** What the app hands to {@link registerDirectLine}. */
export interface DirectLineOptions {
    /** botbuilder CloudAdapter of the app. */
    adapter: CloudAdapter;
    /** `bot.run(context)`. */
    logic: (context: TurnContext) => Promise<void>;
    /** Shared database: Direct Line conversations and activities live here, so a restart loses nothing. */
    db: Db;
    /** dataDir, directLineSecret, directLineEndpoint, directLineTokenSecret, microsoftAppId, maxMessageLength. */
    config: Config;
    /**
     * The base the bot reaches this server at (known after listen), e.g.
     * `http://127.0.0.1:3978/v3/directline`; set as `serviceUrl` on the activities.
     */
    serviceUrl: () => string;
    /** Optional bounds (activities per conversation, idle expiry…). */
    limits?: Partial<DirectLineLimits>;
    /** Optional clock, for tests of expiry. */
    now?: () => number;
    /** Where failures are reported (the app passes a child of its pino logger). */
    logger: DirectLineLogger;
    /** Tokens and conversations per client address and minute (`config.rateLimits` when not given). */
    rateLimits?: { tokensPerMinute: number; conversationsPerMinute: number };
}

/** Returned by {@link registerDirectLine}. */
export interface DirectLineHandle {
    /** Stops the idle-conversation sweep (the database stays open: the app owns it). */
    close(): void;
    /** Deletes idle conversations now; returns how many. Runs hourly on its own. */
    expireIdle(): number;
    /** Resolves once the turns already queued have run (shutdown). */
    drain(): Promise<void>;
}

const tokenRequestSchema = z.object({
    previousToken: z.string().max(4096).optional(),
    locale: z.string().refine(isLocaleTag).optional(),
});

const startConversationSchema = z.object({ locale: z.string().optional() }).loose();

/** Everything the route handlers share. */
interface Channel {
    options: DirectLineOptions;
    store: DirectLineStore;
    tokens: DirectLineTokens;
    turns: TurnQueue;
    logger: DirectLineLogger;
    now: () => number;
    /** Why the local endpoint cannot run turns, if it cannot. */
    unavailable?: string;
    /**
     * Per-process secret in the service URL the bot replies to: only the bot itself knows where
     * to post activities shown as the bot's (a local socket proves nothing).
     */
    connectorSecret: string;
    tokenLimiter: RateLimiterMemory;
    conversationLimiter: RateLimiterMemory;
}

/**
 * Serves the web chat's token endpoint and, without `DIRECT_LINE_SECRET`, a Direct Line 3.0
 * endpoint of the bot's own under `/v3/directline` (polling; no Azure needed), plus the Bot
 * Connector routes through which the adapter delivers the bot's activities (also proactive ones).
 * Routes read their own bodies: no body parser is needed in front of them.
 */
export function registerDirectLine(server: restify.Server, options: DirectLineOptions): DirectLineHandle {
    if (!options.adapter) throw new Error("[DirectLine] missing 'adapter'");
    if (!options.db) throw new Error("[DirectLine] missing 'db'");
    const now = options.now ?? Date.now;
    const limits = options.rateLimits ?? options.config.rateLimits;
    const channel: Channel = {
        options,
        store: new DirectLineStore(options.db, options.limits, now),
        tokens: new DirectLineTokens(loadTokenSecret(options.config)),
        turns: new TurnQueue(),
        logger: options.logger,
        now,
        connectorSecret: randomBytes(32).toString('base64url'),
        tokenLimiter: new RateLimiterMemory({ points: limits.tokensPerMinute, duration: 60 }),
        conversationLimiter: new RateLimiterMemory({ points: limits.conversationsPerMinute, duration: 60 }),
        unavailable:
            options.config.directLineSecret === '' && options.config.microsoftAppId !== ''
                ? 'This bot has a MicrosoftAppId, so its own Direct Line cannot authenticate to it: set DIRECT_LINE_SECRET (Azure Direct Line) for the web chat.'
                : undefined,
    };
    if (channel.unavailable) channel.logger.warn(channel.unavailable);

    server.opts(TOKEN_PATH, preflight);
    server.post(TOKEN_PATH, async (req: restify.Request, res: restify.Response) => issueToken(channel, req, res));
    if (options.config.directLineSecret === '') registerLocalEndpoint(server, channel);

    channel.store.expireIdle();
    const sweep = setInterval(() => expireIdleSafely(channel), IDLE_SWEEP_INTERVAL_MS);
    sweep.unref();
    return {
        close: () => clearInterval(sweep),
        expireIdle: () => channel.store.expireIdle(),
        drain: () => drainTurns(channel.turns),
    };
}

/** Longest wait for queued Direct Line turns at shutdown. */
const DRAIN_TIMEOUT_MS = 10_000;

/** Resolves once no Direct Line turn is running or queued (or after {@link DRAIN_TIMEOUT_MS}). */
async function drainTurns(turns: TurnQueue): Promise<void> {
    const until = Date.now() + DRAIN_TIMEOUT_MS;
    while (turns.size > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 25));
}

/**
 * Takes one point from `limiter` for `key`; when none is left answers 429 with `Retry-After`
 * and returns false.
 */
async function withinLimit(limiter: RateLimiterMemory, key: string, res: restify.Response, what: string): Promise<boolean> {
    try {
        await limiter.consume(key);
        return true;
    } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        res.header('Retry-After', String(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000))));
        sendError(res, 429, 'TooManyRequests', `Too many ${what}; please wait a minute and try again`);
        return false;
    }
}

/** processActivityDirect wraps errors with a stack: keep the log to one line. */
function firstLine(err: unknown): string {
    const text = maskDetail(err instanceof Error ? err.message : String(err));
    return text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('CloudAdapter.processActivityDirect')).slice(0, 1).join('') || 'unknown error';
}

function expireIdleSafely(channel: Channel): void {
    try {
        channel.store.expireIdle();
    } catch (err) {
        channel.logger.error(errorFields(err), 'idle sweep failed');
    }
}

function registerLocalEndpoint(server: restify.Server, channel: Channel): void {
    const conversations = `${DIRECT_LINE_PATH}/conversations`;
    for (const path of [conversations, `${conversations}/:conversationId`, `${conversations}/:conversationId/activities`, `${DIRECT_LINE_PATH}/tokens/refresh`]) {
        server.opts(path, preflight);
    }
    server.post(conversations, async (req: restify.Request, res: restify.Response) => startConversation(channel, req, res));
    server.get(`${conversations}/:conversationId`, async (req: restify.Request, res: restify.Response) => reconnect(channel, req, res));
    server.get(`${conversations}/:conversationId/activities`, async (req: restify.Request, res: restify.Response) => getActivities(channel, req, res));
    server.post(`${conversations}/:conversationId/activities`, async (req: restify.Request, res: restify.Response) => postActivity(channel, req, res));
    server.post(`${DIRECT_LINE_PATH}/tokens/refresh`, async (req: restify.Request, res: restify.Response) => refreshToken(channel, req, res));
    for (const prefix of CONNECTOR_PREFIXES) {
        const base = `${prefix}/bot/:connectorSecret/v3/conversations/:conversationId/activities`;
        server.post(base, async (req: restify.Request, res: restify.Response) => receiveBotActivity(channel, req, res));
        server.post(`${base}/:activityId`, async (req: restify.Request, res: restify.Response) => receiveBotActivity(channel, req, res));
    }
}

// ---- token endpoint ------------------------------------------------------------------------

async function issueToken(channel: Channel, req: restify.Request, res: restify.Response): Promise<void> {
    applyCors(res);
    res.header('Cache-Control', 'no-store');
    if (!(await withinLimit(channel.tokenLimiter, clientAddress(req), res, 'token requests'))) return;
    const body = await readJsonBody(req, res, TOKEN_REQUEST_BYTES);
    if (!body.ok) return sendError(res, body.status, body.code, body.message);
    const parsed = tokenRequestSchema.safeParse(body.value ?? {});
    if (!parsed.success) return sendError(res, 400, 'BadArgument', 'Expected {"previousToken"?: string, "locale"?: language tag}');
    let previous: TokenClaims | undefined;
    if (parsed.data.previousToken !== undefined) {
        // A returning visitor keeps their id only with a token this bot signed (expired for up to
        // PREVIOUS_TOKEN_MAX_AGE_SECONDS: a stolen token of any age must not be renewable forever).
        const verified = channel.tokens.verify(parsed.data.previousToken, { expiredForAtMost: PREVIOUS_TOKEN_MAX_AGE_SECONDS, now: channel.now() });
        if (!verified.ok) return sendError(res, 401, 'Unauthorized', 'The previous token is not valid; ask again without it');
        previous = verified.claims;
    }
    const user = previous?.user ?? newUserId();
    const locale = parsed.data.locale ?? previous?.locale;
    const identityToken = channel.tokens.issue({ user, locale });
    const { config } = channel.options;
    if (config.directLineSecret !== '') {
        try {
            const azure = await generateAzureToken(config, user);
            res.send(200, {
                token: azure.token,
                conversationId: azure.conversationId,
                expires_in: azure.expiresIn ?? TOKEN_LIFETIME_SECONDS,
                domain: config.directLineEndpoint,
                userId: user,
                identityToken,
            });
        } catch (err) {
            channel.logger.error(errorFields(err), 'Azure Direct Line token exchange failed');
            const message = err instanceof AzureDirectLineError ? 'Direct Line is not reachable right now' : 'Token exchange failed';
            sendError(res, 502, 'DirectLineUnavailable', message);
        }
        return;
    }
    if (channel.unavailable) return sendError(res, 503, 'DirectLineUnavailable', channel.unavailable);
    res.send(200, { token: identityToken, expires_in: TOKEN_LIFETIME_SECONDS, userId: user, identityToken });
}

// ---- client side: Direct Line 3.0 ----------------------------------------------------------

/** Checks the bearer token; answers 401 (missing, forged) or 403 (expired, as Azure does) itself. */
function authenticate(channel: Channel, req: restify.Request, res: restify.Response): TokenClaims | undefined {
    applyCors(res);
    const token = bearerToken(req);
    if (!token) {
        sendError(res, 401, 'Unauthorized', 'Missing "Authorization: Bearer <token>" header');
        return undefined;
    }
    const verified = channel.tokens.verify(token);
    if (verified.ok) return verified.claims;
    if (verified.reason === 'expired') sendError(res, 403, 'TokenExpired', 'The token has expired; get a new one');
    else sendError(res, 401, 'Unauthorized', 'The token is not valid');
    return undefined;
}

function ownedConversation(channel: Channel, req: restify.Request, res: restify.Response, claims: TokenClaims): DlConversation | undefined {
    const conversation = channel.store.getConversation(String(req.params.conversationId ?? ''));
    if (!conversation) {
        sendError(res, 404, 'BadArgument', 'Unknown conversation');
        return undefined;
    }
    if (conversation.userId !== claims.user) {
        sendError(res, 403, 'Forbidden', 'This token does not belong to the conversation');
        return undefined;
    }
    return conversation;
}

function addressOf(channel: Channel, conversation: DlConversation): ConversationAddress {
    return {
        conversationId: conversation.id,
        userId: conversation.userId,
        serviceUrl: `${channel.options.serviceUrl().replace(/\/+$/, '')}/bot/${channel.connectorSecret}`,
        locale: conversation.locale,
    };
}

function runTurn(channel: Channel, conversationId: string, activity: Parameters<CloudAdapter['processActivityDirect']>[1]): Promise<void> {
    const { adapter, logic } = channel.options;
    // An empty auth header is what an unsigned channel sends; the adapter accepts it when the app id is empty.
    return channel.turns.run(conversationId, () => adapter.processActivityDirect('', activity, logic));
}

async function startConversation(channel: Channel, req: restify.Request, res: restify.Response): Promise<void> {
    const claims = authenticate(channel, req, res);
    if (!claims) return;
    if (!(await withinLimit(channel.conversationLimiter, clientAddress(req), res, 'new conversations'))) return;
    const body = await readJsonBody(req, res, TOKEN_REQUEST_BYTES);
    if (!body.ok) return sendError(res, body.status, body.code, body.message);
    const parsed = startConversationSchema.safeParse(body.value ?? {});
    if (!parsed.success) return sendError(res, 400, 'BadArgument', 'Expected a JSON object such as {"user":{}}');
    const locale = isLocaleTag(parsed.data.locale) ? parsed.data.locale : claims.locale;
    const conversation = channel.store.createConversation(claims.user, locale);
    const address = addressOf(channel, conversation);
    // Queued, not awaited: the visitor's first message waits behind it in the same queue.
    runTurn(channel, conversation.id, conversationUpdateFor(address, new Date(channel.now()))).catch((err: unknown) =>
        channel.logger.error({ conversation: conversation.id, detail: firstLine(err) }, 'conversationUpdate turn failed'),
    );
    res.send(201, {
        conversationId: conversation.id,
        token: channel.tokens.issue({ user: claims.user, locale }),
        expires_in: TOKEN_LIFETIME_SECONDS,
    });
}

async function reconnect(channel: Channel, req: restify.Request, res: restify.Response): Promise<void> {
    const claims = authenticate(channel, req, res);
    if (!claims) return;
    const conversation = ownedConversation(channel, req, res, claims);
    if (!conversation) return;
    res.send(200, {
        conversationId: conversation.id,
        token: channel.tokens.issue({ user: claims.user, locale: claims.locale }),
        expires_in: TOKEN_LIFETIME_SECONDS,
    });
}

function queryParam(req: restify.Request, name: string): string | undefined {
    return new URL(req.url ?? '/', 'http://localhost').searchParams.get(name) ?? undefined;
}

async function getActivities(channel: Channel, req: restify.Request, res: restify.Response): Promise<void> {
    const claims = authenticate(channel, req, res);
    if (!claims) return;
    const conversation = ownedConversation(channel, req, res, claims);
    if (!conversation) return;
    res.header('Cache-Control', 'no-store');
    res.send(200, channel.store.activitiesAfter(conversation.id, queryParam(req, 'watermark')));
}

async function postActivity(channel: Channel, req: restify.Request, res: restify.Response): Promise<void> {
    const claims = authenticate(channel, req, res);
    if (!claims) return;
    const conversation = ownedConversation(channel, req, res, claims);
    if (!conversation) return;
    const maxBytes = Math.max(MIN_ACTIVITY_BODY_BYTES, channel.options.config.maxMessageLength * 4 + 16 * 1024);
    const body = await readJsonBody(req, res, maxBytes);
    if (!body.ok) return sendError(res, body.status, body.code, body.message);
    if (body.value === undefined) return sendError(res, 400, 'BadArgument', 'Missing activity in the request body');
    const parsed = parseUserActivity(body.value, channel.options.config.maxMessageLength);
    if (!parsed.ok) return sendError(res, 400, 'BadArgument', parsed.message);
    const address = addressOf(channel, conversation);
    const at = new Date(channel.now());
    const transcriptActivity = userActivityForTranscript(parsed.value, address, at);
    // Typing indicators reach the bot but are not kept: they would crowd out real messages.
    const stored =
        parsed.value.type === 'typing'
            ? { ...transcriptActivity, id: `${conversation.id}|typing-${at.getTime()}` }
            : channel.store.append(conversation.id, transcriptActivity);
    try {
        await runTurn(channel, conversation.id, activityForBot(stored, address));
    } catch (err) {
        channel.logger.error({ conversation: conversation.id, detail: firstLine(err) }, 'turn failed');
        return sendError(res, 502, 'BotError', 'The bot could not process the activity');
    }
    res.send(200, { id: stored.id });
}

async function refreshToken(channel: Channel, req: restify.Request, res: restify.Response): Promise<void> {
    const claims = authenticate(channel, req, res);
    if (!claims) return;
    res.header('Cache-Control', 'no-store');
    res.send(200, { token: channel.tokens.issue(claims), expires_in: TOKEN_LIFETIME_SECONDS });
}

// ---- bot side: Bot Connector API -----------------------------------------------------------

async function receiveBotActivity(channel: Channel, req: restify.Request, res: restify.Response): Promise<void> {
    // Only the bot in this process knows the secret in its service URL (a local socket proves
    // nothing: any local program, and a request through a local proxy, comes from loopback too).
    if (!hasConnectorSecret(req, channel.connectorSecret)) return sendError(res, 403, 'Forbidden', 'The connector API only answers the bot itself');
    const conversation = channel.store.getConversation(String(req.params.conversationId ?? ''));
    if (!conversation) return sendError(res, 404, 'ConversationNotFound', 'Unknown conversation');
    const body = await readJsonBody(req, res, CONNECTOR_BODY_BYTES);
    if (!body.ok) return sendError(res, body.status, body.code, body.message);
    const parsed = parseBotActivity(body.value);
    if (!parsed.ok) return sendError(res, 400, 'BadArgument', parsed.message);
    const activity = parsed.value;
    if (!activity.replyToId && typeof req.params.activityId === 'string') activity.replyToId = req.params.activityId;
    const stored = channel.store.append(
        conversation.id,
        botActivityForTranscript(activity, addressOf(channel, conversation), new Date(channel.now()), (id) =>
            channel.store.hasActivity(conversation.id, id),
        ),
    );
    res.send(200, { id: stored.id });
}

/** Constant-time comparison of the secret in the connector route. */
function hasConnectorSecret(req: restify.Request, secret: string): boolean {
    const param: unknown = req.params.connectorSecret;
    if (typeof param !== 'string') return false;
    const given = Buffer.from(param);
    const expected = Buffer.from(secret);
    return given.length === expected.length && timingSafeEqual(given, expected);
}
