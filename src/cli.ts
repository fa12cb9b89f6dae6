import { CliCommand, CliIO } from './cliIo';
import { catalogueCommand, findCommand } from './catalogue/cli';
import { askCommand, reportCommand } from './faq/cli';

const COMMANDS: Record<string, CliCommand> = {
    find: findCommand,
    catalogue: catalogueCommand,
    ask: askCommand,
    report: reportCommand,
};

const USAGE = `Usage: npm run -s cli -- <command> [arguments]

Commands:
  find <ern|country|hcp> "TEXT" [--ern CODE] [--country ISO] [--json]   search the organisation catalogue
  find --jsonl                                                          one JSON request per line on stdin
  catalogue import FILE.csv | catalogue export [FILE.csv]               maintain the hospital catalogue
  ask "QUESTION" --locale en|ro|it [--json] | ask --jsonl               ask the FAQ matcher
  report                                                                most asked, least helpful, unanswered, stuck
`;

/** Runs one helpdesk command; resolves to the exit code. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
    const [name, ...args] = argv;
    const command = name ? COMMANDS[name] : undefined;
    if (!command) {
        io.stderr.write(name && name !== 'help' && name !== '--help' ? `Unknown command "${name}".\n\n${USAGE}` : USAGE);
        return name && name !== 'help' && name !== '--help' ? 2 : 0;
    }
    return command(args, io);
}

if (require.main === module) {
    runCli(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr })
        .then((code) => {
            process.exitCode = code;
        })
        .catch((error: Error) => {
            console.error(error.message);
            process.exitCode = 1;
        });
}
