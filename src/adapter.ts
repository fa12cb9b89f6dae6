import {
    Activity,
    ActivityTypes,
    CloudAdapter,
    ConfigurationBotFrameworkAuthentication,
    ConfigurationServiceClientCredentialFactory,
    ConversationState,
    DeliveryModes,
    InvokeResponse,
    MessageFactory,
    Middleware,
    TurnContext,
} from 'botbuilder';
import type { Config } from './config';
import { errorFields, Logger, turnIds } from './log';
import { resolveLanguage, translator } from './i18n';
import { CHANNEL_CALL_TIMEOUT_MS, withTimeout } from './channelCalls';

/** The Bot Framework adapter, authenticated from the standard `MicrosoftApp*` settings (empty id: no auth). */
export function createAdapter(config: Config): BotAdapter {
    const settings = {
        MicrosoftAppId: config.microsoftAppId,
        MicrosoftAppPassword: config.microsoftAppPassword,
        MicrosoftAppType: config.microsoftAppType,
        MicrosoftAppTenantId: config.microsoftAppTenantId,
        ...(config.toBotFromChannelOpenIdMetadataUrl ? { ToBotFromChannelOpenIdMetadataUrl: config.toBotFromChannelOpenIdMetadataUrl } : {}),
    };
    const credentials = new ConfigurationServiceClientCredentialFactory(settings);
    const auth = new ConfigurationBotFrameworkAuthentication(settings, credentials);
    return new BotAdapter(auth);
}

/** botbuilder's CloudAdapter, with the authenticated processing the HTTP route needs made public. */
export class BotAdapter extends CloudAdapter {
    /**
     * Authenticates and runs one activity; resolves with the invoke (or expectReplies) response.
     * Unlike `process`, errors are thrown to the caller, which decides what the client sees.
     */
    runActivity(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
        return this.processActivity(authHeader, activity, logic);
    }
}

/**
 * The one turn error handler: logs with the turn's ids, sends a trace (seen in the Emulator),
 * apologises in the user's language and clears the conversation's dialog state so the next message
 * starts clean. The process never dies on a bad turn; the stack is logged at debug level only.
 */
export function createTurnErrorHandler(conversationState: ConversationState, log: Logger) {
    return async function onTurnError(context: TurnContext, error: Error): Promise<void> {
        log.error({ ...turnIds(context), ...errorFields(error) }, 'turn failed');
        log.debug({ ...turnIds(context), stack: error?.stack }, 'turn failure stack');
        try {
            await context.sendTraceActivity('OnTurnError Trace', `${error}`, 'https://www.botframework.com/schemas/error', 'TurnError');
            if (context.activity?.type === ActivityTypes.Message) {
                await context.sendActivity(MessageFactory.text(translator(resolveLanguage(context.activity.locale))('common:errors.apology')));
            }
        } catch (sendError) {
            log.error({ ...turnIds(context), ...errorFields(sendError) }, 'could not tell the user about the failed turn');
        }
        try {
            await conversationState.delete(context);
        } catch (deleteError) {
            log.error({ ...turnIds(context), ...errorFields(deleteError) }, 'could not clear the conversation state');
        }
    };
}

/**
 * Shows a typing indicator on slow turns, like botbuilder's `ShowTypingMiddleware`, but a failed
 * or slow send is only logged: it never runs the turn error handler (which would wipe a healthy
 * conversation's state mid-turn) and never touches the turn context after the turn ended (botbuilder
 * revokes it; reading it then threw from a timer and ended the process). Nothing is sent for
 * `expectReplies` requests: their replies travel in the HTTP response, there is no channel to type to.
 */
export class TypingIndicatorMiddleware implements Middleware {
    constructor(
        private readonly delayMs: number,
        private readonly periodMs: number,
        private readonly log: Logger,
    ) {}

    async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
        const activity = context.activity;
        if (activity.type !== ActivityTypes.Message || activity.deliveryMode === DeliveryModes.ExpectReplies) return next();
        // Everything the timer needs is taken now, while the context is alive.
        const reference = TurnContext.getConversationReference(activity);
        const typing = TurnContext.applyConversationReference({ type: ActivityTypes.Typing, relatesTo: activity.relatesTo }, reference);
        const adapter = context.adapter;
        const ids = turnIds(context);
        let finished = false;
        let timer: NodeJS.Timeout | undefined;
        const tick = (): void => {
            if (finished) return;
            withTimeout(adapter.sendActivities(context, [typing]), CHANNEL_CALL_TIMEOUT_MS, 'typing indicator')
                .then(() => {
                    if (!finished) timer = setTimeout(tick, this.periodMs);
                })
                .catch((error: unknown) => {
                    // One failure is enough: the channel is not listening; the turn goes on.
                    this.log.warn({ ...ids, ...errorFields(error) }, 'typing indicator not delivered');
                });
        };
        timer = setTimeout(tick, this.delayMs);
        try {
            await next();
        } finally {
            finished = true;
            clearTimeout(timer);
        }
    }
}
