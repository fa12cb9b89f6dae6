import {
    ActivityTypes,
    CloudAdapter,
    ConfigurationBotFrameworkAuthentication,
    ConfigurationServiceClientCredentialFactory,
    ConversationState,
    MessageFactory,
    TurnContext,
} from 'botbuilder';
import type { Config } from './config';
import type { Logger } from './log';
import { resolveLanguage, translator } from './i18n';

/** The Bot Framework adapter, authenticated from the standard `MicrosoftApp*` settings (empty id: no auth). */
export function createAdapter(config: Config): CloudAdapter {
    const settings = {
        MicrosoftAppId: config.microsoftAppId,
        MicrosoftAppPassword: config.microsoftAppPassword,
        MicrosoftAppType: config.microsoftAppType,
        MicrosoftAppTenantId: config.microsoftAppTenantId,
    };
    const credentials = new ConfigurationServiceClientCredentialFactory(settings);
    const auth = new ConfigurationBotFrameworkAuthentication(settings, credentials);
    return new CloudAdapter(auth);
}

/**
 * The one turn error handler: logs with the turn's ids, sends a trace (seen in the Emulator),
 * apologises in the user's language and clears the conversation's dialog state so the next message
 * starts clean. The process never dies on a bad turn.
 */
export function createTurnErrorHandler(conversationState: ConversationState, log: Logger) {
    return async function onTurnError(context: TurnContext, error: Error): Promise<void> {
        const { channelId, conversation, id } = context.activity ?? {};
        log.error(`[onTurnError] channel=${channelId} conversation=${conversation?.id} activity=${id}: ${error?.stack ?? error}`);
        try {
            await context.sendTraceActivity('OnTurnError Trace', `${error}`, 'https://www.botframework.com/schemas/error', 'TurnError');
            if (context.activity?.type === ActivityTypes.Message) {
                await context.sendActivity(MessageFactory.text(translator(resolveLanguage(context.activity.locale))('common:errors.apology')));
            }
        } catch (sendError) {
            log.error(`[onTurnError] could not tell the user: ${(sendError as Error).message}`);
        }
        try {
            await conversationState.delete(context);
        } catch (deleteError) {
            log.error(`[onTurnError] could not clear the conversation state: ${(deleteError as Error).message}`);
        }
    };
}
