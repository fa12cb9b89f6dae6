import type { Config } from './config';

type Level = Exclude<Config['logLevel'], 'silent'>;
const ORDER: Record<Config['logLevel'], number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** A small leveled logger: one line per event, ids and codes only, never names, e-mails or message text. */
export interface Logger {
    debug(message: string): void;
    info(message: string): void;
    warn(message: string): void;
    error(message: string): void;
}

export function createLogger(level: Config['logLevel']): Logger {
    const write = (at: Level) => (message: string) => {
        if (ORDER[at] < ORDER[level]) return;
        const line = `${new Date().toISOString()} ${at.toUpperCase()} ${message}`;
        if (at === 'error' || at === 'warn') console.error(line);
        else console.log(line);
    };
    return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
