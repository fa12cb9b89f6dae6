import type { ConnectorClientOptions } from 'botframework-connector';

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

type PolicyFactories = Extract<NonNullable<ConnectorClientOptions['requestPolicyFactories']>, unknown[]>;
type PolicyFactory = PolicyFactories[number];
type RequestPolicy = ReturnType<PolicyFactory['create']>;

/** Header through which the bot proves to its own connector routes that the call is its own. */
export const CONNECTOR_SECRET_HEADER = 'x-cpms-connector-secret';

/** What the adapter's outgoing calls need: where the bot's own connector lives, and its secret. */
export interface OwnConnector {
    /** Base URL of this process's connector routes (known after listen). */
    baseUrl: () => string;
    /** Per-process random secret the routes check. */
    secret: string;
}

/**
 * Bot Connector client options: every call to a channel times out after `timeoutMs`, and calls to
 * this process's own connector routes carry the per-process secret (never sent anywhere else).
 */
export function connectorClientOptions(own: OwnConnector | undefined, timeoutMs = CHANNEL_CALL_TIMEOUT_MS): ConnectorClientOptions {
    const factory: PolicyFactory = {
        create: (nextPolicy): RequestPolicy => ({
            sendRequest(request) {
                request.timeout = timeoutMs;
                if (own && isOwnUrl(request.url, own.baseUrl())) request.headers.set(CONNECTOR_SECRET_HEADER, own.secret);
                return nextPolicy.sendRequest(request);
            },
        }),
    };
    return { requestPolicyFactories: [factory] };
}

/** Same origin as the bot's own base URL. */
function isOwnUrl(url: string, base: string): boolean {
    try {
        return new URL(url).origin === new URL(base).origin;
    } catch {
        return false;
    }
}
