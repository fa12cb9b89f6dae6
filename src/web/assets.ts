import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type * as restify from 'restify';
import { promisify } from 'util';
import * as zlib from 'zlib';
import { NODE_MODULES_DIR, PROJECT_ROOT } from '../paths';

/** Versioned URLs (`?v=<hash>`) never change content, so browsers may keep them for a year. */
const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
/** Unversioned requests (an old page, a hand-typed URL) revalidate hourly. */
const SHORT_CACHE = 'public, max-age=3600';
/** Smaller files gain nothing from compression. */
const COMPRESS_MIN_BYTES = 1024;
/**
 * Brotli at its best quality makes the Web Chat bundle a third smaller than gzip (≈640 KB against
 * ≈950 KB) but takes about 20 s of CPU for it: it runs once per file version in the background
 * (libuv's thread pool), is kept on disk, and gzip is served until it is ready.
 */
const BROTLI_OPTIONS = (size: number): zlib.BrotliOptions => ({
    params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
        [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: size,
    },
});
/** Compressed files survive restarts here (the usual place for tools' caches). */
const CACHE_DIR = path.join(NODE_MODULES_DIR, '.cache', 'cpms-helpdesk-bot');

const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);

/** The pages' own scripts and styles, served from the source tree (tsc does not copy them). */
export const PUBLIC_DIR = path.join(PROJECT_ROOT, 'src', 'web', 'public');

/** One file served under `/static/<name>`, read once and kept in memory. */
interface Asset {
    body: Buffer;
    contentType: string;
    hash: string;
    gzipped?: Promise<Buffer>;
    /** Set once the Brotli version exists (from the disk cache or compressed in the background). */
    brotli?: Buffer;
    brotliPending?: Promise<void>;
}

const SOURCES: Record<string, { file: string; contentType: string }> = {
    'webchat.js': { file: path.join(NODE_MODULES_DIR, 'botframework-webchat', 'dist', 'webchat.js'), contentType: 'application/javascript; charset=utf-8' },
    'teams.js': { file: path.join(NODE_MODULES_DIR, '@microsoft', 'teams-js', 'dist', 'umd', 'MicrosoftTeams.min.js'), contentType: 'application/javascript; charset=utf-8' },
    'chat.js': { file: path.join(PUBLIC_DIR, 'chat.js'), contentType: 'application/javascript; charset=utf-8' },
    'tab.js': { file: path.join(PUBLIC_DIR, 'tab.js'), contentType: 'application/javascript; charset=utf-8' },
    'site.css': { file: path.join(PUBLIC_DIR, 'site.css'), contentType: 'text/css; charset=utf-8' },
};

/** Files served under `/static/`. */
export type AssetName = keyof typeof SOURCES;

/** Reads the cached Brotli version of a file, if a previous run made it. */
function readCachedBrotli(name: string, hash: string): Buffer | undefined {
    try {
        return fs.readFileSync(path.join(CACHE_DIR, `${name}.${hash}.br`));
    } catch {
        return undefined;
    }
}

/** Keeps a Brotli version for the next start; written whole (rename), so a concurrent reader never sees half. */
function writeCachedBrotli(name: string, hash: string, body: Buffer): void {
    try {
        fs.mkdirSync(CACHE_DIR, { recursive: true });
        const file = path.join(CACHE_DIR, `${name}.${hash}.br`);
        const partial = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(partial, body);
        fs.renameSync(partial, file);
        // Older versions of the same file are of no further use.
        for (const old of fs.readdirSync(CACHE_DIR)) {
            if (old.startsWith(`${name}.`) && old.endsWith('.br') && old !== path.basename(file)) fs.rmSync(path.join(CACHE_DIR, old), { force: true });
        }
    } catch {
        // A read-only install still serves Brotli from memory after the first compression.
    }
}

/** A lock older than this was left by a process that died while compressing. */
const STALE_LOCK_MS = 5 * 60 * 1000;

/**
 * Takes the lock for compressing one file version; returns its release, or undefined when
 * another process holds it (or the cache cannot be written: then this process compresses alone).
 */
function lockCompression(name: string, hash: string): (() => void) | undefined {
    const lock = path.join(CACHE_DIR, `${name}.${hash}.lock`);
    const release = () => fs.rmSync(lock, { force: true });
    try {
        fs.mkdirSync(CACHE_DIR, { recursive: true });
        if (fs.existsSync(lock) && Date.now() - fs.statSync(lock).mtimeMs > STALE_LOCK_MS) release();
        fs.closeSync(fs.openSync(lock, 'wx'));
        return release;
    } catch (err) {
        return (err as NodeJS.ErrnoException).code === 'EEXIST' ? undefined : () => undefined;
    }
}

/** The best encoding the request accepts among those we have now. */
function acceptedEncodings(req: restify.Request): { br: boolean; gzip: boolean } {
    const header = String(req.headers['accept-encoding'] ?? '');
    return { br: /\bbr\b/.test(header), gzip: /\bgzip\b/.test(header) };
}

/** Static files of the pages: content-hashed URLs, ETags, Brotli or gzip when the browser takes it. */
export class StaticAssets {
    private readonly assets = new Map<string, Asset>();

    /** Reads every file now, so a missing bundle fails at start rather than in a visitor's browser. */
    constructor() {
        for (const [name, source] of Object.entries(SOURCES)) {
            if (!fs.existsSync(source.file)) throw new Error(`[StaticAssets] missing ${source.file}`);
            const body = fs.readFileSync(source.file);
            const hash = createHash('sha256').update(body).digest('base64url').slice(0, 16);
            this.assets.set(name, { body, contentType: source.contentType, hash });
        }
    }

    /** The URL a page uses (relative, so the bot also works under a path prefix). */
    url(name: AssetName): string {
        return `static/${name}?v=${this.get(name).hash}`;
    }

    private get(name: string): Asset {
        const asset = this.assets.get(name);
        if (!asset) throw new Error(`[StaticAssets] unknown asset ${name}`);
        return asset;
    }

    /** Answers `GET /static/:name`. */
    async serve(req: restify.Request, res: restify.Response): Promise<void> {
        const name = String(req.params.name ?? '');
        const asset = this.assets.get(name);
        if (!asset) {
            res.send(404, { error: { code: 'NotFound', message: 'No such file' } });
            return;
        }
        const version = new URL(req.url ?? '/', 'http://localhost').searchParams.get('v');
        const etag = `"${asset.hash}"`;
        res.header('Cache-Control', version === asset.hash ? IMMUTABLE_CACHE : SHORT_CACHE);
        res.header('ETag', etag);
        res.header('Vary', 'Accept-Encoding');
        res.header('X-Content-Type-Options', 'nosniff');
        if (req.headers['if-none-match'] === etag) {
            res.sendRaw(304, '');
            return;
        }
        res.header('Content-Type', asset.contentType);
        const accepts = acceptedEncodings(req);
        if (asset.body.length >= COMPRESS_MIN_BYTES && accepts.br) {
            this.prepareBrotli(name, asset);
            if (asset.brotli) {
                res.header('Content-Encoding', 'br');
                res.sendRaw(200, asset.brotli);
                return;
            }
        }
        if (asset.body.length >= COMPRESS_MIN_BYTES && accepts.gzip) {
            asset.gzipped ??= gzip(asset.body, { level: zlib.constants.Z_BEST_COMPRESSION });
            res.header('Content-Encoding', 'gzip');
            res.sendRaw(200, await asset.gzipped);
            return;
        }
        res.sendRaw(200, asset.body);
    }

    /**
     * Loads the Brotli version from the disk cache or starts making it; never waits for it. One
     * process makes it (a lock file), the others pick it up from the cache on a later request.
     */
    private prepareBrotli(name: string, asset: Asset): void {
        if (asset.brotli || asset.brotliPending) return;
        asset.brotli = readCachedBrotli(name, asset.hash);
        if (asset.brotli) return;
        const release = lockCompression(name, asset.hash);
        if (!release) return;
        asset.brotliPending = brotli(asset.body, BROTLI_OPTIONS(asset.body.length))
            .then(
                (compressed) => {
                    asset.brotli = compressed;
                    writeCachedBrotli(name, asset.hash, compressed);
                },
                () => undefined, // gzip stays in use
            )
            .finally(release);
    }
}
