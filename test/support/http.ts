import { Activity } from 'botbuilder';
import { said } from './testBot';

export { said };

/** Talks to the running server the way a script does: expectReplies, replies in the HTTP body. */
export async function send(base: string, activity: Partial<Activity>): Promise<{ status: number; replies: Partial<Activity>[]; body: unknown }> {
    const response = await fetch(`${base}/api/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(activity),
    });
    const text = await response.text();
    const body: unknown = text ? JSON.parse(text) : undefined;
    const replies = ((body as { activities?: Partial<Activity>[] })?.activities ?? []).filter((a) => a.type === 'message');
    return { status: response.status, replies, body };
}

/** A message from the one test user, answered in the HTTP response. */
export function message(text: string, extra: Partial<Activity> = {}): Partial<Activity> {
    return {
        type: 'message',
        text,
        deliveryMode: 'expectReplies',
        channelId: 'test',
        serviceUrl: 'http://127.0.0.1:9/',
        locale: 'en-US',
        from: { id: 'http-user', name: 'User' },
        recipient: { id: 'bot', name: 'bot' },
        conversation: { id: 'http-conversation' } as Activity['conversation'],
        ...extra,
    };
}

