import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import jwt from 'jsonwebtoken';
import type { Config } from '../config';

/** Direct Line tokens live 30 minutes; clients refresh them every 15 (as Azure's do). */
export const TOKEN_LIFETIME_SECONDS = 30 * 60;
/**
 * A returning visitor's expired token is exchanged for a fresh one (same user id) for this long
 * after it expired; older tokens are refused and the visitor starts as a new user. Direct Line
 * conversations are deleted after 7 idle days, so older ids have nothing left to resume.
 */
export const PREVIOUS_TOKEN_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;
/** Shorter secrets make HS256 guessable offline. */
export const MIN_TOKEN_SECRET_LENGTH = 32;
/** File in `dataDir` holding the generated signing secret, so tokens survive restarts. */
export const TOKEN_SECRET_FILE = 'directline-token.secret';

const ISSUER = 'cpms-helpdesk-bot';
const AUDIENCE = 'directline';
/** `dl_` marks ids embedded in a token; Web Chat refuses such ids from anywhere else. */
const USER_ID_RE = /^dl_[A-Za-z0-9_-]{8,64}$/;
const USER_ID_BYTES = 12;
const LOCALE_RE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/;

/** What a token says about its holder. */
export interface TokenClaims {
    /** The Direct Line user id (`dl_…`); Web Chat reads it from the `user` claim. */
    user: string;
    /** The page's locale when the token was issued (BCP 47), if it sent one. */
    locale?: string;
}

/** Why a token was refused: `invalid` (forged, malformed, wrong issuer) or `expired`. */
export type TokenFailure = 'invalid' | 'expired';

/** The claims of a valid token, or why it was refused. */
export type VerifyResult = { ok: true; claims: TokenClaims } | { ok: false; reason: TokenFailure };

/** A BCP 47-looking tag such as `ro-RO`; anything else is not stored or forwarded as a locale. */
export function isLocaleTag(value: unknown): value is string {
    return typeof value === 'string' && value.length <= 35 && LOCALE_RE.test(value);
}

/** A fresh, unguessable Direct Line user id. */
export function newUserId(): string {
    return `dl_${randomBytes(USER_ID_BYTES).toString('base64url')}`;
}

/**
 * The secret that signs local Direct Line tokens: `DIRECT_LINE_TOKEN_SECRET`, or one generated
 * once and kept in `dataDir` so that tokens (and returning visitors' ids) survive a restart.
 */
export function loadTokenSecret(config: Pick<Config, 'directLineTokenSecret' | 'dataDir'>): string {
    if (config.directLineTokenSecret !== '') {
        if (config.directLineTokenSecret.length < MIN_TOKEN_SECRET_LENGTH) {
            throw new Error(`[DirectLine] DIRECT_LINE_TOKEN_SECRET must be at least ${MIN_TOKEN_SECRET_LENGTH} characters`);
        }
        return config.directLineTokenSecret;
    }
    const file = path.join(config.dataDir, TOKEN_SECRET_FILE);
    fs.mkdirSync(config.dataDir, { recursive: true });
    try {
        // 'wx' fails if another process created the file first; then we read theirs.
        fs.writeFileSync(file, randomBytes(48).toString('base64url'), { flag: 'wx', mode: 0o600 });
    } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const secret = fs.readFileSync(file, 'utf8').trim();
    if (secret.length < MIN_TOKEN_SECRET_LENGTH) throw new Error(`[DirectLine] ${file} holds a secret that is too short`);
    return secret;
}

/** Issues and checks the HS256 JWTs of the bot's own Direct Line. */
export class DirectLineTokens {
    constructor(private readonly secret: string) {
        if (!secret) throw new Error("[DirectLineTokens] missing 'secret'");
    }

    issue(claims: TokenClaims): string {
        const payload: TokenClaims = claims.locale ? { user: claims.user, locale: claims.locale } : { user: claims.user };
        return jwt.sign(payload, this.secret, {
            algorithm: 'HS256',
            expiresIn: TOKEN_LIFETIME_SECONDS,
            issuer: ISSUER,
            audience: AUDIENCE,
        });
    }

    /**
     * Checks signature, issuer and audience, and the expiry. `expiredForAtMost` (seconds) accepts a
     * token that expired no longer ago than that: a returning visitor is recognised from the token
     * they kept, but a token of any age is not renewable forever.
     */
    verify(token: string, options: { expiredForAtMost?: number; now?: number } = {}): VerifyResult {
        let decoded: string | jwt.JwtPayload;
        const grace = options.expiredForAtMost;
        try {
            decoded = jwt.verify(token, this.secret, {
                algorithms: ['HS256'],
                issuer: ISSUER,
                audience: AUDIENCE,
                clockTimestamp: Math.floor((options.now ?? Date.now()) / 1000),
                ...(grace === undefined ? {} : { clockTolerance: grace }),
            });
        } catch (err) {
            return { ok: false, reason: err instanceof jwt.TokenExpiredError ? 'expired' : 'invalid' };
        }
        if (typeof decoded === 'string' || typeof decoded.user !== 'string' || !USER_ID_RE.test(decoded.user)) {
            return { ok: false, reason: 'invalid' };
        }
        const locale = isLocaleTag(decoded.locale) ? decoded.locale : undefined;
        return { ok: true, claims: locale ? { user: decoded.user, locale } : { user: decoded.user } };
    }
}
