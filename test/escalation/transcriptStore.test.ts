import { Activity, ActivityTypes, TranscriptLoggerMiddleware } from 'botbuilder';
import { scheduleTranscriptPurge } from '../../src/escalation';
import { SqliteTranscriptStore, TRANSCRIPT_PAGE_SIZE } from '../../src/escalation/transcriptStore';
import { Db } from '../../src/storage/database';
import { CHANNEL_ID, CONVERSATION_ID, echoAdapter, makeTempDir, openTestDb, removeTempDir, talk, testConfig, USER_ID } from './helpers';

const DAY_MS = 24 * 3600_000;

function message(conversationId: string, userId: string, text: string, fromUser = true): Activity {
    const user = { id: userId, name: 'Dr. Test Example', role: 'user' };
    const bot = { id: 'cpms-bot', name: 'CPMS bot', role: 'bot' };
    return {
        type: ActivityTypes.Message,
        channelId: CHANNEL_ID,
        conversation: { id: conversationId },
        from: fromUser ? user : bot,
        recipient: fromUser ? bot : user,
        text,
        timestamp: new Date(),
    } as Activity;
}

async function allActivities(store: SqliteTranscriptStore, conversationId: string): Promise<Activity[]> {
    const out: Activity[] = [];
    let token: string | undefined;
    do {
        const page = await store.getTranscriptActivities(CHANNEL_ID, conversationId, token);
        out.push(...page.items);
        token = page.continuationToken || undefined;
    } while (token);
    return out;
}

describe('SqliteTranscriptStore', () => {
    let dir: string;
    let db: Db;

    beforeEach(async () => {
        dir = await makeTempDir();
        db = openTestDb(testConfig(dir));
    });

    afterEach(async () => {
        db.close();
        await removeTempDir(dir);
    });

    it('records both directions through TranscriptLoggerMiddleware, in order, without typing', async () => {
        const store = new SqliteTranscriptStore(db);
        expect(new TranscriptLoggerMiddleware(store)).toBeDefined();
        await talk(echoAdapter(store), ['hello', 'card']);
        const activities = await allActivities(store, CONVERSATION_ID);
        expect(activities.map((a) => [a.from.role ?? 'bot', a.text ?? a.attachments?.[0].contentType])).toEqual([
            ['user', 'hello'],
            ['bot', 'You said: hello'],
            ['user', 'card'],
            ['bot', 'application/vnd.microsoft.card.hero'],
        ]);
        expect(activities.every((a) => a.timestamp instanceof Date)).toBe(true);
        expect(activities[1].recipient.id).toBe(USER_ID);
        expect(activities[3].suggestedActions?.actions.map((a) => a.title)).toEqual(['Help', 'Talk to the helpdesk']);
    });

    it('drops channelData, entities, account names and inline file data', async () => {
        const store = new SqliteTranscriptStore(db);
        const activity = {
            ...message('conv-min', 'user-min', 'with extras'),
            channelData: { clientActivityID: 'x', tenant: { id: 'tenant-secret' } },
            entities: [{ type: 'clientInfo', timezone: 'Europe/Rome' }],
            serviceUrl: 'https://smba.example.org',
            attachments: [{ contentType: 'image/png', name: 'screen.png', contentUrl: `data:image/png;base64,${'A'.repeat(5000)}` }],
        } as Activity;
        await store.logActivity(activity);
        await store.logActivity({ ...message('conv-min', 'user-min', ''), type: ActivityTypes.Typing } as Activity);
        await store.logActivity({ ...message('conv-min', 'user-min', ''), type: ActivityTypes.Trace } as Activity);
        const [stored, ...rest] = await allActivities(store, 'conv-min');
        expect(rest).toEqual([]);
        expect(stored.channelData).toBeUndefined();
        expect(stored.entities).toBeUndefined();
        expect(stored.serviceUrl).toBeUndefined();
        expect(stored.from).toEqual({ id: 'user-min', role: 'user' });
        expect(stored.attachments).toEqual([{ contentType: 'image/png', name: 'screen.png' }]);
    });

    it('pages activities and conversations with continuation tokens, and filters by start date', async () => {
        const store = new SqliteTranscriptStore(db);
        const total = TRANSCRIPT_PAGE_SIZE * 2 + 17;
        const start = Date.parse('2026-01-01T00:00:00Z');
        for (let i = 0; i < total; i++) {
            await store.logActivity({ ...message('conv-long', 'user-long', `line ${i}`), timestamp: new Date(start + i * 1000) } as Activity);
        }
        const first = await store.getTranscriptActivities(CHANNEL_ID, 'conv-long');
        expect(first.items).toHaveLength(TRANSCRIPT_PAGE_SIZE);
        expect(first.continuationToken).not.toBe('');
        const all = await allActivities(store, 'conv-long');
        expect(all.map((a) => a.text)).toEqual(Array.from({ length: total }, (_, i) => `line ${i}`));
        const late = await store.getTranscriptActivities(CHANNEL_ID, 'conv-long', undefined, new Date(start + (total - 5) * 1000));
        expect(late.items.map((a) => a.text)).toEqual([0, 1, 2, 3, 4].map((k) => `line ${total - 5 + k}`));

        for (let i = 0; i < TRANSCRIPT_PAGE_SIZE + 3; i++) await store.logActivity(message(`conv-${i}`, `user-${i}`, 'hi'));
        const listed: string[] = [];
        let token: string | undefined;
        do {
            const page = await store.listTranscripts(CHANNEL_ID, token);
            listed.push(...page.items.map((t) => t.id));
            expect(page.items.every((t) => t.channelId === CHANNEL_ID && t.created instanceof Date)).toBe(true);
            token = page.continuationToken || undefined;
        } while (token);
        expect(listed).toHaveLength(TRANSCRIPT_PAGE_SIZE + 4);
        expect(listed[0]).toBe('conv-long');
        expect((await store.listTranscripts('msteams')).items).toEqual([]);
    });

    it('deletes one transcript', async () => {
        const store = new SqliteTranscriptStore(db);
        await store.logActivity(message('conv-a', 'user-a', 'a'));
        await store.logActivity(message('conv-b', 'user-a', 'b'));
        await store.deleteTranscript(CHANNEL_ID, 'conv-a');
        expect(await allActivities(store, 'conv-a')).toEqual([]);
        expect(await allActivities(store, 'conv-b')).toHaveLength(1);
    });

    it('deleteUser removes every conversation the user took part in, and nobody else’s', async () => {
        const store = new SqliteTranscriptStore(db);
        await talk(echoAdapter(store, { conversationId: 'conv-a1', userId: 'user-a' }), ['hello']);
        // A conversation where only the bot's side was logged still belongs to the user (recipient.id).
        await store.logActivity(message('conv-a2', 'user-a', 'reminder from the bot', false));
        await talk(echoAdapter(store, { conversationId: 'conv-b1', userId: 'user-b' }), ['hello']);
        expect(await store.deleteUser('user-a')).toBe(2);
        expect(await allActivities(store, 'conv-a1')).toEqual([]);
        expect(await allActivities(store, 'conv-a2')).toEqual([]);
        expect(await allActivities(store, 'conv-b1')).toHaveLength(2);
        expect(await store.deleteUser('user-a')).toBe(0);
    });

    it('purges what was logged before the retention period', async () => {
        let now = new Date('2026-01-01T12:00:00Z');
        const store = new SqliteTranscriptStore(db, { now: () => now });
        await store.logActivity(message('conv-old', 'user-old', 'old'));
        now = new Date(now.getTime() + 20 * DAY_MS);
        await store.logActivity(message('conv-mid', 'user-mid', 'mid'));
        now = new Date(now.getTime() + 11 * DAY_MS); // 31 days after the first
        await store.logActivity(message('conv-new', 'user-new', 'new'));
        expect(await store.purgeOlderThan(30)).toBe(1);
        expect(await allActivities(store, 'conv-old')).toEqual([]);
        expect(await allActivities(store, 'conv-mid')).toHaveLength(1);
        expect(await store.purgeOlderThan(10)).toBe(1);
        expect(await allActivities(store, 'conv-new')).toHaveLength(1);
        await expect(store.purgeOlderThan(-1)).rejects.toThrow(/retention/);
    });

    it('scheduleTranscriptPurge purges at start and logs the count only', async () => {
        let now = new Date('2026-01-01T12:00:00Z');
        const store = new SqliteTranscriptStore(db, { now: () => now });
        await store.logActivity(message('conv-old', 'user-old', 'Dr. Test Example wrote this'));
        now = new Date(now.getTime() + 31 * DAY_MS);
        const lines: string[] = [];
        const schedule = scheduleTranscriptPurge(store, 30, (_level, line) => lines.push(line));
        expect(await schedule.first).toBe(1);
        schedule.stop();
        expect(lines).toEqual(['transcript retention: 1 activities older than 30 days removed']);
    });
});
