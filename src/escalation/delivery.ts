import { randomBytes } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import nodemailer, { Transporter } from 'nodemailer';
import type { Config } from '../config';
import type { OutboxMessage } from './outbox';
import { isReference } from './reference';

/**
 * One way of handing a composed escalation to the helpdesk. Resolves once the message is
 * accepted (SMTP 250) or written; rejects with the transport's error otherwise.
 */
export interface MailDelivery {
    /** `smtp` or `eml`, for log lines. */
    readonly kind: string;
    deliver(message: OutboxMessage): Promise<void>;
    close(): void;
}

/** Short SMTP timeouts so a hung server fails an attempt well inside the sender's lease. */
export const SMTP_CONNECTION_TIMEOUT_MS = 20_000;
export const SMTP_GREETING_TIMEOUT_MS = 20_000;
export const SMTP_SOCKET_TIMEOUT_MS = 60_000;

/** Delivers over SMTP with nodemailer (`config.smtpUrl`; its query string may override options). */
export class SmtpDelivery implements MailDelivery {
    readonly kind = 'smtp';
    private readonly transporter: Transporter;

    constructor(smtpUrl: string) {
        if (!smtpUrl) throw new Error("[SmtpDelivery] missing 'smtpUrl'");
        this.transporter = nodemailer.createTransport({
            url: smtpUrl,
            connectionTimeout: SMTP_CONNECTION_TIMEOUT_MS,
            greetingTimeout: SMTP_GREETING_TIMEOUT_MS,
            socketTimeout: SMTP_SOCKET_TIMEOUT_MS,
        });
    }

    async deliver(message: OutboxMessage): Promise<void> {
        await this.transporter.sendMail({ envelope: message.envelope, raw: message.raw });
    }

    close(): void {
        this.transporter.close();
    }
}

/**
 * Writes each escalation as `<reference>.eml` in a folder any mail client can open: the
 * embedded default when no SMTP server is configured. Written to a temporary name, flushed
 * and renamed, so a reader never sees half a message and a retry simply rewrites the file.
 */
export class EmlFileDelivery implements MailDelivery {
    readonly kind = 'eml';

    constructor(private readonly dir: string) {
        if (!dir) throw new Error("[EmlFileDelivery] missing 'dir'");
    }

    /** Where the message for `reference` is (or will be) written. */
    fileFor(reference: string): string {
        // The reference is ours, but it becomes a file name: check its shape anyway.
        if (!isReference(reference)) throw new Error(`[EmlFileDelivery] not a reference: ${reference}`);
        return path.join(this.dir, `${reference}.eml`);
    }

    async deliver(message: OutboxMessage): Promise<void> {
        const target = this.fileFor(message.reference);
        await fs.mkdir(this.dir, { recursive: true });
        const temp = path.join(this.dir, `.${message.reference}.${randomBytes(6).toString('hex')}.tmp`);
        const handle = await fs.open(temp, 'wx');
        try {
            await handle.writeFile(message.raw);
            await handle.sync();
        } finally {
            await handle.close();
        }
        try {
            await fs.rename(temp, target);
        } catch (error) {
            await fs.rm(temp, { force: true });
            throw error;
        }
    }

    close(): void {
        // Nothing held open between deliveries.
    }
}

/** SMTP when `config.smtpUrl` is set, `.eml` files in `config.outboxDir` otherwise. */
export function createDelivery(config: Pick<Config, 'smtpUrl' | 'outboxDir'>): MailDelivery {
    return config.smtpUrl ? new SmtpDelivery(config.smtpUrl) : new EmlFileDelivery(config.outboxDir);
}
