import * as restify from 'restify';
import { AddressInfo } from 'net';
import { setImmediate as yieldToEventLoop } from 'timers/promises';
import { Activity, ActivityTypes, CloudAdapter, MessageFactory, Middleware, TurnContext } from 'botbuilder';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Config } from './config';
import { BotAdapter, createAdapter, createTurnErrorHandler, TypingIndicatorMiddleware } from './adapter';
import { createLogger, errorFields, Logger, turnIds } from './log';
import { resolveLanguage, translator } from './i18n';
import { createRuntime, Runtime } from './runtime';
import { registerDirectLine, DirectLineHandle } from './directline/directLine';
import { readJsonBody, sendError } from './directline/http';
import { registerWebRoutes } from './web/webRoutes';
import { ChannelTimeoutMiddleware } from './channelCalls';

/** Largest Bot Framework request accepted (cards make activities bigger than their text). */
const MAX_ACTIVITY_BYTES = 512 * 1024;
/** How often transcripts and feedback past the retention period are deleted. */
const RETENTION_SWEEP_MS = 24 * 60 * 60 * 1000;
/** Typing indicator for slow turns (catalogue reload, SMTP-backed escalation). */
const TYPING_DELAY_MS = 600;
const TYPING_PERIOD_MS = 2000;
/** Longest wait at shutdown for the turns already running. */
const DRAIN_TIMEOUT_MS = 10_000;
/**
 * Longest a warm-up piece waits for the turns in progress to finish. Under steady traffic the
 * bot is never idle, and a warm-up that only ran when idle would never end: the first FAQ
 * question would then build every index at once, in one block of seconds.
 */
const WARM_UP_MAX_WAIT_MS = 100;
/**
 * How long an idle keep-alive connection stays open (Node's default is 5 s). Clients and proxies
 * reuse a connection until their own idle limit, taken from this one minus a margin; when one
 * turn blocks the process for a moment right at that limit, the server can close a connection
 * on which the next request is already on its way, and that request fails with ECONNRESET. A
 * limit above the proxies' (65 s, the usual choice behind a load balancer) leaves that margin.
 */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

export interface App {
    server: restify.Server;
    adapter: CloudAdapter;
    runtime: Runtime;
    /** Starts listening; resolves with the base URL (`http://127.0.0.1:PORT`). */
    listen(port?: number, host?: string): Promise<string>;
    /**
     * Stops accepting requests, lets the turns already running finish, then stops the outbox
     * sender and timers and closes the database.
     */
    close(): Promise<void>;
}

/** Builds the whole bot: storage, services, adapter, dialogs and HTTP routes. */
export function createApp(config: Config, log: Logger = createLogger(config.logLevel)): App {
    const runtime = createRuntime(config, log);
    const { bot, db, sender, conversationState } = runtime;

    // Known after listen (port 0 in tests): where the bot reaches its own Direct Line connector routes.
    let baseUrl = `http://127.0.0.1:${config.port}`;
    const adapter = createAdapter(config);
    adapter.onTurnError = createTurnErrorHandler(conversationState, log.child({ component: 'turn' }));
    adapter.use(new MessageRateLimitMiddleware(config.rateLimits.messagesPerMinute, log.child({ component: 'ratelimit' })));
    adapter.use(new ChannelTimeoutMiddleware());
    for (const middleware of runtime.middleware) adapter.use(middleware);
    adapter.use(new TypingIndicatorMiddleware(TYPING_DELAY_MS, TYPING_PERIOD_MS, log.child({ component: 'typing' })));

    const inFlight = new InFlightTurns();
    const server = restify.createServer({ name: 'cpms-helpdesk-bot', handleUncaughtExceptions: false });
    server.server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
    server.use(restify.plugins.queryParser({ mapParams: false }));

    const authLog = log.child({ component: 'auth' });
    server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
        const body = await readJsonBody(req, res, MAX_ACTIVITY_BYTES);
        if (!body.ok) return sendError(res, body.status, body.code, body.message);
        const activity = withScriptDefaults(body.value as Partial<Activity> | undefined, baseUrl);
        const problem = invalidActivity(activity);
        if (problem) return sendError(res, 400, 'BadArgument', problem);
        const valid = activity as Activity;
        if (!serviceUrlAllowed(valid.serviceUrl, config, baseUrl)) {
            return sendError(res, 403, 'Forbidden', 'This serviceUrl is not allowed without a MicrosoftAppId (see ALLOWED_SERVICE_URLS)');
        }
        await inFlight.track(() => processActivity(adapter, req, res, valid, (context) => bot.run(context), authLog));
    });

    server.get('/healthz', async (_req: restify.Request, res: restify.Response) => {
        const outboxHealth = await sender.health();
        // Escalations parked in the dead-letter queue (Azure storage) wait for a person: degraded too.
        const deadLettered = await runtime.backend.deadLettered();
        // 200 even while mail fails: restarting the bot would not bring the mail server back.
        res.send(200, { status: outboxHealth.failing || deadLettered > 0 ? 'degraded' : 'ok', outbox: { ...outboxHealth, deadLettered } });
    });

    const directLine: DirectLineHandle = registerDirectLine(server, {
        adapter,
        logic: (context) => inFlight.track(() => bot.run(context)),
        db,
        config,
        serviceUrl: () => `${baseUrl}/v3/directline`,
        logger: log.child({ component: 'directline' }),
    });
    registerWebRoutes(server, { config });

    const purge = () => runtime.purgeExpired().catch((e: unknown) => log.error({ component: 'retention', ...errorFields(e) }, 'retention sweep failed'));
    let retentionTimer: NodeJS.Timeout | undefined;
    // Set by close(): a warm-up still running stops before its next piece.
    let closing = false;

    return {
        server,
        adapter,
        runtime,
        listen(port = config.port, host = config.host) {
            return new Promise((resolve, reject) => {
                server.once('error', reject);
                server.listen(port, host, () => {
                    const address = server.address() as AddressInfo;
                    baseUrl = `http://127.0.0.1:${address.port}`;
                    sender.start();
                    // After listening, in the background: each piece waits until no turn is running
                    // (or WARM_UP_MAX_WAIT_MS), so a visitor waits for one piece at most, never for the
                    // whole build.
                    runtime
                        .warmUp(async () => {
                            await yieldToEventLoop();
                            await Promise.race([inFlight.idle(), delay(WARM_UP_MAX_WAIT_MS)]);
                            if (closing) throw new Error('closing');
                        })
                        .catch((error: unknown) => {
                            if (!closing) log.error({ component: 'runtime', ...errorFields(error) }, 'warm-up failed; the indexes are built on first use');
                        });
                    void purge();
                    retentionTimer = setInterval(() => void purge(), RETENTION_SWEEP_MS);
                    retentionTimer.unref();
                    resolve(baseUrl);
                });
            });
        },
        async close() {
            closing = true;
            if (retentionTimer) clearInterval(retentionTimer);
            directLine.close();
            // Stop accepting; requests already in progress (and their turns) finish first.
            const closed = new Promise<void>((resolve) => server.close(() => resolve()));
            server.server.closeIdleConnections?.();
            await Promise.race([Promise.all([closed, inFlight.idle(), directLine.drain()]), delay(DRAIN_TIMEOUT_MS)]);
            await runtime.close();
        },
    };
}

function delay(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** Counts turns in progress so that shutdown can wait for them. */
class InFlightTurns {
    private running = 0;
    private waiters: Array<() => void> = [];

    async track<T>(work: () => Promise<T>): Promise<T> {
        this.running++;
        try {
            return await work();
        } finally {
            this.running--;
            if (this.running === 0) for (const wake of this.waiters.splice(0)) wake();
        }
    }

    idle(): Promise<void> {
        return this.running === 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
    }
}

/**
 * Runs an authenticated turn and answers like `CloudAdapter.process`, except on failure: any
 * error before the bot's logic ran is an authentication failure (forged or unverifiable token,
 * sign-in metadata out of reach) and gets 401 with a short body; a later one 500. Neither the
 * error's text (which can name internal URLs) nor its stack or the token is sent or logged.
 */
async function processActivity(
    adapter: BotAdapter,
    req: restify.Request,
    res: restify.Response,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
    log: Logger,
): Promise<void> {
    const header = req.headers.authorization;
    const authHeader = typeof header === 'string' ? header : '';
    let authenticated = false;
    try {
        const invokeResponse = await adapter.runActivity(authHeader, activity, async (context) => {
            authenticated = true;
            await logic(context);
        });
        const status = invokeResponse?.status ?? 200;
        if (invokeResponse?.body !== undefined) res.send(status, invokeResponse.body);
        else res.send(status);
    } catch (error) {
        const ids = { channel: activity.channelId, conversation: activity.conversation?.id, activity: activity.id };
        if (!authenticated) {
            // The error's name only: its message can quote the token or the metadata URL.
            log.warn({ ...ids, err: error instanceof Error ? error.name : typeof error, hadToken: authHeader !== '' }, 'request refused: authentication failed');
            if (!res.headersSent) sendError(res, 401, 'Unauthorized', 'Authentication failed');
            return;
        }
        log.error({ ...ids, ...errorFields(error) }, 'activity failed after authentication');
        if (!res.headersSent) sendError(res, 500, 'InternalError', 'The bot could not process the activity');
    }
}

/** Hosts a service URL may point at without an app id: this machine. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * Without an app id nothing vouches for an activity's `serviceUrl` (with one, the channel's signed
 * token does), and the bot would call whatever URL it names: only loopback (the Emulator, scripts,
 * the bot's own Direct Line) and `ALLOWED_SERVICE_URLS` are accepted then.
 */
export function serviceUrlAllowed(serviceUrl: string, config: Pick<Config, 'microsoftAppId' | 'allowedServiceUrls'>, ownBaseUrl: string): boolean {
    if (config.microsoftAppId !== '') return true;
    let url: URL;
    try {
        url = new URL(serviceUrl);
    } catch {
        return false;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    if (LOOPBACK_HOSTS.has(url.hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(url.hostname)) return true;
    return url.origin === new URL(ownBaseUrl).origin || config.allowedServiceUrls.includes(url.origin);
}

/**
 * Messages per conversation and minute, on every channel. Over the limit the first message gets a
 * polite answer and the rest are dropped before the bot (and the transcript) sees them.
 */
export class MessageRateLimitMiddleware implements Middleware {
    private readonly limiter: RateLimiterMemory;

    constructor(private readonly perMinute: number, private readonly log: Logger) {
        this.limiter = new RateLimiterMemory({ points: perMinute, duration: 60 });
    }

    async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
        const activity = context.activity;
        if (activity.type !== ActivityTypes.Message || !activity.conversation?.id) return next();
        try {
            await this.limiter.consume(`${activity.channelId}/${activity.conversation.id}`);
        } catch (rejection) {
            if (!(rejection instanceof RateLimiterRes)) throw rejection;
            if (rejection.consumedPoints === this.perMinute + 1) {
                this.log.warn(turnIds(context), 'message rate limit reached');
                const t = translator(resolveLanguage(activity.locale));
                await context.sendActivity(MessageFactory.text(t('common:errors.rateLimited', { seconds: Math.ceil(rejection.msBeforeNext / 1000) })));
            }
            return;
        }
        return next();
    }
}

/** Channel id given to scripts that send expectReplies activities without one. */
export const SCRIPT_CHANNEL_ID = 'api';

/**
 * A script that asks for the replies in the response (`expectReplies`) needs no channel id or
 * service URL: nothing is sent to the channel. Fill them so such requests are not refused.
 */
function withScriptDefaults(activity: Partial<Activity> | undefined, baseUrl: string): Partial<Activity> | undefined {
    if (!activity || typeof activity !== 'object' || Array.isArray(activity) || activity.deliveryMode !== 'expectReplies') return activity;
    return {
        ...activity,
        channelId: activity.channelId ?? SCRIPT_CHANNEL_ID,
        serviceUrl: activity.serviceUrl ?? `${baseUrl}/`,
        recipient: activity.recipient ?? { id: 'cpms-helpdesk-bot', name: 'CPMS access assistant' },
    };
}

/** The adapter answers some malformed activities with 500: refuse them first with a clear 400. */
export function invalidActivity(activity: Partial<Activity> | undefined): string | undefined {
    if (!activity || typeof activity !== 'object' || Array.isArray(activity)) return 'The body must be a JSON activity object';
    if (typeof activity.type !== 'string' || activity.type.trim() === '') return "The activity has no 'type'";
    if (activity.text !== undefined && typeof activity.text !== 'string') return "The activity's 'text' must be a string";
    if (!activity.conversation || typeof activity.conversation.id !== 'string' || activity.conversation.id.trim() === '') return "The activity has no 'conversation.id'";
    if (!activity.from || typeof activity.from.id !== 'string' || activity.from.id.trim() === '') return "The activity has no 'from.id'";
    if (typeof activity.channelId !== 'string' || activity.channelId === '') return "The activity has no 'channelId'";
    if (typeof activity.serviceUrl !== 'string' || activity.serviceUrl === '') return "The activity has no 'serviceUrl'";
    if (activity.recipient !== undefined && (typeof activity.recipient !== 'object' || typeof activity.recipient?.id !== 'string')) return "The activity's 'recipient.id' must be a string";
    if (activity.locale !== undefined && typeof activity.locale !== 'string') return "The activity's 'locale' must be a string";
    for (const list of ['attachments', 'entities', 'membersAdded', 'membersRemoved'] as const) {
        const value: unknown = activity[list];
        if (value !== undefined && (!Array.isArray(value) || value.some((item) => item === null || typeof item !== 'object'))) {
            return `The activity's '${list}' must be a list of objects`;
        }
    }
    // A card action (Teams, Web Chat) always carries an object; without one there is nothing to do.
    if (activity.type === ActivityTypes.Invoke && activity.name === 'adaptiveCard/action' && (activity.value === null || typeof activity.value !== 'object')) {
        return "An 'adaptiveCard/action' invoke needs an object 'value'";
    }
    return undefined;
}
