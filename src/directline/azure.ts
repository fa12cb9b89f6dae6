import type { Config } from '../config';

/** Azure's Direct Line answers within a few seconds; the page must not hang on it. */
export const AZURE_TIMEOUT_MS = 10_000;

/** Azure's answer to `POST /tokens/generate`. */
export interface AzureToken {
    token: string;
    conversationId?: string;
    expiresIn?: number;
}

/** Azure's Direct Line refused, failed or did not answer. */
export class AzureDirectLineError extends Error {
    constructor(message: string) {
        super(message);
        this.name = 'AzureDirectLineError';
    }
}

/**
 * Exchanges the Direct Line secret for a token bound to `userId` at Azure's Direct Line
 * (`config.directLineEndpoint`), so the secret never reaches the browser.
 */
export async function generateAzureToken(config: Pick<Config, 'directLineSecret' | 'directLineEndpoint'>, userId: string): Promise<AzureToken> {
    const url = `${config.directLineEndpoint.replace(/\/+$/, '')}/tokens/generate`;
    let response: Response;
    try {
        response = await fetch(url, {
            method: 'POST',
            headers: { Authorization: `Bearer ${config.directLineSecret}`, 'Content-Type': 'application/json' },
            body: JSON.stringify({ user: { id: userId } }),
            signal: AbortSignal.timeout(AZURE_TIMEOUT_MS),
        });
    } catch (err) {
        throw new AzureDirectLineError(`Direct Line at ${url} did not answer: ${(err as Error).message}`);
    }
    if (!response.ok) throw new AzureDirectLineError(`Direct Line at ${url} answered HTTP ${response.status}`);
    const body = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
    if (!body || typeof body.token !== 'string' || body.token === '') {
        throw new AzureDirectLineError(`Direct Line at ${url} returned no token`);
    }
    return {
        token: body.token,
        conversationId: typeof body.conversationId === 'string' ? body.conversationId : undefined,
        expiresIn: typeof body.expires_in === 'number' ? body.expires_in : undefined,
    };
}
