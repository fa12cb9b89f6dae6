import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { Activity } from 'botbuilder';
import { PROJECT_ROOT } from '../../src/paths';
import { visibleText } from '../support/testBot';

/** The built entry point: `npm test` builds it first (`pretest`); alone, run `npx tsc -p tsconfig.json`. */
export const ENTRY = path.join(PROJECT_ROOT, 'dist', 'src', 'index.js');
const START_TIMEOUT_MS = 30_000;

/** One bot instance as its own process (`node dist/src/index.js`), as App Service would run it. */
export interface BotInstance {
    name: string;
    base: string;
    output(): string;
    /** Ends the process group at once (SIGKILL: no shutdown hook runs) and waits for the exit. */
    kill(): Promise<void>;
}

/** Starts an instance on a free port of 127.0.0.1 in its own process group; resolves once it listens. */
export async function startBot(name: string, env: Record<string, string>): Promise<BotInstance> {
    if (!fs.existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: build first (npx tsc -p tsconfig.json)`);
    const child: ChildProcess = spawn(process.execPath, [ENTRY], {
        env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const kill = async () => {
        if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
            try {
                process.kill(-child.pid, 'SIGKILL');
            } catch {
                // Already gone.
            }
        }
        await exited;
    };
    const base = await new Promise<string>((resolve, reject) => {
        const timer = setInterval(() => {
            const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
            if (match) {
                clearInterval(timer);
                clearTimeout(deadline);
                resolve(match[1]);
            }
        }, 50);
        const deadline = setTimeout(() => {
            clearInterval(timer);
            reject(new Error(`instance ${name} did not listen in ${START_TIMEOUT_MS} ms:\n${output}`));
        }, START_TIMEOUT_MS);
        void exited.then(() => {
            clearInterval(timer);
            clearTimeout(deadline);
            reject(new Error(`instance ${name} exited before listening:\n${output}`));
        });
    }).catch(async (error: unknown) => {
        await kill();
        throw error;
    });
    return { name, base, output: () => output, kill };
}

/** One user of one conversation, talking to whichever instance each message is sent to. */
export class Speaker {
    constructor(
        readonly userId: string,
        readonly conversationId: string,
        readonly locale = 'en-US',
    ) {}

    /** The conversationUpdate a channel sends when the user joins. */
    join(instance: BotInstance): Promise<Partial<Activity>[]> {
        return this.post(instance, { type: 'conversationUpdate', membersAdded: [{ id: this.userId, name: 'User' }, { id: 'bot', name: 'bot' }] });
    }

    /** Sends a message; resolves with the replies the turn produced. */
    say(instance: BotInstance, text: string): Promise<Partial<Activity>[]> {
        return this.post(instance, { type: 'message', text });
    }

    private async post(instance: BotInstance, activity: Partial<Activity>): Promise<Partial<Activity>[]> {
        const body: Partial<Activity> = {
            id: `${this.conversationId}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
            deliveryMode: 'expectReplies',
            locale: this.locale,
            from: { id: this.userId, name: 'User' },
            recipient: { id: 'bot', name: 'bot' },
            conversation: { id: this.conversationId } as Activity['conversation'],
            ...activity,
        };
        const response = await fetch(`${instance.base}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
        const text = await response.text();
        if (response.status !== 200) throw new Error(`${instance.name} answered ${response.status}: ${text}`);
        const parsed = JSON.parse(text) as { activities?: Partial<Activity>[] };
        return (parsed.activities ?? []).filter((a) => a.type === 'message');
    }
}

/** Everything visible in a turn's replies, joined. */
export const textOf = (replies: Partial<Activity>[]): string => replies.map(visibleText).join('\n');

/** The recap card's facts, as the CPMS "Recap and Submission" screen shows them. */
export function recapFacts(replies: Partial<Activity>[]): Record<string, string> | undefined {
    for (const reply of replies) {
        for (const attachment of reply.attachments ?? []) {
            const body = (attachment.content as { body?: { type: string; facts?: { title: string; value: string }[] }[] })?.body ?? [];
            const factSet = body.find((b) => b.type === 'FactSet');
            if (factSet) return Object.fromEntries((factSet.facts ?? []).map((f) => [f.title, f.value]));
        }
    }
    return undefined;
}
