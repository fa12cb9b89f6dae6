import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FeedbackStore } from '../../src/faq';
import { Db, openDatabase } from '../../src/storage/database';

describe('FeedbackStore on a real SQLite file', () => {
    let dir: string;
    let file: string;
    let db: Db;
    let store: FeedbackStore;

    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faq-feedback-'));
        file = path.join(dir, 'bot.sqlite');
        db = openDatabase(file);
        store = new FeedbackStore(db);
    });

    afterEach(() => {
        if (db.open) db.close();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it('counts answers and orders the most asked first', () => {
        for (let i = 0; i < 3; i += 1) store.recordAnswered('approval-time', 'en');
        store.recordAnswered('which-role', 'ro');
        store.recordAnswered('which-role', 'it');
        store.recordAnswered('login', 'en');
        expect(store.report().mostAsked).toEqual([
            { id: 'approval-time', count: 3 },
            { id: 'which-role', count: 2 },
            { id: 'login', count: 1 },
        ]);
    });

    it('orders the least helpful first and leaves out entries nobody found unhelpful', () => {
        store.recordHelpful('two-factor', true);
        store.recordHelpful('two-factor', false);
        store.recordHelpful('login', false);
        store.recordHelpful('login', false);
        store.recordHelpful('login', true);
        store.recordHelpful('privacy', true);
        store.recordHelpful('ecp', false);
        const report = store.report().leastHelpful;
        expect(report.map((r) => r.id)).toEqual(['ecp', 'login', 'two-factor']);
        expect(report[1]).toEqual({ id: 'login', helpful: 1, notHelpful: 2, helpfulShare: 1 / 3 });
    });

    it('stores unanswered questions redacted and groups repeats', () => {
        store.recordUnanswered('My name is Test Example, can I get a parking card? test.example@example.org', 'en');
        store.recordUnanswered('can I get a parking card?', 'en');
        store.recordUnanswered('Can I get a parking card?', 'en');
        store.recordUnanswered('pot primi un card de parcare? sunați-mă la 0721 234 567', 'ro');
        const report = store.report();
        expect(report.unanswered[0]).toMatchObject({ question: 'Can I get a parking card?', lng: 'en', count: 2 });
        const stored = (db.prepare("SELECT question FROM faq_feedback WHERE kind = 'unanswered'").all() as Array<{ question: string }>).map((r) => r.question);
        expect(stored.join('\n')).not.toMatch(/Test Example|@|0721/);
        expect(stored).toContain('My name is [name], can I get a parking card? [email]');
        expect(stored).toContain('pot primi un card de parcare? sunați-mă la [phone]');
    });

    it('counts the steps where users were stuck, most often first', () => {
        store.recordStuck('twoFactor');
        store.recordStuck('requestAccess');
        store.recordStuck('twoFactor');
        expect(store.report().stuck).toEqual([
            { step: 'twoFactor', count: 2 },
            { step: 'requestAccess', count: 1 },
        ]);
    });

    it('limits each list and keeps the data across a reopen of the file', () => {
        for (const id of ['a-1', 'a-2', 'a-3', 'a-4']) store.recordAnswered(id, 'en');
        db.close();
        db = openDatabase(file);
        const reopened = new FeedbackStore(db);
        expect(reopened.report(2).mostAsked).toHaveLength(2);
        expect(reopened.report().mostAsked).toHaveLength(4);
    });

    it('prunes old rows only', () => {
        store.recordAnswered('login', 'en');
        db.prepare("UPDATE faq_feedback SET created_at = '2000-01-01T00:00:00.000Z'").run();
        store.recordAnswered('ecp', 'en');
        expect(store.prune(30)).toBe(1);
        expect(store.report().mostAsked).toEqual([{ id: 'ecp', count: 1 }]);
    });
});
