import type { Middleware, TurnContext } from 'botbuilder';

/**
 * How long one HTTP call to a channel (Bot Connector: replies, typing, roster) may take. Teams and
 * Direct Line answer in well under a second; a channel that takes longer is treated as down.
 */
export const CHANNEL_CALL_TIMEOUT_MS = 5000;
/**
 * How long a turn waits for an optional lookup at the channel (the Teams roster's e-mail) before
 * going on without it: the user is asked instead.
 */
export const OPTIONAL_LOOKUP_TIMEOUT_MS = 2500;

/** A channel call that did not settle in time. */
export class ChannelTimeoutError extends Error {
    constructor(what: string, ms: number) {
        super(`${what} did not answer within ${ms} ms`);
        this.name = 'ChannelTimeoutError';
    }
}

/**
 * Settles with `promise`, or rejects with {@link ChannelTimeoutError} after `ms`. The original
 * promise keeps running; its late rejection is swallowed here so that it can never become an
 * unhandled rejection after the turn has ended.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, what = 'the channel'): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new ChannelTimeoutError(what, ms)), ms);
        timer.unref();
    });
    promise.catch(() => undefined);
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Bounds every reply a turn sends to its channel (`context.onSendActivities`): a hung channel
 * fails the send after {@link CHANNEL_CALL_TIMEOUT_MS} instead of holding the turn forever.
 */
export class ChannelTimeoutMiddleware implements Middleware {
    constructor(private readonly timeoutMs = CHANNEL_CALL_TIMEOUT_MS) {}

    async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
        context.onSendActivities((_context, _activities, send) => withTimeout(send(), this.timeoutMs, 'the channel'));
        await next();
    }
}
