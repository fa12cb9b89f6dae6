/** Streams a CLI command reads and writes, passed in so tests can drive commands in-process. */
export interface CliIO {
    stdin: NodeJS.ReadableStream;
    stdout: NodeJS.WritableStream;
    stderr: NodeJS.WritableStream;
}

/** Every CLI command: arguments after the command name, streams; resolves to the exit code. */
export type CliCommand = (args: string[], io: CliIO) => Promise<number>;
