import type { TableClient } from '@azure/data-tables';
import { randomUUID } from 'crypto';
import type { Db } from '../storage/database';
import { STEP_IDS, StepId } from '../journey';
import type { Logger } from '../log';
import {
    AskedEntry,
    DEFAULT_REPORT_LIMIT,
    FeedbackReport,
    FeedbackStore,
    HelpfulnessEntry,
    MAX_STORED_QUESTION_LENGTH,
    StuckStep,
    UnansweredQuestion,
} from './feedback';
import { redactPersonalData } from './redact';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Table rows deleted in one batch (Azure's limit per transaction is 100, same partition). */
const DELETE_BATCH = 100;

type EventKind = 'answered' | 'helpful' | 'notHelpful' | 'unanswered' | 'stuck';

/** One feedback event as a table entity; the partition is the event kind. */
interface FeedbackEntity {
    partitionKey: EventKind;
    rowKey: string;
    entryId?: string;
    lng?: string;
    question?: string;
    step?: string;
    /** ISO time, as SQLite's `created_at`. */
    createdAt: string;
}

export interface AzureFeedbackStoreOptions {
    table: () => Promise<TableClient>;
    log: Logger;
    now?: () => Date;
}

/**
 * FAQ usage and feedback of every instance in one Azure table, so `cli report` sees them all.
 *
 * @remarks
 * The dialogs call the record methods without waiting (feedback must never slow or fail a turn),
 * so writes run in the background; failures are logged and {@link flush} waits for them. The
 * report is computed here with the same rules as the SQLite `FeedbackStore` report; Table storage
 * cannot group, but feedback is a few rows per conversation and the report is an occasional
 * command.
 *
 * It extends the SQLite `FeedbackStore` only because the dialogs' services are typed with that
 * class; every method is replaced and `db` is never written. The synchronous `report()` and
 * `prune()` cannot read a remote table: use {@link reportShared} and {@link pruneShared}.
 */
export class AzureFeedbackStore extends FeedbackStore {
    private readonly table: () => Promise<TableClient>;
    private readonly log: Logger;
    private readonly now: () => Date;
    private readonly pending = new Set<Promise<void>>();

    constructor(db: Db, options: AzureFeedbackStoreOptions) {
        super(db);
        if (!options?.table) throw new Error("[AzureFeedbackStore] missing 'table'");
        this.table = options.table;
        this.log = options.log;
        this.now = options.now ?? (() => new Date());
    }

    override recordAnswered(id: string, lng: string): void {
        this.append('answered', { entryId: id, lng });
    }

    override recordHelpful(id: string, helpful: boolean): void {
        this.append(helpful ? 'helpful' : 'notHelpful', { entryId: id });
    }

    /** Stores the question redacted (e-mails, phone numbers, names removed) and shortened. */
    override recordUnanswered(question: string, lng: string): void {
        const text = redactPersonalData(question).replace(/\s+/g, ' ').trim().slice(0, MAX_STORED_QUESTION_LENGTH);
        if (text === '') return;
        this.append('unanswered', { lng, question: text });
    }

    override recordStuck(step: StepId): void {
        if (!STEP_IDS.includes(step)) throw new Error(`[AzureFeedbackStore] unknown step "${String(step)}"`);
        this.append('stuck', { step });
    }

    override report(): FeedbackReport {
        throw new Error('[AzureFeedbackStore] the shared report is read asynchronously: use reportShared()');
    }

    override prune(): number {
        throw new Error('[AzureFeedbackStore] the shared table is pruned asynchronously: use pruneShared()');
    }

    /** Waits for the writes started so far. */
    async flush(): Promise<void> {
        await Promise.allSettled([...this.pending]);
    }

    /** The report over every instance's feedback, with the SQLite store's rules. */
    async reportShared(limit: number = DEFAULT_REPORT_LIMIT): Promise<FeedbackReport> {
        return readFeedbackTableReport(await this.table(), limit);
    }

    /** Deletes feedback older than `days` days; resolves with how many rows went. */
    async pruneShared(days: number): Promise<number> {
        const cutoff = new Date(this.now().getTime() - days * DAY_MS).toISOString();
        const table = await this.table();
        const expired = new Map<string, string[]>();
        const filter = `createdAt lt '${cutoff}'`;
        for await (const entity of table.listEntities<FeedbackEntity>({ queryOptions: { filter, select: ['PartitionKey', 'RowKey'] } })) {
            const keys = expired.get(entity.partitionKey) ?? [];
            keys.push(entity.rowKey);
            expired.set(entity.partitionKey, keys);
        }
        let removed = 0;
        for (const [partition, rowKeys] of expired) {
            for (let i = 0; i < rowKeys.length; i += DELETE_BATCH) {
                const batch = rowKeys.slice(i, i + DELETE_BATCH);
                await table.submitTransaction(batch.map((rowKey) => ['delete', { partitionKey: partition, rowKey }]));
                removed += batch.length;
            }
        }
        return removed;
    }

    private append(kind: EventKind, fields: Omit<FeedbackEntity, 'partitionKey' | 'rowKey' | 'createdAt'>): void {
        const createdAt = this.now().toISOString();
        const entity: FeedbackEntity = { partitionKey: kind, rowKey: `${createdAt}-${randomUUID()}`, createdAt, ...fields };
        const write = this.table()
            .then((table) => table.createEntity(entity))
            .then(() => undefined)
            .catch((error: unknown) => {
                this.log.warn({ component: 'feedback', kind, err: error instanceof Error ? error.name : typeof error }, 'feedback not recorded');
            });
        this.pending.add(write);
        void write.finally(() => this.pending.delete(write));
    }
}

/** The report over every row of the feedback table (what `cli report` prints with `STORAGE=azure`). */
export async function readFeedbackTableReport(table: TableClient, limit: number = DEFAULT_REPORT_LIMIT): Promise<FeedbackReport> {
    const rows: FeedbackEntity[] = [];
    for await (const entity of table.listEntities<FeedbackEntity>()) rows.push(entity);
    return buildReport(rows, limit);
}

/** The SQLite report's queries, applied to the rows in memory. */
export function buildReport(rows: readonly Pick<FeedbackEntity, 'partitionKey' | 'entryId' | 'lng' | 'question' | 'step' | 'createdAt'>[], limit: number): FeedbackReport {
    const of = (kind: EventKind) => rows.filter((r) => r.partitionKey === kind);
    const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

    const asked = new Map<string, number>();
    for (const r of of('answered')) if (r.entryId) asked.set(r.entryId, (asked.get(r.entryId) ?? 0) + 1);
    const mostAsked: AskedEntry[] = [...asked].map(([id, count]) => ({ id, count })).sort((a, b) => b.count - a.count || byId(a, b));

    const votes = new Map<string, { helpful: number; notHelpful: number }>();
    for (const r of [...of('helpful'), ...of('notHelpful')]) {
        if (!r.entryId) continue;
        const v = votes.get(r.entryId) ?? { helpful: 0, notHelpful: 0 };
        if (r.partitionKey === 'helpful') v.helpful++;
        else v.notHelpful++;
        votes.set(r.entryId, v);
    }
    const leastHelpful: HelpfulnessEntry[] = [...votes]
        .filter(([, v]) => v.notHelpful > 0)
        .map(([id, v]) => ({ id, helpful: v.helpful, notHelpful: v.notHelpful, helpfulShare: v.helpful / (v.helpful + v.notHelpful) }))
        .sort((a, b) => a.helpfulShare - b.helpfulShare || b.notHelpful - a.notHelpful || byId(a, b));

    const questions = new Map<string, UnansweredQuestion>();
    for (const r of of('unanswered')) {
        if (!r.question) continue;
        const key = `${r.question.toLowerCase()}\n${r.lng ?? ''}`;
        const q = questions.get(key);
        if (!q) {
            questions.set(key, { question: r.question, lng: r.lng ?? '', count: 1, lastAsked: r.createdAt });
            continue;
        }
        q.count++;
        if (r.question < q.question) q.question = r.question;
        if (r.createdAt > q.lastAsked) q.lastAsked = r.createdAt;
    }
    const unanswered = [...questions.values()].sort((a, b) => b.count - a.count || (a.lastAsked < b.lastAsked ? 1 : a.lastAsked > b.lastAsked ? -1 : 0));

    const stuckCounts = new Map<StepId, number>();
    for (const r of of('stuck')) if (r.step && (STEP_IDS as readonly string[]).includes(r.step)) stuckCounts.set(r.step as StepId, (stuckCounts.get(r.step as StepId) ?? 0) + 1);
    const stuck: StuckStep[] = [...stuckCounts].map(([step, count]) => ({ step, count })).sort((a, b) => b.count - a.count || (a.step < b.step ? -1 : 1));

    return { mostAsked: mostAsked.slice(0, limit), leastHelpful: leastHelpful.slice(0, limit), unanswered: unanswered.slice(0, limit), stuck: stuck.slice(0, limit) };
}
