/** A minimal Direct Line 3.0 client over fetch, for tests against the bot's own endpoint. */
export interface Json {
    [key: string]: unknown;
}

export async function call(url: string, init: RequestInit = {}): Promise<{ status: number; body: Json; text: string; headers: Headers }> {
    const res = await fetch(url, init);
    const text = await res.text();
    let body: Json = {};
    try {
        body = text ? (JSON.parse(text) as Json) : {};
    } catch {
        body = {};
    }
    return { status: res.status, body, text, headers: res.headers };
}

export function bearer(token: string): Record<string, string> {
    return { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
}

export async function requestToken(base: string, body: Json = {}): Promise<{ status: number; body: Json; headers: Headers }> {
    return call(`${base}/api/directline/token`, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
}

export async function startConversation(base: string, token: string): Promise<{ status: number; conversationId: string; headers: Headers }> {
    const res = await call(`${base}/v3/directline/conversations`, { method: 'POST', headers: bearer(token), body: '{"user":{}}' });
    return { status: res.status, conversationId: String(res.body.conversationId ?? ''), headers: res.headers };
}

export async function postText(base: string, token: string, conversationId: string, text: string): Promise<number> {
    const res = await call(`${base}/v3/directline/conversations/${conversationId}/activities`, {
        method: 'POST',
        headers: bearer(token),
        body: JSON.stringify({ type: 'message', text, locale: 'en-US', from: { id: 'ignored' } }),
    });
    return res.status;
}

export async function activities(base: string, token: string, conversationId: string): Promise<{ status: number; activities: Json[] }> {
    const res = await call(`${base}/v3/directline/conversations/${conversationId}/activities`, { headers: bearer(token) });
    return { status: res.status, activities: (res.body.activities as Json[] | undefined) ?? [] };
}

/** Polls until the conversation holds at least `count` bot messages. */
export async function waitForBotMessages(base: string, token: string, conversationId: string, count: number): Promise<Json[]> {
    for (let i = 0; i < 400; i++) {
        const page = await activities(base, token, conversationId);
        const bot = page.activities.filter((a) => (a.from as Json | undefined)?.role === 'bot' && a.type === 'message');
        if (bot.length >= count) return page.activities;
        await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`fewer than ${count} bot messages in ${conversationId}`);
}
