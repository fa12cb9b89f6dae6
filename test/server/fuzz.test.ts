import * as fs from 'fs';
import { createApp, App } from '../../src/app';
import { createLogger } from '../../src/log';
import { tempDir } from '../support/tempDir';
import { testConfig } from '../support/testBot';
import { message, said, send } from '../support/http';
import { SUPPORTED_LANGUAGES, translator } from '../../src/i18n';

/** Mutations tried; a fixed seed keeps the run repeatable. */
const MUTATIONS = 300;
const SEED = 20261123;
const APOLOGIES = SUPPORTED_LANGUAGES.map((lng) => translator(lng)('common:errors.apology'));
/** A request that takes longer than this is a hang, reported with its body. */
const REQUEST_TIMEOUT_MS = 5000;

/** A small deterministic PRNG (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
    let a = seed;
    return () => {
        a = (a + 0x6d2b79f5) | 0;
        let t = Math.imul(a ^ (a >>> 15), 1 | a);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

const ODD_VALUES: unknown[] = [null, 0, -1, 1e308, true, '', ' ', 'x'.repeat(5000), [], [1, 'a'], {}, { id: 42 }, '\u0000\r\n', '<script>alert(1)</script>'];
/** What is mutated. `deliveryMode` and `serviceUrl` stay: without expectReplies the bot would call the
 * (mutated) service URL, and tests reach nothing but this machine's loopback server. */
const PATHS = ['type', 'text', 'from', 'from.id', 'from.name', 'conversation', 'conversation.id', 'recipient', 'recipient.id', 'channelId', 'locale', 'value', 'attachments', 'entities', 'membersAdded', 'timestamp', 'channelData', 'id', 'replyToId'];

function mutate(base: Record<string, unknown>, next: () => number): Record<string, unknown> {
    const copy = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
    const changes = 1 + Math.floor(next() * 3);
    for (let i = 0; i < changes; i++) {
        const path = PATHS[Math.floor(next() * PATHS.length)].split('.');
        let target = copy as Record<string, unknown>;
        for (const part of path.slice(0, -1)) {
            if (typeof target[part] !== 'object' || target[part] === null) target[part] = {};
            target = target[part] as Record<string, unknown>;
        }
        const last = path[path.length - 1];
        if (next() < 0.3) delete target[last];
        else target[last] = ODD_VALUES[Math.floor(next() * ODD_VALUES.length)];
    }
    return copy;
}

describe('malformed activities', () => {
    let dir: string;
    let app: App;
    let base: string;

    beforeAll(async () => {
        dir = tempDir();
        app = createApp(testConfig(dir), createLogger('silent'));
        base = await app.listen(0, '127.0.0.1');
    });
    afterAll(async () => {
        await app.close();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    test(`${MUTATIONS} random mutations of a valid activity never get a 500, and the bot keeps answering`, async () => {
        const next = random(SEED);
        const valid = message('hello') as Record<string, unknown>;
        const statuses = new Map<number, number>();
        const failures: string[] = [];
        for (let i = 0; i < MUTATIONS; i++) {
            const body = mutate(valid, next);
            const response = await fetch(`${base}/api/messages`, {
                method: 'POST',
                headers: { 'Content-Type': 'application/json' },
                body: JSON.stringify(body),
                signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
            }).catch((error: Error) => {
                throw new Error(`${error.message} for ${JSON.stringify(body).slice(0, 300)}`);
            });
            const text = await response.text();
            statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
            // A 500, or a turn that failed inside the bot (the apology), is a request the edge should have refused.
            if (response.status >= 500 || APOLOGIES.some((a) => text.includes(JSON.stringify(a).slice(1, -1)))) failures.push(JSON.stringify(body).slice(0, 300));
        }
        expect(failures).toEqual([]);
        expect([...statuses.keys()].every((s) => [200, 201, 202, 400, 413].includes(s))).toBe(true);
        const after = await send(base, message('start', { conversation: { id: 'after-fuzz' } as never }));
        expect(said(after.replies)).toMatch(/full member/);
    }, 60000);
});
