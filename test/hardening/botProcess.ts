import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import type { Activity } from 'botbuilder';
import { PROJECT_ROOT } from '../../src/paths';

/** The built entry point (`npm test` builds it in `pretest`). */
export const ENTRY = path.join(PROJECT_ROOT, 'dist', 'src', 'index.js');

/** The real bot as its own process (`node dist/src/index.js`), as `npm start` runs it. */
export interface BotProcess {
    base: string;
    child: ChildProcess;
    /** Every line the process wrote to stdout and stderr so far. */
    output(): string;
    /** Resolves with the exit code (and signal) once the process has ended. */
    exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
    stop(): Promise<void>;
}

/** Starts the bot on a free port of 127.0.0.1 and waits until it listens. */
export async function startBotProcess(dataDir: string, env: Record<string, string> = {}): Promise<BotProcess> {
    if (!fs.existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run "npm run build" first`);
    const child = spawn(process.execPath, [ENTRY], {
        env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    const base = await new Promise<string>((resolve, reject) => {
        const timer = setInterval(() => {
            const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
            if (match) {
                clearInterval(timer);
                resolve(match[1]);
            }
        }, 50);
        void exited.then(({ code }) => {
            clearInterval(timer);
            reject(new Error(`the bot exited with ${code} before listening:\n${output}`));
        });
    });
    return {
        base,
        child,
        output: () => output,
        exited,
        async stop() {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
            await exited;
        },
    };
}

/** A port nothing listens on: connections are refused. */
export async function refusingPort(): Promise<number> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
}

/** A server that accepts connections and never answers (a hung channel). */
export async function hangingServer(): Promise<{ port: number; close(): Promise<void> }> {
    const sockets = new Set<net.Socket>();
    const server = net.createServer((socket) => {
        sockets.add(socket);
        socket.on('error', () => undefined);
        socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    return {
        port,
        close: () =>
            new Promise<void>((resolve) => {
                for (const socket of sockets) socket.destroy();
                server.close(() => resolve());
            }),
    };
}

/** A message from a script user, answered in the HTTP response (expectReplies). */
export function scriptMessage(text: string, extra: Partial<Activity> = {}): Partial<Activity> {
    return {
        type: 'message',
        text,
        deliveryMode: 'expectReplies',
        channelId: 'test',
        serviceUrl: 'http://127.0.0.1:9/',
        locale: 'en-US',
        from: { id: 'http-user', name: 'User' },
        recipient: { id: 'bot', name: 'bot' },
        conversation: { id: 'http-conversation' } as Activity['conversation'],
        ...extra,
    };
}

/** Posts an activity to `/api/messages`; the replies come back in the body. */
export async function post(base: string, activity: Partial<Activity>, headers: Record<string, string> = {}): Promise<{ status: number; replies: Partial<Activity>[]; body: unknown; text: string }> {
    const response = await fetch(`${base}/api/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify(activity),
    });
    const text = await response.text();
    let body: unknown;
    try {
        body = text ? JSON.parse(text) : undefined;
    } catch {
        body = text;
    }
    const replies = ((body as { activities?: Partial<Activity>[] } | undefined)?.activities ?? []).filter((a) => a.type === 'message');
    return { status: response.status, replies, body, text };
}

/** The visible text of replies: message text and card content. */
export function replyText(replies: Partial<Activity>[]): string {
    return replies.map((a) => [a.text ?? '', ...(a.attachments ?? []).map((x) => JSON.stringify(x.content ?? ''))].join('\n')).join('\n');
}
