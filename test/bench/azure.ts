/**
 * Storage benchmark: whole bot turns (dialogs, state, transcripts, the backend's middleware) on
 * the embedded SQLite and on Azure Storage (Azurite on 127.0.0.1, started and stopped here), one
 * conversation at a time and several at once. Azurite is a local emulator: real Azure adds the
 * network round trips (a few ms each in the same region), so read the Azure figures as a floor
 * on request count, not as production latency.
 * Run after `tsc`: `node -e "require('./dist/test/bench/azure.js').run()"`.
 */
import * as fs from 'fs';
import { createTestBot, TestBot } from '../support/testBot';
import { startAzurite } from '../azure/azurite';

/** The member journey in English, typing only (as the dialog tests prove it). */
const MEMBER_JOURNEY = ['start', 'member', 'no', 'done', 'yes', 'done', 'reconnet', 'Italy', 'yes', 'careggi', 'yes', 'HP', 'done', 'done'];
const SEQUENTIAL_JOURNEYS = 8;
const CONCURRENT_USERS = 8;
const WARMUP_JOURNEYS = 1;

interface Figures {
    turns: number;
    seconds: number;
    latenciesMs: number[];
}

function percentile(sorted: readonly number[], p: number): number {
    return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

let journeyCounter = 0;

/** One user's member journey; resolves with each turn's latency in ms. */
async function journey(bot: TestBot): Promise<number[]> {
    const n = ++journeyCounter;
    const user = bot.conversation('en-US', { userId: `bench-user-${n}`, conversationId: `bench-conversation-${n}` });
    await user.join();
    const latencies: number[] = [];
    for (const text of MEMBER_JOURNEY) {
        const start = process.hrtime.bigint();
        await user.say(text);
        latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    return latencies;
}

async function measure(bot: TestBot, users: number, journeysEach: number): Promise<Figures> {
    const start = process.hrtime.bigint();
    const perUser = await Promise.all(
        Array.from({ length: users }, async () => {
            const latencies: number[] = [];
            for (let j = 0; j < journeysEach; j++) latencies.push(...(await journey(bot)));
            return latencies;
        }),
    );
    const latenciesMs = perUser.flat().sort((a, b) => a - b);
    return { turns: latenciesMs.length, seconds: Number(process.hrtime.bigint() - start) / 1e9, latenciesMs };
}

function line(label: string, f: Figures): string {
    return `${label}: ${(f.turns / f.seconds).toFixed(1)} turns/s (${f.turns} turns), latency p50 ${percentile(f.latenciesMs, 50).toFixed(1)} ms, p99 ${percentile(f.latenciesMs, 99).toFixed(1)} ms`;
}

async function bench(bot: TestBot, name: string, log: (line: string) => void): Promise<void> {
    for (let i = 0; i < WARMUP_JOURNEYS; i++) await journey(bot);
    log(line(`${name}, one conversation at a time`, await measure(bot, 1, SEQUENTIAL_JOURNEYS)));
    log(line(`${name}, ${CONCURRENT_USERS} conversations at once`, await measure(bot, CONCURRENT_USERS, 1)));
}

export async function run(log: (line: string) => void = console.log): Promise<void> {
    log('## Bot turns by storage backend (TestAdapter, the runtime middleware, member journeys)');
    const sqlite = createTestBot();
    try {
        await bench(sqlite, 'SQLite', log);
    } finally {
        await sqlite.close();
        fs.rmSync(sqlite.dir, { recursive: true, force: true });
    }
    const azurite = await startAzurite();
    const azure = createTestBot({ STORAGE: 'azure', AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString });
    try {
        await bench(azure, 'Azure Storage (Azurite)', log);
    } finally {
        await azure.close();
        fs.rmSync(azure.dir, { recursive: true, force: true });
        await azurite.stop();
    }
}
