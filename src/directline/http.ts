import * as restify from 'restify';

/** Headers the Direct Line clients send cross-origin (see toolchain notes). */
const CORS_ALLOWED_HEADERS = 'Authorization, Content-Type, x-ms-bot-agent, X-Requested-With';
const CORS_MAX_AGE_SECONDS = 600;

/** The Direct Line error shape: `{ error: { code, message } }`. */
export function sendError(res: restify.Response, status: number, code: string, message: string): void {
    res.send(status, { error: { code, message } });
}

/** Tokens travel in the Authorization header, never in cookies, so any origin may call. */
export function applyCors(res: restify.Response): void {
    res.header('Access-Control-Allow-Origin', '*');
    res.header('Access-Control-Allow-Headers', CORS_ALLOWED_HEADERS);
    res.header('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    res.header('Access-Control-Max-Age', String(CORS_MAX_AGE_SECONDS));
}

/** Answers a CORS preflight. */
export async function preflight(_req: restify.Request, res: restify.Response): Promise<void> {
    applyCors(res);
    res.send(204);
}

/** The token of an `Authorization: Bearer …` header, if there is one. */
export function bearerToken(req: restify.Request): string | undefined {
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header.trim()) : null;
    return match ? match[1] : undefined;
}

/** A parsed JSON body, or the status and error to answer with. */
export type BodyResult = { ok: true; value: unknown } | { ok: false; status: number; code: string; message: string };

function bodyText(body: unknown): string | undefined {
    if (Buffer.isBuffer(body)) return body.toString('utf8');
    return typeof body === 'string' ? body : undefined;
}

function readRaw(req: restify.Request, res: restify.Response, maxBytes: number): Promise<Error | undefined> {
    const reader = restify.plugins.bodyReader({ maxBodySize: maxBytes });
    return new Promise((resolve) => {
        reader(req, res, ((err?: unknown) => resolve(err instanceof Error ? err : undefined)) as restify.Next);
    });
}

/**
 * Reads a JSON request body of at most `maxBytes` with restify's body reader, or takes the
 * body a global parser already produced. Empty bodies read as `undefined`.
 */
export async function readJsonBody(req: restify.Request, res: restify.Response, maxBytes: number): Promise<BodyResult> {
    const encoding = req.headers['content-encoding'];
    if (encoding !== undefined && encoding !== 'identity') {
        // Compressed bodies could expand far beyond the limit after it is checked.
        return { ok: false, status: 415, code: 'UnsupportedMediaType', message: 'Compressed request bodies are not accepted' };
    }
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > maxBytes) return tooLarge(maxBytes);
    const readError = await readRaw(req, res, maxBytes);
    if (readError) {
        return readError.name === 'PayloadTooLargeError' || /exceeds/.test(readError.message)
            ? tooLarge(maxBytes)
            : { ok: false, status: 400, code: 'BadArgument', message: 'The request body could not be read' };
    }
    const body: unknown = req.body;
    if (body === undefined || body === null) return { ok: true, value: undefined };
    const text = bodyText(body);
    if (text === undefined) return { ok: true, value: body };
    if (text.trim() === '') return { ok: true, value: undefined };
    try {
        return { ok: true, value: JSON.parse(text) as unknown };
    } catch {
        return { ok: false, status: 400, code: 'BadArgument', message: 'The request body is not valid JSON' };
    }
}

function tooLarge(maxBytes: number): BodyResult {
    return { ok: false, status: 413, code: 'PayloadTooLarge', message: `The request body is larger than ${maxBytes} bytes` };
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** True when the request comes from this machine (the bot calling its own connector API). */
export function isLoopback(req: restify.Request): boolean {
    return LOOPBACK.has(req.socket.remoteAddress ?? '');
}
