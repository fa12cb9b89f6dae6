import type { Config } from '../config';

export type EscalationLogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * Where escalation lines go. Lines carry references, attempt numbers and error codes only:
 * never names, addresses or descriptions.
 */
export type EscalationLogger = (level: EscalationLogLevel, message: string) => void;

const LEVEL_ORDER: Record<EscalationLogLevel | 'silent', number> = { debug: 0, info: 1, warn: 2, error: 3, silent: 4 };

/** Console logger honouring `config.logLevel`; the lead may pass the bot's own logger instead. */
export function consoleEscalationLogger(level: Config['logLevel']): EscalationLogger {
    return (lineLevel, message) => {
        if (LEVEL_ORDER[lineLevel] < LEVEL_ORDER[level]) return;
        const line = `[escalation] ${message}`;
        if (lineLevel === 'error') console.error(line);
        else if (lineLevel === 'warn') console.warn(line);
        else console.log(line);
    };
}
