/**
 * HTTP benchmark: the real bot and a bare echo bot on the same stack (CloudAdapter, restify,
 * `expectReplies`), each in its own process, loaded alternately (A B A B) by autocannon over 100
 * conversations with a realistic mix of messages. Prints turns/s, p50 and p99 at saturation and at a
 * steady 200 turns/s with the ratios to the echo bot, the bot's peak RSS after 10,000 stored
 * conversations, and the time from process start to the first answer.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import autocannon from 'autocannon';

const ROOT = path.join(__dirname, '..', '..', '..');
/** Conversations the load is spread over; each belongs to one connection, so its turns never overlap. */
const CONVERSATIONS = 100;
const CONNECTIONS = 10;
const SATURATION_SECONDS = 8;
const STEADY_RATE = 200;
const STEADY_SECONDS = 8;
const STORED_CONVERSATIONS = 10_000;

/** What clinicians send, in the order a conversation sends it (journey steps, searches, questions, menu, help). */
const SCRIPT = [
    'hi',
    'Get access step by step',
    'Yes, member or partner',
    'how long does the approval take?',
    'yes',
    'ok, done',
    'help',
    'yes',
    'done',
    'ReCONNET',
    'we are in Italy',
    'yes',
    'careggi',
    'yes',
    'HP',
    'request sent',
    'which browsers are supported?',
    'menu',
    'AOU Pisana',
    'no',
    'menu',
    'I am a guest',
    'what is the difference between a guest and a member?',
    'menu',
];

interface Target {
    name: string;
    url: string;
    process: ChildProcess;
}

function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const { port } = server.address() as net.AddressInfo;
            server.close(() => resolve(port));
        });
    });
}

function activity(conversation: string, text: string): string {
    return JSON.stringify({
        type: 'message',
        text,
        locale: 'en-US',
        channelId: 'webchat',
        deliveryMode: 'expectReplies',
        from: { id: `user-${conversation}`, role: 'user' },
        recipient: { id: 'bot', role: 'bot' },
        conversation: { id: conversation },
        serviceUrl: 'http://127.0.0.1:9/',
    });
}

async function answers(url: string): Promise<boolean> {
    try {
        const res = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: activity(`probe-${Date.now()}`, 'hi') });
        return res.status === 200 && ((await res.json()) as { activities?: unknown[] }).activities !== undefined;
    } catch {
        return false;
    }
}

/** Starts a process and resolves when it first answers a message, with the time that took. */
async function start(name: string, args: string[], env: NodeJS.ProcessEnv, port: number): Promise<{ target: Target; firstAnswerMs: number }> {
    const began = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 3000; i++) {
        if (await answers(url)) return { target: { name, url, process: child }, firstAnswerMs: Number(process.hrtime.bigint() - began) / 1e6 };
        await new Promise((r) => setTimeout(r, 10));
    }
    child.kill('SIGKILL');
    throw new Error(`${name} did not answer within 30 s`);
}

interface Load {
    turnsPerSecond: number;
    p50: number;
    p99: number;
    errors: number;
}

/** Each connection owns CONVERSATIONS / CONNECTIONS conversations and walks them through the script in turn. */
async function load(target: Target, options: { seconds: number; rate?: number; tag: string }): Promise<Load> {
    let clients = 0;
    const perClient = Math.ceil(CONVERSATIONS / CONNECTIONS);
    const result = await autocannon({
        url: `${target.url}/api/messages`,
        connections: CONNECTIONS,
        duration: options.seconds,
        overallRate: options.rate,
        headers: { 'content-type': 'application/json' },
        requests: [
            {
                method: 'POST',
                setupRequest: (request: autocannon.Request, state: object) => {
                    const context = state as Record<string, number>;
                    if (context.client === undefined) {
                        context.client = clients++;
                        context.turn = 0;
                    }
                    const turn = context.turn++;
                    const conversation = `${options.tag}-${context.client}-${turn % perClient}`;
                    const text = SCRIPT[Math.floor(turn / perClient) % SCRIPT.length];
                    return { ...request, body: activity(conversation, text) };
                },
            },
        ],
    });
    return { turnsPerSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx + result.timeouts };
}

/** Many conversations of one turn each: what 10,000 users leave stored. */
async function storeConversations(target: Target): Promise<number> {
    let next = 0;
    const result = await autocannon({
        url: `${target.url}/api/messages`,
        connections: CONNECTIONS,
        amount: STORED_CONVERSATIONS,
        headers: { 'content-type': 'application/json' },
        requests: [{ method: 'POST', setupRequest: (request: autocannon.Request) => ({ ...request, body: activity(`stored-${next++}`, 'hi') }) }],
    });
    return result.errors + result.non2xx;
}

/** Peak and current resident memory of a process, from /proc (Linux). */
function memoryOf(pid: number): { peakMb: number; rssMb: number } {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    return { peakMb: kb('VmHWM') / 1024, rssMb: kb('VmRSS') / 1024 };
}

const fixed = (n: number, digits = 1) => n.toFixed(digits);

/**
 * The Node flags `npm start` runs the bot with (heap limits, warnings), read from package.json so
 * the benchmark measures the process users run. `BENCH_BOT_NODE_FLAGS` replaces them to compare.
 */
export function startFlags(): string[] {
    if (process.env.BENCH_BOT_NODE_FLAGS !== undefined) return process.env.BENCH_BOT_NODE_FLAGS.split(/\s+/).filter(Boolean);
    const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    const match = /\bnode\s+(.*?)\s*dist\/src\/index\.js/.exec(scripts.start);
    if (!match) throw new Error('package.json "start" does not run node dist/src/index.js');
    return match[1].split(/\s+/).filter(Boolean);
}

export async function run(log: (line: string) => void = console.log): Promise<void> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpms-bench-http-'));
    const botPort = await freePort();
    const echoPort = await freePort();
    const botEnv = {
        ...process.env,
        PORT: String(botPort),
        HOST: '127.0.0.1',
        DATA_DIR: path.join(dir, 'data'),
        LOG_LEVEL: 'error',
        // the benchmark is one client sending for 100 users: the per-conversation limit is not under test
        RATE_LIMIT_MESSAGES_PER_MINUTE: '100000',
    };
    const flags = startFlags();
    const bot = await start('bot', [...flags, 'dist/src/index.js'], botEnv, botPort);
    const echo = await start('echo bot', ['--disable-warning=DEP0111', 'dist/test/bench/echoBot.js', String(echoPort)], process.env, echoPort);
    try {
        const saturation: Record<string, Load[]> = { bot: [], 'echo bot': [] };
        const steady: Record<string, Load[]> = { bot: [], 'echo bot': [] };
        for (let round = 0; round < 2; round++) {
            for (const target of [bot.target, echo.target]) saturation[target.name].push(await load(target, { seconds: SATURATION_SECONDS, tag: `sat${round}` }));
            for (const target of [bot.target, echo.target]) steady[target.name].push(await load(target, { seconds: STEADY_SECONDS, rate: STEADY_RATE, tag: `steady${round}` }));
        }
        const mean = (loads: Load[], key: keyof Load) => loads.reduce((sum, l) => sum + l[key], 0) / loads.length;
        const storeErrors = await storeConversations(bot.target);
        const memory = memoryOf(bot.target.process.pid as number);

        log('## HTTP turns: the bot beside a bare echo bot (same CloudAdapter, restify, expectReplies; A B A B)');
        log(`bot started as npm start does: node ${flags.join(' ')} dist/src/index.js`);
        log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${fixed(os.totalmem() / 2 ** 30, 0)} GiB, Node ${process.version}; ${CONVERSATIONS} conversations over ${CONNECTIONS} connections`);
        log('| | bot | echo bot | ratio |');
        log('|---|---|---|---|');
        const row = (label: string, a: number, b: number, digits = 1) => log(`| ${label} | ${fixed(a, digits)} | ${fixed(b, digits)} | ${fixed(a / b, 2)}× |`);
        row('turns/s at saturation', mean(saturation.bot, 'turnsPerSecond'), mean(saturation['echo bot'], 'turnsPerSecond'), 0);
        row('p50 at saturation (ms)', mean(saturation.bot, 'p50'), mean(saturation['echo bot'], 'p50'));
        row('p99 at saturation (ms)', mean(saturation.bot, 'p99'), mean(saturation['echo bot'], 'p99'));
        row(`p50 at a steady ${STEADY_RATE} turns/s (ms)`, mean(steady.bot, 'p50'), mean(steady['echo bot'], 'p50'));
        row(`p99 at a steady ${STEADY_RATE} turns/s (ms)`, mean(steady.bot, 'p99'), mean(steady['echo bot'], 'p99'));
        log(`rounds (bot / echo turns/s): ${saturation.bot.map((l, i) => `${fixed(l.turnsPerSecond, 0)} / ${fixed(saturation['echo bot'][i].turnsPerSecond, 0)}`).join(', ')}`);
        log(`errors (non-2xx, timeouts): bot ${[...saturation.bot, ...steady.bot].reduce((s, l) => s + l.errors, 0) + storeErrors}, echo ${[...saturation['echo bot'], ...steady['echo bot']].reduce((s, l) => s + l.errors, 0)}`);
        log(`bot memory after ${STORED_CONVERSATIONS.toLocaleString('en')} more stored conversations: peak RSS ${fixed(memory.peakMb)} MB, RSS now ${fixed(memory.rssMb)} MB`);
        log(`time from process start to the first answer: bot ${fixed(bot.firstAnswerMs, 0)} ms, echo bot ${fixed(echo.firstAnswerMs, 0)} ms`);
    } finally {
        for (const target of [bot.target, echo.target]) target.process.kill('SIGTERM');
        await new Promise((r) => setTimeout(r, 300));
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

if (require.main === module) {
    run().catch((error: Error) => {
        console.error(error);
        process.exitCode = 1;
    });
}
