import * as path from 'path';
import { PROJECT_ROOT } from './paths';
import { Language, spokenLanguage, SUPPORTED_LANGUAGES } from './i18n';

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
    /** Language of the escalation e-mails (a folder of locales/), whatever language the user spoke. */
    helpdeskLocale: Language;
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
    // --- Scale-out on Azure Storage (issue 11): see src/storage/backends.ts ---
    /** `sqlite`: the embedded default, one instance. `azure`: several instances on one Storage account. */
    storage: StorageKind;
    /** Containers, queues and table used when `storage` is `azure`. */
    azure: AzureStorageConfig;
    /** First retry of a failed escalation e-mail after about this long, doubling each attempt. */
    outboxRetryBaseMs: number;
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

export const STORAGE_KINDS = ['sqlite', 'azure'] as const;
export type StorageKind = (typeof STORAGE_KINDS)[number];

/** Where the bot keeps its shared data on Azure Storage (names have defaults; one account holds all). */
export interface AzureStorageConfig {
    /** `AZURE_STORAGE_CONNECTION_STRING`; required when `STORAGE=azure`. */
    connectionString: string;
    /** Conversation and user state (BlobsStorage). */
    stateContainer: string;
    /** Transcripts (BlobsTranscriptStore) and the index of each user's conversations. */
    transcriptContainer: string;
    /** Escalation e-mails and their delivery (idempotency) records. */
    outboxContainer: string;
    /** One message per escalation waiting to be sent. */
    outboxQueue: string;
    /** Escalations that failed `outboxMaxAttempts` times or whose delivery is in doubt. */
    deadLetterQueue: string;
    /** Per-conversation turn locks (blob leases) that serialise turns across instances. */
    lockContainer: string;
    /** FAQ feedback, unanswered questions and stuck steps (Table storage). */
    feedbackTable: string;
    /** Delivery attempts before an escalation goes to the dead-letter queue. */
    outboxMaxAttempts: number;
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

/** Container and queue names: 3-63 lower-case letters, digits and single hyphens (Azure's rule). */
function containerName(env: Env, name: string, fallback: string): string {
    const raw = text(env, name, fallback);
    if (!/^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$/.test(raw)) {
        throw new ConfigError(`${name} must be 3-63 lower-case letters, digits or single hyphens, got "${raw}"`);
    }
    return raw;
}

/** Table names: 3-63 letters and digits, starting with a letter (Azure's rule). */
function tableName(env: Env, name: string, fallback: string): string {
    const raw = text(env, name, fallback);
    if (!/^[A-Za-z][A-Za-z0-9]{2,62}$/.test(raw)) throw new ConfigError(`${name} must be 3-63 letters or digits starting with a letter, got "${raw}"`);
    return raw;
}

/** `STORAGE` and the Azure settings; `AZURE_STORAGE_CONNECTION_STRING` is required only for `azure`. */
function azureStorage(env: Env): { storage: StorageKind; azure: AzureStorageConfig } {
    const storage = oneOf(env, 'STORAGE', STORAGE_KINDS, 'sqlite');
    const connectionString = text(env, 'AZURE_STORAGE_CONNECTION_STRING', '');
    if (storage === 'azure' && connectionString === '') {
        throw new ConfigError('AZURE_STORAGE_CONNECTION_STRING is required when STORAGE is azure');
    }
    return {
        storage,
        azure: {
            connectionString,
            stateContainer: containerName(env, 'AZURE_STATE_CONTAINER', 'bot-state'),
            transcriptContainer: containerName(env, 'AZURE_TRANSCRIPT_CONTAINER', 'bot-transcripts'),
            outboxContainer: containerName(env, 'AZURE_OUTBOX_CONTAINER', 'escalation-outbox'),
            outboxQueue: containerName(env, 'AZURE_OUTBOX_QUEUE', 'escalation-outbox'),
            deadLetterQueue: containerName(env, 'AZURE_DEAD_LETTER_QUEUE', 'escalation-outbox-poison'),
            lockContainer: containerName(env, 'AZURE_LOCK_CONTAINER', 'bot-turn-locks'),
            feedbackTable: tableName(env, 'AZURE_FEEDBACK_TABLE', 'faqfeedback'),
            outboxMaxAttempts: integer(env, 'OUTBOX_MAX_ATTEMPTS', 20, 1, 1000),
        },
    };
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

function helpdeskLocale(env: Env): Language {
    const raw = text(env, 'HELPDESK_LOCALE', 'en');
    const lng = spokenLanguage(raw);
    if (!lng) throw new ConfigError(`HELPDESK_LOCALE must be one of ${SUPPORTED_LANGUAGES.join(', ')}, got "${raw}"`);
    return lng;
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
        helpdeskLocale: helpdeskLocale(env),
        mailFrom: email(env, 'MAIL_FROM', 'cpms-helpdesk-bot@localhost.localdomain'),
        transcriptRetentionDays: integer(env, 'TRANSCRIPT_RETENTION_DAYS', 30, 1, 3650),
        publicHostname: hostname,
        directLineSecret: text(env, 'DIRECT_LINE_SECRET', ''),
        directLineEndpoint: text(env, 'DIRECT_LINE_ENDPOINT', 'https://directline.botframework.com/v3/directline'),
        directLineTokenSecret: text(env, 'DIRECT_LINE_TOKEN_SECRET', ''),
        catalogueFile: path.resolve(PROJECT_ROOT, text(env, 'CATALOGUE_FILE', path.join(dataDir, 'catalogue.json'))),
        maxMessageLength: integer(env, 'MAX_MESSAGE_LENGTH', 4000, 100, 100000),
        logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
        // Scale-out on Azure Storage (issue 11).
        ...azureStorage(env),
        outboxRetryBaseMs: integer(env, 'OUTBOX_RETRY_BASE_SECONDS', 30, 1, 3600) * 1000,
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
        azure: { ...config.azure, connectionString: hideAccountKey(config.azure.connectionString) },
        smtpUrl: config.smtpUrl.replace(/\/\/([^@/]*)@/, '//***@'),
    };
}

/** The connection string without its key or SAS token (the account and endpoints stay readable). */
function hideAccountKey(connectionString: string): string {
    return connectionString.replace(/(AccountKey|SharedAccessSignature)=[^;]*/gi, '$1=***');
}
