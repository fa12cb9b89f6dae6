/**
 * Conversation benchmark: latency of whole bot turns (dialogs, state in SQLite, transcript
 * logging) over complete member journeys, and the process's memory afterwards.
 * Run after `tsc`: `node -e "require('./dist/test/bench/turns.js').run()"`.
 */
import * as fs from 'fs';
import { createTestBot } from '../support/testBot';

/** Journeys run; each is the member journey typed by a different user. */
const JOURNEYS = 60;
const WARMUP_JOURNEYS = 5;

/** The member journey in English, typing only (as the dialog tests prove it). */
const MEMBER_JOURNEY = ['start', 'member', 'no', 'done', 'yes', 'done', 'reconnet', 'Italy', 'yes', 'careggi', 'yes', 'HP', 'done', 'done'];

function percentile(sorted: readonly number[], p: number): number {
    return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export async function run(log: (line: string) => void = console.log): Promise<void> {
    const bot = createTestBot();
    const samples: number[] = [];
    try {
        for (let j = 0; j < WARMUP_JOURNEYS + JOURNEYS; j++) {
            const user = bot.conversation('en-US', { userId: `bench-user-${j}`, conversationId: `bench-${j}` });
            await user.join();
            for (const text of MEMBER_JOURNEY) {
                const start = process.hrtime.bigint();
                await user.say(text);
                if (j >= WARMUP_JOURNEYS) samples.push(Number(process.hrtime.bigint() - start) / 1e6);
            }
        }
        samples.sort((a, b) => a - b);
        const memory = process.memoryUsage();
        log('## Bot turns (TestAdapter, real SQLite state and transcripts)');
        log(`journeys: ${JOURNEYS} x ${MEMBER_JOURNEY.length} turns`);
        log(`turn latency: p50 ${percentile(samples, 50).toFixed(2)} ms, p99 ${percentile(samples, 99).toFixed(2)} ms, max ${samples[samples.length - 1].toFixed(2)} ms`);
        log(`memory after: rss ${mb(memory.rss)}, heap used ${mb(memory.heapUsed)}`);
        log(`database size: ${mb(fs.statSync(bot.config.databaseFile).size)}`);
    } finally {
        await bot.close();
        fs.rmSync(bot.dir, { recursive: true, force: true });
    }
}
