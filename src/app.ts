import * as restify from 'restify';
import { AddressInfo } from 'net';
import { Activity, CloudAdapter, ShowTypingMiddleware } from 'botbuilder';
import type { Config } from './config';
import { createAdapter, createTurnErrorHandler } from './adapter';
import { createLogger, Logger } from './log';
import { createRuntime, Runtime } from './runtime';
import { registerDirectLine, DirectLineHandle } from './directline/directLine';
import { readJsonBody, sendError } from './directline/http';
import { registerWebRoutes } from './web/webRoutes';

/** Largest Bot Framework request accepted (cards make activities bigger than their text). */
const MAX_ACTIVITY_BYTES = 512 * 1024;
/** How often transcripts and feedback past the retention period are deleted. */
const RETENTION_SWEEP_MS = 24 * 60 * 60 * 1000;
/** Typing indicator for slow turns (catalogue reload, SMTP-backed escalation). */
const TYPING_DELAY_MS = 600;
const TYPING_PERIOD_MS = 2000;

export interface App {
    server: restify.Server;
    adapter: CloudAdapter;
    runtime: Runtime;
    /** Starts listening; resolves with the base URL (`http://127.0.0.1:PORT`). */
    listen(port?: number, host?: string): Promise<string>;
    /** Stops the server, the outbox sender and timers, and closes the database. */
    close(): Promise<void>;
}

/** Builds the whole bot: storage, services, adapter, dialogs and HTTP routes. */
export function createApp(config: Config, log: Logger = createLogger(config.logLevel)): App {
    const runtime = createRuntime(config, log);
    const { bot, db, sender, conversationState } = runtime;

    const adapter = createAdapter(config);
    adapter.onTurnError = createTurnErrorHandler(conversationState, log);
    for (const middleware of runtime.middleware) adapter.use(middleware);
    adapter.use(new ShowTypingMiddleware(TYPING_DELAY_MS, TYPING_PERIOD_MS));

    // Known after listen (port 0 in tests): where the bot reaches its own Direct Line connector routes.
    let baseUrl = `http://127.0.0.1:${config.port}`;
    const server = restify.createServer({ name: 'cpms-helpdesk-bot', handleUncaughtExceptions: false });
    server.use(restify.plugins.queryParser({ mapParams: false }));

    server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
        const body = await readJsonBody(req, res, MAX_ACTIVITY_BYTES);
        if (!body.ok) return sendError(res, body.status, body.code, body.message);
        const activity = withScriptDefaults(body.value as Partial<Activity> | undefined, baseUrl);
        const problem = invalidActivity(activity);
        if (problem) return sendError(res, 400, 'BadArgument', problem);
        req.body = activity;
        await adapter.process(req, res, (context) => bot.run(context));
    });

    server.get('/healthz', async (_req: restify.Request, res: restify.Response) => {
        const outboxHealth = await sender.health();
        // 200 even while mail fails: restarting the bot would not bring the mail server back.
        res.send(200, { status: outboxHealth.failing ? 'degraded' : 'ok', outbox: outboxHealth });
    });

    const directLine: DirectLineHandle = registerDirectLine(server, {
        adapter,
        logic: (context) => bot.run(context),
        db,
        config,
        serviceUrl: () => `${baseUrl}/v3/directline`,
        logger: { warn: (m) => log.warn(`[directline] ${m}`), error: (m) => log.error(`[directline] ${m}`) },
    });
    registerWebRoutes(server, { config });

    const purge = () => runtime.purgeExpired().catch((e: Error) => log.error(`[retention] ${e.message}`));
    let retentionTimer: NodeJS.Timeout | undefined;

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
                    void purge();
                    retentionTimer = setInterval(() => void purge(), RETENTION_SWEEP_MS);
                    retentionTimer.unref();
                    resolve(baseUrl);
                });
            });
        },
        async close() {
            if (retentionTimer) clearInterval(retentionTimer);
            directLine.close();
            await new Promise<void>((resolve) => server.close(() => resolve()));
            await runtime.close();
        },
    };
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
    return undefined;
}
