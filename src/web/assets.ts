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
/** Smaller files gain nothing from gzip. */
const GZIP_MIN_BYTES = 1024;

const gzip = promisify(zlib.gzip);

/** The pages' own scripts and styles, served from the source tree (tsc does not copy them). */
export const PUBLIC_DIR = path.join(PROJECT_ROOT, 'src', 'web', 'public');

/** One file served under `/static/<name>`, read once and kept in memory. */
interface Asset {
    body: Buffer;
    contentType: string;
    hash: string;
    gzipped?: Promise<Buffer>;
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

/** Static files of the pages: content-hashed URLs, ETags, gzip when the browser takes it. */
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
        const asset = this.assets.get(String(req.params.name ?? ''));
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
        if (asset.body.length >= GZIP_MIN_BYTES && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
            asset.gzipped ??= gzip(asset.body, { level: zlib.constants.Z_BEST_COMPRESSION });
            res.header('Content-Encoding', 'gzip');
            res.sendRaw(200, await asset.gzipped);
            return;
        }
        res.sendRaw(200, asset.body);
    }
}
