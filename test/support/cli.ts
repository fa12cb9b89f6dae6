import { PassThrough } from 'stream';
import type { CliCommand } from '../../src/cliIo';

export interface CliRun {
    code: number;
    stdout: string;
    stderr: string;
}

/** Runs a CLI command in-process with real streams; stdin gets `input`. */
export async function runCommand(command: CliCommand, args: string[], input = ''): Promise<CliRun> {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    stdout.on('data', (c: Buffer) => out.push(c));
    stderr.on('data', (c: Buffer) => err.push(c));
    stdin.end(input);
    const code = await command(args, { stdin, stdout, stderr });
    return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}
