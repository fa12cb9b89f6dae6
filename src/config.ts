import * as path from 'path';
import { PROJECT_ROOT } from './paths';

/** Everything the bot reads from the environment, validated once at start. */
export interface Config {
    port: number;
    host: string;
    /** Bot Framework authentication; an empty app id means local development without auth. */
    microsoftAppId: string;
    microsoftAppPassword: string;
    microsoftAppType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
    microsoftAppTenantId: string;
    dataDir: string;
    databaseFile: string;
    outboxDir: string;
    /** SMTP server for escalations; empty writes .eml files to `outboxDir` instead. */
    smtpUrl: string;
    helpdeskMailbox: string;
    mailFrom: string;
    transcriptRetentionDays: number;
    /** Host name the bot is reached at from the internet (Teams manifest, tab URL). */
    publicHostname: string;
    /** Azure Direct Line secret; empty serves the bot's own Direct Line endpoint. */
    directLineSecret: string;
    /** Azure Direct Line base URL used with `directLineSecret` (overridable for tests). */
    directLineEndpoint: string;
    /** Signs the local Direct Line tokens; generated once and kept in `dataDir` when not set. */
    directLineTokenSecret: string;
    /** The helpdesk's catalogue (written by `cli catalogue import`); the shipped one is used until it exists. */
    catalogueFile: string;
    maxMessageLength: number;
    logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
    // --- Hardening (issue 15) ---
    /**
     * Without an app id, service URLs the bot may call besides loopback and its own Direct Line
     * (`ALLOWED_SERVICE_URLS`, comma-separated origins such as `https://webchat.example.org`).
     */
    allowedServiceUrls: string[];
    /** Where the Bot Framework's sign-in metadata is read (`ToBotFromChannelOpenIdMetadataUrl`; empty = the public cloud's). */
    toBotFromChannelOpenIdMetadataUrl: string;
    /** Rate limits (per minute): Direct Line tokens and conversations per client address, messages per conversation. */
    rateLimits: RateLimits;
}


/** Requests allowed per minute; a client over a limit gets HTTP 429 (API) or a polite message (chat). */
export interface RateLimits {
    /** `POST /api/directline/token` per client address. */
    tokensPerMinute: number;
    /** New Direct Line conversations per client address. */
    conversationsPerMinute: number;
    /** Messages per conversation (every channel). */
    messagesPerMinute: number;
}


export class ConfigError extends Error {
    constructor(message: string) {
        super(message);
        this.name = 'ConfigError';
    }
}

type Env = Record<string, string | undefined>;

const EMAIL_RE = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;
const APP_TYPES = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'] as const;
const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;

function text(env: Env, name: string, fallback: string): string {
    const value = env[name];
    return value === undefined || value.trim() === '' ? fallback : value.trim();
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
    const raw = text(env, name, String(fallback));
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
        throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
    }
    return Number(raw);
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
    const raw = text(env, name, fallback);
    const found = allowed.find((a) => a.toLowerCase() === raw.toLowerCase());
    if (!found) throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
    return found;
}

function email(env: Env, name: string, fallback: string): string {
    const raw = text(env, name, fallback);
    if (!EMAIL_RE.test(raw)) throw new ConfigError(`${name} must be an e-mail address, got "${raw}"`);
    return raw;
}

function smtpUrl(env: Env): string {
    const raw = text(env, 'SMTP_URL', '');
    if (raw === '') return '';
    let url: URL;
    try {
        url = new URL(raw);
    } catch {
        throw new ConfigError('SMTP_URL must be a URL such as smtp://user:pass@host:587');
    }
    if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
        throw new ConfigError(`SMTP_URL must start with smtp:// or smtps://, got "${url.protocol}//"`);
    }
    return raw;
}

/** `ALLOWED_SERVICE_URLS`: comma-separated http(s) origins. */
function originList(env: Env, name: string): string[] {
    const raw = text(env, name, '');
    if (raw === '') return [];
    return raw.split(',').map((item) => item.trim()).filter((item) => item !== '').map((item) => {
        let url: URL;
        try {
            url = new URL(item);
        } catch {
            throw new ConfigError(`${name} must list URLs such as https://channel.example.org, got "${item}"`);
        }
        if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`${name} must list http(s) URLs, got "${item}"`);
        return url.origin;
    });
}

/** Reads and validates the configuration; throws {@link ConfigError} naming the bad variable. */
export function loadConfig(env: Env = process.env): Config {
    const dataDir = path.resolve(PROJECT_ROOT, text(env, 'DATA_DIR', 'data'));
    const microsoftAppType = oneOf(env, 'MicrosoftAppType', APP_TYPES, 'MultiTenant');
    const microsoftAppTenantId = text(env, 'MicrosoftAppTenantId', '');
    if (microsoftAppType === 'SingleTenant' && microsoftAppTenantId === '' && text(env, 'MicrosoftAppId', '') !== '') {
        throw new ConfigError('MicrosoftAppTenantId is required when MicrosoftAppType is SingleTenant');
    }
    const hostname = text(env, 'PUBLIC_HOSTNAME', '');
    if (hostname !== '' && !/^[a-z0-9.-]+(:\d+)?$/i.test(hostname)) {
        throw new ConfigError(`PUBLIC_HOSTNAME must be a host name such as bot.example.org, got "${hostname}"`);
    }
    return {
        port: integer(env, 'PORT', 3978, 0, 65535),
        host: text(env, 'HOST', '0.0.0.0'),
        microsoftAppId: text(env, 'MicrosoftAppId', ''),
        microsoftAppPassword: text(env, 'MicrosoftAppPassword', ''),
        microsoftAppType,
        microsoftAppTenantId,
        dataDir,
        databaseFile: path.join(dataDir, 'bot.sqlite'),
        outboxDir: path.resolve(PROJECT_ROOT, text(env, 'OUTBOX_DIR', path.join(dataDir, 'outbox'))),
        smtpUrl: smtpUrl(env),
        helpdeskMailbox: email(env, 'HELPDESK_MAILBOX', 'helpdesk.reconnet@ao-pisa.toscana.it'),
        mailFrom: email(env, 'MAIL_FROM', 'cpms-helpdesk-bot@localhost.localdomain'),
        transcriptRetentionDays: integer(env, 'TRANSCRIPT_RETENTION_DAYS', 30, 1, 3650),
        publicHostname: hostname,
        directLineSecret: text(env, 'DIRECT_LINE_SECRET', ''),
        directLineEndpoint: text(env, 'DIRECT_LINE_ENDPOINT', 'https://directline.botframework.com/v3/directline'),
        directLineTokenSecret: text(env, 'DIRECT_LINE_TOKEN_SECRET', ''),
        catalogueFile: path.resolve(PROJECT_ROOT, text(env, 'CATALOGUE_FILE', path.join(dataDir, 'catalogue.json'))),
        maxMessageLength: integer(env, 'MAX_MESSAGE_LENGTH', 4000, 100, 100000),
        logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
        // Hardening (issue 15).
        allowedServiceUrls: originList(env, 'ALLOWED_SERVICE_URLS'),
        toBotFromChannelOpenIdMetadataUrl: text(env, 'ToBotFromChannelOpenIdMetadataUrl', ''),
        rateLimits: {
            tokensPerMinute: integer(env, 'RATE_LIMIT_TOKENS_PER_MINUTE', 20, 1, 100000),
            conversationsPerMinute: integer(env, 'RATE_LIMIT_CONVERSATIONS_PER_MINUTE', 20, 1, 100000),
            messagesPerMinute: integer(env, 'RATE_LIMIT_MESSAGES_PER_MINUTE', 30, 1, 100000),
        },
    };
}

/** A copy safe to log: secrets replaced. */
export function redactConfig(config: Config): Record<string, unknown> {
    const hide = (v: string) => (v ? '***' : '');
    return {
        ...config,
        microsoftAppPassword: hide(config.microsoftAppPassword),
        directLineSecret: hide(config.directLineSecret),
        directLineTokenSecret: hide(config.directLineTokenSecret),
        smtpUrl: config.smtpUrl.replace(/\/\/([^@/]*)@/, '//***@'),
    };
}
