import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCommand as run } from '../support/cli';
import { askCommand, reportCommand } from '../../src/faq/cli';
import { FeedbackStore } from '../../src/faq';
import { openDatabase } from '../../src/storage/database';



describe('ask command', () => {
    it('answers one question as text', async () => {
        const r = await run(askCommand, ['cât durează aprobarea?', '--locale', 'ro']);
        expect(r.code).toBe(0);
        expect(r.stdout).toMatch(/^approval-time \(score/);
        expect(r.stdout).toContain('câteva zile');
    });

    it('answers one question as JSON', async () => {
        const r = await run(askCommand, ['which role should I choose?', '--locale=en', '--json']);
        const result = JSON.parse(r.stdout) as { id: string; score: number; answer: string; kind: string };
        expect(result).toMatchObject({ id: 'which-role', kind: 'answer' });
        expect(result.score).toBeGreaterThanOrEqual(0);
        expect(result.answer).toContain('HP');
    });

    it('reads JSON lines and writes one result per line, id null when it would not answer', async () => {
        const input = [
            JSON.stringify({ q: 'how long does approval take', locale: 'en' }),
            JSON.stringify({ q: 'doza de prednison pentru lupus', locale: 'ro' }),
            JSON.stringify({ q: 'che tempo fa domani a Pisa?', locale: 'it' }),
            '',
            JSON.stringify({ q: 'quale ruolo devo scegliere', locale: 'it-IT' }),
        ].join('\n');
        const r = await run(askCommand, ['--jsonl'], input);
        expect(r.code).toBe(0);
        const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string | null; kind: string; answer: string | null });
        expect(lines.map((l) => l.id)).toEqual(['approval-time', null, null, 'which-role']);
        expect(lines[1]).toMatchObject({ kind: 'medical', answer: null });
        expect(lines[2].kind).toBe('unknown');
        expect(lines[3].answer).toContain('HP');
    });

    it('reports bad lines without stopping', async () => {
        const r = await run(askCommand, ['--jsonl'], `not json\n${JSON.stringify({ locale: 'en' })}\n${JSON.stringify({ q: 'what is ECP?' })}\n`);
        expect(r.code).toBe(1);
        const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
        expect(lines[0]).toHaveProperty('error');
        expect(lines[1]).toHaveProperty('error');
        expect(lines[2]).toMatchObject({ id: 'ecp' });
    });

    it('prints usage without a question', async () => {
        const r = await run(askCommand, ['--locale', 'en']);
        expect(r.code).toBe(2);
        expect(r.stderr).toContain('Usage');
    });
});

describe('report command', () => {
    let dir: string;

    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faq-cli-'));
    });

    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('prints most asked, least helpful, unanswered and stuck from the database', async () => {
        const file = path.join(dir, 'bot.sqlite');
        const db = openDatabase(file);
        const store = new FeedbackStore(db);
        store.recordAnswered('approval-time', 'en');
        store.recordAnswered('approval-time', 'ro');
        store.recordAnswered('login', 'it');
        store.recordHelpful('login', false);
        store.recordUnanswered('can I park at the hospital? call +39 050 123 4567', 'en');
        store.recordStuck('twoFactor');
        db.close();

        const r = await run(reportCommand, ['--db', file]);
        expect(r.code).toBe(0);
        expect(r.stdout).toMatch(/Most asked answers:\n\s+2\s+approval-time\n\s+1\s+login/);
        expect(r.stdout).toMatch(/Least helpful answers:\n\s+login: 0 helpful, 1 not helpful/);
        expect(r.stdout).toContain('[en] can I park at the hospital? call [phone]');
        expect(r.stdout).toMatch(/Steps where users were stuck:\n\s+1\s+twoFactor/);

        const json = await run(reportCommand, ['--db', file, '--json', '--limit', '1']);
        expect(JSON.parse(json.stdout)).toMatchObject({ mostAsked: [{ id: 'approval-time', count: 2 }] });
    });

    it('says so when there is no database yet, without creating one', async () => {
        const file = path.join(dir, 'missing.sqlite');
        const r = await run(reportCommand, ['--db', file]);
        expect(r.code).toBe(1);
        expect(r.stderr).toContain('No database');
        expect(fs.existsSync(file)).toBe(false);
    });

    it('rejects a bad limit', async () => {
        const r = await run(reportCommand, ['--limit', 'zero']);
        expect(r.code).toBe(2);
    });
});
