import type { Config } from '../config';
import { createLogger, Logger } from '../log';

export type EscalationLogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * Where escalation lines go. Lines carry references, attempt numbers and error codes only:
 * never names, addresses or descriptions.
 */
export type EscalationLogger = (level: EscalationLogLevel, message: string) => void;

/** Escalation lines through the process's pino logger, tagged `component: escalation`. */
export function escalationLogger(log: Logger): EscalationLogger {
    const child = log.child({ component: 'escalation' });
    return (level, message) => child[level](message);
}

/**
 * A pino logger of its own at `level`, for services built without the process logger (tests,
 * CLI); the app passes {@link escalationLogger} of its one logger instead.
 */
export function consoleEscalationLogger(level: Config['logLevel']): EscalationLogger {
    return escalationLogger(createLogger(level));
}
