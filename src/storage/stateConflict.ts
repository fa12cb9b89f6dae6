import { ActivityTypes, MessageFactory, Middleware, TurnContext } from 'botbuilder';
import type { Logger } from '../log';
import { turnIds } from '../log';
import { turnT } from '../turnState';
import { ETagConflictError } from './sqliteStorage';

/**
 * What happens to the turn that lost a race for the conversation's state (two messages of one
 * conversation handled at once, by two instances or two requests).
 *
 * @remarks
 * The winner's state is kept as it is. The loser's state changes are dropped (its write was
 * refused by the eTag) and the user is told, in their language, that one of two simultaneous
 * messages was not taken and to send it again. Without this, the turn error handler would
 * apologise with "I have started over" and delete the conversation state, losing the winner's
 * turn too. The turn is not re-run automatically: its replies may already have reached the user
 * and it may have had effects (an escalation queued) that must not happen twice.
 */
export class StateConflictMiddleware implements Middleware {
    constructor(private readonly log: Logger) {}

    async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
        try {
            await next();
        } catch (error) {
            if (!(error instanceof ETagConflictError)) throw error;
            this.log.warn({ ...turnIds(context), code: 'ETAG_CONFLICT' }, 'state changed by a simultaneous turn; this turn was not saved');
            if (context.activity.type === ActivityTypes.Message) {
                await context.sendActivity(MessageFactory.text(turnT(context)('common:errors.simultaneousMessage')));
            }
        }
    }
}
