import { ConversationState, Middleware, Storage, TranscriptLoggerMiddleware, TurnContext, UserState } from 'botbuilder';
import type { Config } from './config';
import { CpmsBot } from './bot';
import { Logger, turnIds } from './log';
import { DirectLineStore } from './directline/store';
import { CHANNEL_ID as DIRECT_LINE_CHANNEL_ID } from './directline/activities';
import { eraseDeletedData, openDatabase, Db } from './storage/database';
import { createStorageBackend, StorageBackend } from './storage/backends';
import { ETagConversationState, ETagUserState } from './storage/etagState';
import { CatalogueService } from './catalogue';
import { FaqKnowledgeBase, FaqMatcher, FeedbackStore } from './faq';
import { EscalationService, escalationLogger, OutboxSender, TranscriptArchive } from './escalation';
import { useHelpdeskMailbox } from './helpdeskMailbox';
// The composition root: the one file of src/ that knows the dialogs.
import { createMainDialog } from '../dialogs';
import { setImmediate as yieldToEventLoop } from 'timers/promises';
import { languageDetector } from './languageDetection';
import { DialogServices } from './services';

const FORGET_KEY = Symbol('cpms.forget');

/** Everything behind the HTTP server: storage, services, bot and the middleware every adapter needs. */
export interface Runtime {
    db: Db;
    storage: Storage;
    conversationState: ConversationState;
    userState: UserState;
    bot: CpmsBot;
    catalogue: CatalogueService;
    feedback: FeedbackStore;
    transcripts: TranscriptArchive;
    /** SQLite or Azure Storage, chosen by `STORAGE` (src/storage/backends.ts). */
    backend: StorageBackend;
    sender: OutboxSender;
    /** In order: the backend's turn lock and lost-race handler, forget-me clean-up, transcript logger. */
    middleware: Middleware[];
    /** Deletes transcripts and FAQ feedback older than `TRANSCRIPT_RETENTION_DAYS`. */
    purgeExpired(): Promise<void>;
    /**
     * Builds what the first turns would otherwise build (catalogue indexes, FAQ indexes, language
     * detector) ahead of first use, one piece after each `pause` (by default one turn of the event
     * loop), so turns are not held up.
     */
    warmUp(pause?: () => Promise<void>): Promise<void>;
    close(): Promise<void>;
}

/**
 * "Forget me": once the turn has finished (after the transcript logger wrote it), deletes the
 * user's data from every store, now: user state, the state of this and of every other
 * conversation the user had, their transcripts, their Direct Line conversations (only the bot's
 * confirmation stays, for the page to fetch), then overwrites the freed pages and empties the
 * SQLite write-ahead log so the deleted text is not left on disk.
 */
class ForgetMiddleware implements Middleware {
    constructor(private readonly runtime: Pick<Runtime, 'transcripts' | 'storage' | 'conversationState' | 'userState' | 'db'>, private readonly log: Logger) {}

    async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
        await next();
        if (!context.turnState.get(FORGET_KEY)) return;
        const { userState, conversationState, storage, transcripts, db } = this.runtime;
        const activity = context.activity;
        const userId = activity.from.id;
        const directLine = new DirectLineStore(db);
        const conversations = [
            ...(await transcripts.conversationsOf(userId)),
            ...directLine.conversationsOf(userId).map((conversationId) => ({ channelId: DIRECT_LINE_CHANNEL_ID, conversationId })),
        ];
        // The same keys ConversationState builds, from a context of each conversation.
        const stateKey = (channelId: string, conversationId: string) =>
            conversationState.getStorageKey(new TurnContext(context.adapter, { channelId, conversation: { id: conversationId, isGroup: false, conversationType: '', name: '' } }));
        const keys = new Set([userState.getStorageKey(context), conversationState.getStorageKey(context), ...conversations.map((c) => stateKey(c.channelId, c.conversationId))]);
        await storage.delete([...keys].filter((k): k is string => !!k));
        const removed = await transcripts.deleteUser(userId);
        const keep = activity.channelId === DIRECT_LINE_CHANNEL_ID ? { conversationId: activity.conversation.id, afterActivityId: activity.id } : undefined;
        const directLineRemoved = directLine.forgetUser(userId, keep);
        eraseDeletedData(db);
        this.log.info({ ...turnIds(context), stateKeys: keys.size, transcriptConversations: removed, directLineConversations: directLineRemoved }, 'forgot a user');
    }
}

/**
 * The transcript logger hands over a turn's activities one by one; a store that batches them (SQLite)
 * writes them in one transaction once the logger has seen them all.
 */
class TranscriptBatchMiddleware implements Middleware {
    constructor(private readonly transcripts: object) {}

    async onTurn(_context: TurnContext, next: () => Promise<void>): Promise<void> {
        try {
            await next();
        } finally {
            const store = this.transcripts as { flushPending?: () => void };
            store.flushPending?.();
        }
    }
}

/** Wires storage, services, dialogs and bot for one process. */
export function createRuntime(config: Config, log: Logger): Runtime {
    useHelpdeskMailbox(config.helpdeskMailbox);
    const db = openDatabase(config.databaseFile);
    const backend = createStorageBackend(config, db, log.child({ component: 'storage' }));
    const { storage, feedback, transcripts, outbox } = backend;
    // Written with the eTag they were read with: a turn that lost a race is refused, not merged away.
    const conversationState = new ETagConversationState(storage);
    const userState = new ETagUserState(storage);

    const catalogue = CatalogueService.open({ file: config.catalogueFile, logger: log });
    const faq = new FaqMatcher(FaqKnowledgeBase.load());
    const sender = new OutboxSender({ outbox, config, log: escalationLogger(log), retryBaseMs: config.outboxRetryBaseMs });
    const escalations = new EscalationService({ outbox, transcripts, config, log: escalationLogger(log), onEnqueued: () => sender.wake() });

    const services: DialogServices = {
        catalogue,
        faq,
        feedback,
        escalations,
        requestForget: (context) => context.turnState.set(FORGET_KEY, true),
    };
    const bot = new CpmsBot(conversationState, userState, (accessors) => createMainDialog(accessors, services), {
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
        backend,
        sender,
        middleware: [],
        async warmUp(pause = yieldToEventLoop) {
            await catalogue.warmUp(pause);
            await faq.warmUp(pause);
            await pause();
            languageDetector();
        },
        async purgeExpired() {
            const days = config.transcriptRetentionDays;
            const activities = await transcripts.purgeOlderThan(days);
            const { feedback: feedbackRows, deliveryRecords } = await backend.purgeOlderThan(days);
            if (activities + feedbackRows + deliveryRecords > 0) {
                log.info(`[retention] older than ${days} days: deleted ${activities} transcript activities, ${feedbackRows} feedback rows, ${deliveryRecords} delivery records`);
            }
        },
        async close() {
            await sender.stop();
            await backend.flush();
            db.close();
        },
    };
    runtime.middleware.push(
        ...backend.middleware,
        new ForgetMiddleware(runtime, log.child({ component: 'forget' })),
        new TranscriptBatchMiddleware(transcripts),
        new TranscriptLoggerMiddleware(transcripts),
    );
    return runtime;
}
