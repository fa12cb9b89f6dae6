import { Activity, ActivityTypes } from 'botbuilder';
import type { TranscriptArchive } from '../../src/escalation';

type Store = TranscriptArchive & { flush?(): Promise<void> };

let ids = 0;

/** An activity as TranscriptLoggerMiddleware hands it over: from the user, or the bot's reply to them. */
function activity(conversation: string, user: string, text: string, fromUser: boolean, extra: Partial<Activity> = {}): Activity {
    const userAccount = { id: user, name: 'Ana Popescu', role: 'user' };
    const botAccount = { id: 'bot', name: 'CPMS bot', role: 'bot' };
    return {
        type: ActivityTypes.Message,
        id: `a${++ids}`,
        channelId: 'test',
        serviceUrl: 'https://channel.example.org/',
        conversation: { id: conversation, isGroup: false, conversationType: 'personal', name: '' },
        from: fromUser ? userAccount : botAccount,
        recipient: fromUser ? botAccount : userAccount,
        text,
        channelData: { tenant: { id: 'tenant-secret' } },
        timestamp: new Date(),
        ...extra,
    } as Activity;
}

async function allActivities(store: Store, conversation: string): Promise<Activity[]> {
    const items: Activity[] = [];
    let token: string | undefined;
    do {
        const page = await store.getTranscriptActivities('test', conversation, token);
        items.push(...page.items);
        token = page.continuationToken || undefined;
    } while (token);
    return items;
}

/** Logs like the middleware: one call per activity, in order, without waiting for each. */
async function log(store: Store, activities: Activity[]): Promise<void> {
    await Promise.all(activities.map((a) => store.logActivity(a)));
    await store.flush?.();
}

/** The transcript archive contract (escalation e-mails, forget-me, retention). */
export function transcriptContract(make: (now?: () => Date) => Store): void {
    test('keeps a conversation in logging order, minimised, without typing or traces', async () => {
        const store = make();
        await log(store, [
            activity('conversation-1', 'user-a', 'start', true),
            activity('conversation-1', 'user-a', 'typing', false, { type: ActivityTypes.Typing }),
            activity('conversation-1', 'user-a', 'Welcome! Are you a member?', false),
            activity('conversation-1', 'user-a', 'trace', false, { type: ActivityTypes.Trace }),
            activity('conversation-1', 'user-a', 'member', true),
            activity('conversation-1', 'user-a', 'Which hospital? — Spitalul Județean', false),
        ]);
        const items = await allActivities(store, 'conversation-1');
        expect(items.map((a) => a.text)).toEqual(['start', 'Welcome! Are you a member?', 'member', 'Which hospital? — Spitalul Județean']);
        expect(items[0].from).toEqual({ id: 'user-a', role: 'user' });
        expect(items[0].timestamp).toBeInstanceOf(Date);
        expect(JSON.stringify(items)).not.toMatch(/tenant-secret|Ana Popescu|channel\.example/);
    });

    test('a conversation whose id starts like another one is kept apart', async () => {
        const store = make();
        await log(store, [activity('conversation-1', 'user-a', 'one', true), activity('conversation-10', 'user-b', 'ten', true)]);
        expect((await allActivities(store, 'conversation-1')).map((a) => a.text)).toEqual(['one']);
        await store.deleteTranscript('test', 'conversation-1');
        expect(await allActivities(store, 'conversation-1')).toEqual([]);
        expect((await allActivities(store, 'conversation-10')).map((a) => a.text)).toEqual(['ten']);
    });

    test('forgetting a user deletes every conversation they had, and only those', async () => {
        const store = make();
        await log(store, [
            activity('conversation-1', 'user-a', 'a in 1', true),
            activity('conversation-1', 'user-a', 'reply to a', false),
            activity('conversation-2', 'user-a', 'a in 2', true),
            activity('conversation-3', 'user-b', 'b in 3', true),
        ]);
        expect((await store.conversationsOf('user-a')).map((c) => c.conversationId).sort()).toEqual(['conversation-1', 'conversation-2']);
        expect(await store.deleteUser('user-a')).toBe(2);
        expect(await allActivities(store, 'conversation-1')).toEqual([]);
        expect(await allActivities(store, 'conversation-2')).toEqual([]);
        expect((await allActivities(store, 'conversation-3')).map((a) => a.text)).toEqual(['b in 3']);
        expect(await store.conversationsOf('user-a')).toEqual([]);
    });

    test('retention deletes what was logged before the cut-off, by the bot clock', async () => {
        let now = new Date('2026-01-01T10:00:00Z');
        const store = make(() => now);
        // A client timestamp in the future must not keep an old line alive.
        await log(store, [activity('conversation-old', 'user-a', 'old', true, { timestamp: new Date('2030-01-01T00:00:00Z') })]);
        now = new Date('2026-02-15T10:00:00Z');
        await log(store, [activity('conversation-new', 'user-a', 'new', true)]);
        expect(await store.purgeOlderThan(30)).toBe(1);
        expect(await allActivities(store, 'conversation-old')).toEqual([]);
        expect((await allActivities(store, 'conversation-new')).map((a) => a.text)).toEqual(['new']);
    });
}
