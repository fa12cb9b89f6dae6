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
    if (text === undefined) {
        return nestsDeeperThan(body, MAX_JSON_DEPTH)
            ? { ok: false, status: 400, code: 'BadArgument', message: `The request body nests deeper than ${MAX_JSON_DEPTH} levels` }
            : { ok: true, value: body };
    }
    if (text.trim() === '') return { ok: true, value: undefined };
    let value: unknown;
    try {
        value = JSON.parse(text) as unknown;
    } catch {
        return { ok: false, status: 400, code: 'BadArgument', message: 'The request body is not valid JSON' };
    }
    // Deeply nested values (a card `value` 8,000 levels deep) overflow recursive code further on.
    if (nestsDeeperThan(value, MAX_JSON_DEPTH)) {
        return { ok: false, status: 400, code: 'BadArgument', message: `The request body nests deeper than ${MAX_JSON_DEPTH} levels` };
    }
    return { ok: true, value };
}

function tooLarge(maxBytes: number): BodyResult {
    return { ok: false, status: 413, code: 'PayloadTooLarge', message: `The request body is larger than ${maxBytes} bytes` };
}

/**
 * The client's address for rate limits: the socket's peer. `X-Forwarded-For` is not trusted (any
 * client can write it); behind a reverse proxy every client shares the proxy's address.
 */
export function clientAddress(req: restify.Request): string {
    return req.socket.remoteAddress ?? 'unknown';
}

/** Deepest JSON nesting accepted in a request body (activities nest a few levels; cards about ten). */
export const MAX_JSON_DEPTH = 64;

/** True when `value` nests deeper than `max` (iterative: a deep value cannot overflow the stack here). */
export function nestsDeeperThan(value: unknown, max: number): boolean {
    const stack: Array<{ node: unknown; depth: number }> = [{ node: value, depth: 0 }];
    while (stack.length > 0) {
        const { node, depth } = stack.pop() as { node: unknown; depth: number };
        if (node === null || typeof node !== 'object') continue;
        if (depth >= max) return true;
        for (const child of Object.values(node as Record<string, unknown>)) stack.push({ node: child, depth: depth + 1 });
    }
    return false;
}
