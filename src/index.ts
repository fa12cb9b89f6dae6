import { ConfigError, loadConfig, redactConfig } from './config';
import { createApp } from './app';
import { createLogger, errorFields, Logger } from './log';

/** Longest a shutdown may take before the process exits anyway. */
const SHUTDOWN_DEADLINE_MS = 15_000;

/**
 * A stray rejection (a channel call that failed after its turn ended, a timer's late error) is
 * logged and the process goes on: one user's broken turn must not end everyone's.
 */
function survivePromiseFailures(log: Logger): void {
    process.on('unhandledRejection', (reason) => {
        log.error({ component: 'process', ...errorFields(reason) }, 'unhandled promise rejection (the process goes on)');
        log.debug({ component: 'process', stack: reason instanceof Error ? reason.stack : undefined }, 'unhandled rejection stack');
    });
}

/** Loads the configuration, wires the bot, listens, and shuts down cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
    let config;
    try {
        config = loadConfig();
    } catch (error) {
        if (error instanceof ConfigError) {
            console.error(`Invalid configuration: ${error.message}`);
            process.exit(1);
        }
        throw error;
    }
    const log = createLogger(config.logLevel);
    survivePromiseFailures(log);
    log.debug({ component: 'process', config: redactConfig(config) }, 'configuration');
    const app = createApp(config, log);
    const url = await app.listen();
    log.info({ component: 'process' }, `cpms-helpdesk-bot listening on ${url} (web chat: ${url}/, Bot Framework: ${url}/api/messages)`);
    let stopping = false;
    const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        log.info({ component: 'process', signal }, 'shutting down: no new requests; finishing the turns in progress');
        const deadline = setTimeout(() => {
            log.error({ component: 'process' }, 'shutdown took too long; exiting');
            process.exit(1);
        }, SHUTDOWN_DEADLINE_MS);
        try {
            await app.close();
            log.info({ component: 'process' }, 'stopped');
            clearTimeout(deadline);
            process.exit(0);
        } catch (error) {
            log.error({ component: 'process', ...errorFields(error) }, 'shutdown failed');
            process.exit(1);
        }
    };
    process.once('SIGINT', () => void stop('SIGINT'));
    process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: Error) => {
    console.error(`cpms-helpdesk-bot could not start: ${error.message}`);
    process.exit(1);
});
