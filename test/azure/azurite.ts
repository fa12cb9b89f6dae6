import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { PROJECT_ROOT } from '../../src/paths';
import { tempDir } from '../support/tempDir';

/** Azurite's well-known development account (public, documented by Microsoft; not a secret). */
export const DEV_ACCOUNT = 'devstoreaccount1';
export const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

const BIN = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'azurite');
const READY = /(Blob|Queue|Table) service is successfully listening at http:\/\/127\.0\.0\.1:(\d+)/g;
const START_TIMEOUT_MS = 30_000;

/** A running Azurite (blob, queue and table on free ports of 127.0.0.1), started by a test. */
export interface Azurite {
    connectionString: string;
    /** Stops the process group and removes its data folder. */
    stop(): Promise<void>;
}

/**
 * Starts Azurite from node_modules in its own process group (`detached`), so that `stop` ends it
 * and anything it started, and a failed test leaves no process behind.
 */
export async function startAzurite(): Promise<Azurite> {
    const location = tempDir('cpms-azurite-');
    const child = spawn(
        BIN,
        ['--silent', '--loose', '--skipApiVersionCheck', '--disableTelemetry', '--location', location, '--blobHost', '127.0.0.1', '--blobPort', '0', '--queueHost', '127.0.0.1', '--queuePort', '0', '--tableHost', '127.0.0.1', '--tablePort', '0'],
        { detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    let output = '';
    const ports = await new Promise<Record<string, string>>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`Azurite did not start in ${START_TIMEOUT_MS} ms:\n${output}`)), START_TIMEOUT_MS);
        const onData = (chunk: Buffer) => {
            output += chunk.toString('utf8');
            const found = Object.fromEntries([...output.matchAll(READY)].map((m) => [m[1], m[2]]));
            if (found.Blob && found.Queue && found.Table) {
                clearTimeout(timer);
                resolve(found);
            }
        };
        child.stdout?.on('data', onData);
        child.stderr?.on('data', onData);
        void exited.then(() => {
            clearTimeout(timer);
            reject(new Error(`Azurite exited before listening:\n${output}`));
        });
    }).catch(async (error: unknown) => {
        await stopProcessGroup(child, exited);
        fs.rmSync(location, { recursive: true, force: true });
        throw error;
    });
    const host = 'http://127.0.0.1';
    const connectionString = [
        'DefaultEndpointsProtocol=http',
        `AccountName=${DEV_ACCOUNT}`,
        `AccountKey=${DEV_KEY}`,
        `BlobEndpoint=${host}:${ports.Blob}/${DEV_ACCOUNT}`,
        `QueueEndpoint=${host}:${ports.Queue}/${DEV_ACCOUNT}`,
        `TableEndpoint=${host}:${ports.Table}/${DEV_ACCOUNT}`,
    ].join(';');
    return {
        connectionString,
        async stop() {
            await stopProcessGroup(child, exited);
            fs.rmSync(location, { recursive: true, force: true });
        },
    };
}

async function stopProcessGroup(child: ChildProcess, exited: Promise<void>): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    try {
        process.kill(-child.pid, 'SIGKILL');
    } catch {
        // Already gone.
    }
    await exited;
}
