import * as fs from 'fs';
import { createApp, App } from '../../src/app';
import { createLogger } from '../../src/log';
import { openDatabase } from '../../src/storage/database';
import { OutboxSender, RETRY_CAP_MS, SqliteOutbox } from '../../src/escalation';
import { startSmtpServer, TestSmtpServer, unusedPort } from '../escalation/helpers';
import { message, said, send } from '../support/http';
import { tempDir } from '../support/tempDir';
import { testConfig } from '../support/testBot';

async function health(base: string): Promise<{ status: string; outbox: { pending: number; failing: boolean } }> {
    return (await (await fetch(`${base}/healthz`)).json()) as { status: string; outbox: { pending: number; failing: boolean } };
}

async function waitFor<T>(probe: () => Promise<T>, ok: (value: T) => boolean, what: string): Promise<T> {
    for (let i = 0; i < 100; i++) {
        const value = await probe();
        if (ok(value)) return value;
        await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${what}`);
}

describe('an escalation during a mail server outage, across a bot restart', () => {
    let dir: string;
    let app: App | undefined;
    let smtp: TestSmtpServer | undefined;

    beforeEach(() => {
        dir = tempDir();
    });
    afterEach(async () => {
        await app?.close();
        await smtp?.close();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    test('the user gets a reference, /healthz shows the failure, and after the restart exactly one e-mail arrives', async () => {
        const port = await unusedPort();
        const env = { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'bot@example.org' };
        app = createApp(testConfig(dir, env), createLogger('silent'));
        let base = await app.listen(0, '127.0.0.1');

        await send(base, message('helpdesk'));
        await send(base, message('yes'));
        await send(base, message('Dr. Test Example'));
        await send(base, message('dr.test@example.org'));
        await send(base, message('I cannot find my hospital in the list.'));
        const confirmed = said((await send(base, message('yes'))).replies);
        const reference = /RCN-\d{8}-[A-Z0-9]{4}/.exec(confirmed)?.[0];
        expect(reference).toBeDefined();

        const failing = await waitFor(() => health(base), (h) => h.outbox.failing, 'the failed attempt');
        expect(failing).toMatchObject({ status: 'degraded', outbox: { pending: 1, failing: true } });

        // Restart the bot; the escalation is still queued.
        await app.close();
        app = createApp(testConfig(dir, env), createLogger('silent'));
        base = await app.listen(0, '127.0.0.1');
        expect((await health(base)).outbox.pending).toBe(1);

        // The mail server comes back on the same port. A sender whose clock is past the retry delay
        // (instead of waiting up to an hour of backoff) delivers from the same database.
        smtp = await startSmtpServer({ port });
        const db = openDatabase(testConfig(dir, env).databaseFile);
        try {
            const sender = new OutboxSender({ outbox: new SqliteOutbox(db), config: testConfig(dir, env), now: () => new Date(Date.now() + 2 * RETRY_CAP_MS), log: () => undefined });
            expect(await sender.flushOnce()).toEqual({ sent: 1, failed: 0 });
            expect(await sender.flushOnce()).toEqual({ sent: 0, failed: 0 });
            await sender.stop();
        } finally {
            db.close();
        }
        expect(smtp.received).toHaveLength(1);
        expect(smtp.received[0].parsed.subject).toContain(reference!);
        expect((await health(base)).outbox.pending).toBe(0);
    });
});
