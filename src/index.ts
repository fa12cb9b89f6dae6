import { ConfigError, loadConfig, redactConfig } from './config';
import { createApp } from './app';
import { createLogger } from './log';

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
    log.debug(`configuration ${JSON.stringify(redactConfig(config))}`);
    const app = createApp(config, log);
    const url = await app.listen();
    log.info(`cpms-helpdesk-bot listening on ${url} (web chat: ${url}/, Bot Framework: ${url}/api/messages)`);
    const stop = async (signal: string) => {
        log.info(`${signal}: shutting down`);
        await app.close();
        process.exit(0);
    };
    process.once('SIGINT', () => void stop('SIGINT'));
    process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: Error) => {
    console.error(`cpms-helpdesk-bot could not start: ${error.message}`);
    process.exit(1);
});
