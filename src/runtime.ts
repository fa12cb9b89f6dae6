import { ConversationState, Middleware, TranscriptLoggerMiddleware, TurnContext, UserState } from 'botbuilder';
import type { Config } from './config';
import { CpmsBot } from './bot';
import type { Logger } from './log';
import { openDatabase, Db } from './storage/database';
import { SqliteStorage } from './storage/sqliteStorage';
import { CatalogueService } from './catalogue';
import { FaqKnowledgeBase, FaqMatcher, FeedbackStore } from './faq';
import { EscalationService, OutboxSender, SqliteOutbox, SqliteTranscriptStore } from './escalation';
import { MainDialog } from '../dialogs/mainDialog';
import { DialogServices } from '../dialogs/services';

const FORGET_KEY = Symbol('cpms.forget');

/** Everything behind the HTTP server: storage, services, bot and the middleware every adapter needs. */
export interface Runtime {
    db: Db;
    storage: SqliteStorage;
    conversationState: ConversationState;
    userState: UserState;
    bot: CpmsBot;
    catalogue: CatalogueService;
    feedback: FeedbackStore;
    transcripts: SqliteTranscriptStore;
    sender: OutboxSender;
    /** In order: forget-me clean-up, transcript logger. */
    middleware: Middleware[];
    /** Deletes transcripts and FAQ feedback older than `TRANSCRIPT_RETENTION_DAYS`. */
    purgeExpired(): Promise<void>;
    close(): Promise<void>;
}

/** Deletes a user's data once a turn has finished, after the transcript logger wrote it. */
class ForgetMiddleware implements Middleware {
    constructor(private readonly runtime: Pick<Runtime, 'transcripts' | 'storage' | 'conversationState' | 'userState'>, private readonly log: Logger) {}

    async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
        await next();
        if (!context.turnState.get(FORGET_KEY)) return;
        const { userState, conversationState, storage, transcripts } = this.runtime;
        const keys = [userState.getStorageKey(context), conversationState.getStorageKey(context)].filter((k): k is string => !!k);
        await storage.delete(keys);
        const removed = await transcripts.deleteUser(context.activity.from.id);
        this.log.info(`[forget] channel=${context.activity.channelId} state keys=${keys.length} transcript conversations=${removed}`);
    }
}

/** Wires storage, services, dialogs and bot for one process. */
export function createRuntime(config: Config, log: Logger): Runtime {
    const db = openDatabase(config.databaseFile);
    const storage = new SqliteStorage(db);
    const conversationState = new ConversationState(storage);
    const userState = new UserState(storage);

    const catalogue = CatalogueService.open({ file: config.catalogueFile, logger: log });
    const faq = new FaqMatcher(FaqKnowledgeBase.load());
    const feedback = new FeedbackStore(db);
    const transcripts = new SqliteTranscriptStore(db);
    const outbox = new SqliteOutbox(db);
    const sender = new OutboxSender({ outbox, config });
    const escalations = new EscalationService({ outbox, transcripts, config, onEnqueued: () => sender.wake() });

    const services: DialogServices = {
        catalogue,
        faq,
        feedback,
        escalations,
        requestForget: (context) => context.turnState.set(FORGET_KEY, true),
    };
    const bot = new CpmsBot(conversationState, userState, (accessors) => new MainDialog(accessors, services), {
        maxMessageLength: config.maxMessageLength,
    });
    const runtime: Runtime = {
        db,
        storage,
        conversationState,
        userState,
        bot,
        catalogue,
        feedback,
        transcripts,
        sender,
        middleware: [],
        async purgeExpired() {
            const days = config.transcriptRetentionDays;
            const activities = await transcripts.purgeOlderThan(days);
            const feedbackRows = feedback.prune(days);
            if (activities + feedbackRows > 0) log.info(`[retention] older than ${days} days: deleted ${activities} transcript activities, ${feedbackRows} feedback rows`);
        },
        async close() {
            await sender.stop();
            db.close();
        },
    };
    runtime.middleware.push(new ForgetMiddleware(runtime, log), new TranscriptLoggerMiddleware(transcripts));
    return runtime;
}
