/**
 * Clicks every button the bot shows, at every prompt reachable by buttons, in every language and on
 * both channels, exactly as Teams and Web Chat send a click (`messageBack`: its text and value;
 * `imBack`: its value as text). Breadth-first over the dialog states: each state is a copy of the
 * conversation's and user's stored state, so a click costs one turn. Fails on a turn that throws or
 * apologises, a click with no reply, or the same prompt (same buttons) asked again after one of its own
 * answer buttons.
 */
import { Activity } from 'botbuilder';
import { SUPPORTED_LANGUAGES, translator } from '../../src/i18n';
import { createTestBot, TestBot, visibleText } from '../support/testBot';

interface Button {
    type: string;
    title: string;
    text?: string;
    value?: unknown;
}

/** Buttons that explain and then rightly ask the same question again ("I'm not sure", "Show the list", "I'm stuck", 👍). */
const INFORMATIVE_VALUES = new Set(['notSure', 'list', 'stuck']);
/** Most distinct prompts explored per language and channel. */
const MAX_PROMPTS = 150;

const buttonsOf = (reply: Partial<Activity>): Button[] =>
    (reply.attachments ?? []).flatMap((a) => ((a.content as { buttons?: Button[] } | undefined)?.buttons ?? []).filter((b) => b.type !== 'openUrl'));

/** The prompt of a turn: its last reply with buttons. */
function promptOf(replies: Partial<Activity>[]): Partial<Activity> | undefined {
    return [...replies].reverse().find((r) => buttonsOf(r).length > 0);
}
const titles = (prompt: Partial<Activity> | undefined) => (prompt ? buttonsOf(prompt).map((b) => b.title).sort().join(' | ') : '');
const stateKey = (prompt: Partial<Activity> | undefined) => `${prompt?.text ?? ''}\n${titles(prompt)}`;

function isInformative(button: Button): boolean {
    const value = button.value as { choice?: string; faqFeedback?: string } | undefined;
    return value?.faqFeedback !== undefined || INFORMATIVE_VALUES.has(value?.choice ?? '');
}

interface Node {
    conversation: string;
    user: string;
    prompt: Partial<Activity>;
    path: string[];
}

interface Fault {
    kind: string;
    path: string;
    button: string;
    detail: string;
}

const apologies = SUPPORTED_LANGUAGES.map((lng) => translator(lng)('common:errors.apology'));

async function crawl(bot: TestBot, locale: string, channelId: string): Promise<{ prompts: number; clicks: number; faults: Fault[] }> {
    let counter = 0;
    const ids = () => {
        counter++;
        return { conversationId: `crawl-${channelId}-${locale}-${counter}`, userId: `crawl-user-${channelId}-${locale}-${counter}` };
    };
    const talk = (id: { conversationId: string; userId: string }) => bot.conversation(locale, { channelId, ...id, conversationType: 'personal' });
    const storage = bot.runtime.storage;
    /** Copies a node's stored state to a new conversation and user: a branch of the crawl. */
    const branch = async (node: Node) => {
        const id = ids();
        // botbuilder's state keys: `<channel>/conversations/<id>/<namespace>` and `<channel>/users/<id>/<namespace>`
        const from = [`${channelId}/conversations/${node.conversation}/`, `${channelId}/users/${node.user}/`];
        const to = [`${channelId}/conversations/${id.conversationId}/`, `${channelId}/users/${id.userId}/`];
        const items = await storage.read(from);
        const copy: Record<string, object> = {};
        from.forEach((key, i) => {
            if (items[key]) copy[to[i]] = { ...items[key], eTag: '*' };
        });
        if (Object.keys(copy).length !== 2) throw new Error(`no stored state to branch from at ${node.path.join(' → ')}`);
        await storage.write(copy);
        return id;
    };

    const faults: Fault[] = [];
    const first = ids();
    const start = talk(first);
    let welcome = await start.join();
    if (!promptOf(welcome)) welcome = await start.say('hi');
    const queue: Node[] = [{ conversation: first.conversationId, user: first.userId, prompt: promptOf(welcome) as Partial<Activity>, path: [] }];
    const seen = new Set<string>([stateKey(queue[0].prompt)]);
    let clicks = 0;
    while (queue.length > 0 && seen.size <= MAX_PROMPTS) {
        const node = queue.shift() as Node;
        for (const button of buttonsOf(node.prompt)) {
            const id = await branch(node);
            const user = talk(id);
            let replies: Partial<Activity>[];
            const where = node.path.join(' → ') || '(welcome)';
            try {
                replies = button.type === 'messageBack' ? await user.say(button.text ?? '', { value: button.value }) : await user.say(String(button.value ?? button.title));
            } catch (error) {
                faults.push({ kind: 'error', path: where, button: button.title, detail: (error as Error).message });
                continue;
            }
            clicks++;
            const text = replies.map(visibleText).join('\n');
            if (replies.length === 0) faults.push({ kind: 'no reply', path: where, button: button.title, detail: '' });
            if (apologies.some((a) => text.includes(a))) faults.push({ kind: 'apology', path: where, button: button.title, detail: text.slice(0, 200) });
            const next = promptOf(replies);
            if (next && titles(next) === titles(node.prompt) && !isInformative(button)) {
                faults.push({ kind: 'loop', path: where, button: button.title, detail: text.slice(0, 300) });
            }
            if (next && !seen.has(stateKey(next))) {
                seen.add(stateKey(next));
                queue.push({ conversation: id.conversationId, user: id.userId, prompt: next, path: [...node.path, button.title] });
            }
        }
    }
    return { prompts: seen.size, clicks, faults };
}

describe('every button the bot shows moves the conversation on', () => {
    let bot: TestBot;
    beforeAll(() => {
        bot = createTestBot();
    });
    afterAll(() => bot.close());

    const cases = SUPPORTED_LANGUAGES.flatMap((lng) => ['webchat', 'msteams'].map((channel) => [lng, channel] as const));
    test.each(cases)('%s on %s: no loop, no error, never silence', async (lng, channel) => {
        const { prompts, clicks, faults } = await crawl(bot, lng, channel);
        // the guide, the FAQ, the hand-over and the language menu are all reachable by buttons
        expect(faults).toEqual([]);
        expect(prompts).toBeGreaterThanOrEqual(12);
        expect(clicks).toBeGreaterThanOrEqual(30);
    }, 120_000);
});
