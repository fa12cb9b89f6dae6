import type { Db } from '../storage/database';
import { STEP_IDS, StepId } from '../journey';
import { textToKeep } from './redact';

/** Rows per list in a report unless the caller asks otherwise. */
export const DEFAULT_REPORT_LIMIT = 10;
/** Unanswered questions are cut to this length before they are stored. */
export const MAX_STORED_QUESTION_LENGTH = 500;

const EVENT_KINDS = ['answered', 'helpful', 'notHelpful', 'unanswered', 'stuck'] as const;
type EventKind = (typeof EVENT_KINDS)[number];

/** How often an entry was given as an answer. */
export interface AskedEntry {
    id: string;
    count: number;
}

/** Yes/no votes on "did this help?" for one entry. */
export interface HelpfulnessEntry {
    id: string;
    helpful: number;
    notHelpful: number;
    /** helpful / (helpful + notHelpful). */
    helpfulShare: number;
}

/** A question the bot could not answer (already redacted), with how often it was asked. */
export interface UnansweredQuestion {
    question: string;
    lng: string;
    count: number;
    lastAsked: string;
}

/** A guide step where users said they were stuck. */
export interface StuckStep {
    step: StepId;
    count: number;
}

/** What the helpdesk reads to improve the knowledge base and the guide. */
export interface FeedbackReport {
    /** Most given answers first. */
    mostAsked: AskedEntry[];
    /** Lowest helpful share first (only entries with at least one "no"). */
    leastHelpful: HelpfulnessEntry[];
    /** Most asked first, then most recent. */
    unanswered: UnansweredQuestion[];
    /** Most often stuck first. */
    stuck: StuckStep[];
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS faq_feedback (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN (${EVENT_KINDS.map((k) => `'${k}'`).join(', ')})),
    entry_id TEXT,
    lng TEXT,
    question TEXT,
    step TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX IF NOT EXISTS faq_feedback_kind ON faq_feedback (kind, entry_id);
CREATE INDEX IF NOT EXISTS faq_feedback_created ON faq_feedback (created_at);
`;

interface EventRow {
    kind: EventKind;
    entryId: string | null;
    lng: string | null;
    question: string | null;
    step: string | null;
}

/**
 * FAQ usage and feedback in the bot's SQLite database: answers given, "did it help?" votes,
 * questions without an answer (redacted before storage) and steps where users were stuck.
 * @remarks Creates its table on construction; shares the database handle it is given.
 */
export class FeedbackStore {
    constructor(private readonly db: Db) {
        if (!db) throw new Error("[FeedbackStore] missing 'db'");
        db.exec(SCHEMA);
    }

    private insert(row: EventRow): void {
        this.db
            .prepare('INSERT INTO faq_feedback (kind, entry_id, lng, question, step) VALUES (@kind, @entryId, @lng, @question, @step)')
            .run(row);
    }

    recordAnswered(id: string, lng: string): void {
        this.insert({ kind: 'answered', entryId: id, lng, question: null, step: null });
    }

    recordHelpful(id: string, helpful: boolean): void {
        this.insert({ kind: helpful ? 'helpful' : 'notHelpful', entryId: id, lng: null, question: null, step: null });
    }

    /**
     * Stores the question redacted (e-mails, phone numbers, names, dates, national ids removed) and
     * shortened; a clinical message only as its category, never its text.
     */
    recordUnanswered(question: string, lng: string): void {
        const text = textToKeep(question).replace(/\s+/g, ' ').trim().slice(0, MAX_STORED_QUESTION_LENGTH);
        if (text === '') return;
        this.insert({ kind: 'unanswered', entryId: null, lng, question: text, step: null });
    }

    recordStuck(step: StepId): void {
        if (!STEP_IDS.includes(step)) throw new Error(`[FeedbackStore] unknown step "${String(step)}"`);
        this.insert({ kind: 'stuck', entryId: null, lng: null, question: null, step });
    }

    /** Deletes feedback older than `days` days; returns how many rows went. */
    prune(days: number): number {
        return this.db.prepare("DELETE FROM faq_feedback WHERE created_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?)").run(`-${days} days`).changes;
    }

    report(limit: number = DEFAULT_REPORT_LIMIT): FeedbackReport {
        return {
            mostAsked: this.db
                .prepare(
                    `SELECT entry_id AS id, COUNT(*) AS count FROM faq_feedback WHERE kind = 'answered'
                     GROUP BY entry_id ORDER BY count DESC, id ASC LIMIT ?`,
                )
                .all(limit) as AskedEntry[],
            leastHelpful: this.db
                .prepare(
                    `SELECT entry_id AS id,
                            SUM(kind = 'helpful') AS helpful,
                            SUM(kind = 'notHelpful') AS notHelpful,
                            CAST(SUM(kind = 'helpful') AS REAL) / COUNT(*) AS helpfulShare
                     FROM faq_feedback WHERE kind IN ('helpful', 'notHelpful')
                     GROUP BY entry_id HAVING notHelpful > 0
                     ORDER BY helpfulShare ASC, notHelpful DESC, id ASC LIMIT ?`,
                )
                .all(limit) as HelpfulnessEntry[],
            unanswered: this.db
                .prepare(
                    `SELECT MIN(question) AS question, lng, COUNT(*) AS count, MAX(created_at) AS lastAsked
                     FROM faq_feedback WHERE kind = 'unanswered'
                     GROUP BY lower(question), lng ORDER BY count DESC, lastAsked DESC LIMIT ?`,
                )
                .all(limit) as UnansweredQuestion[],
            stuck: this.db
                .prepare(
                    `SELECT step, COUNT(*) AS count FROM faq_feedback WHERE kind = 'stuck'
                     GROUP BY step ORDER BY count DESC, step ASC LIMIT ?`,
                )
                .all(limit) as StuckStep[],
        };
    }
}
