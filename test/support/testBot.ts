import { Activity, ActivityTypes, TestAdapter } from 'botbuilder';
import { Config, loadConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import { createRuntime, Runtime } from '../../src/runtime';
import { tempDir } from './tempDir';

export { tempDir };


export function testConfig(dataDir: string, env: Record<string, string> = {}): Config {
    return loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', PORT: '0', ...env });
}

/** Every text a user sees in a reply: message text, card titles, texts, facts and buttons. */
export function visibleText(activity: Partial<Activity>): string {
    const parts: string[] = [];
    if (activity.text) parts.push(activity.text);
    for (const attachment of activity.attachments ?? []) parts.push(JSON.stringify(attachment.content ?? ''));
    for (const action of activity.suggestedActions?.actions ?? []) parts.push(String(action.title));
    return parts.join('\n');
}

/** Everything visible in a turn's replies, joined. */
export const said = (replies: Partial<Activity>[]): string => replies.map(visibleText).join('\n');

/** Button titles of a reply (hero card imBack buttons). */
export function buttons(activity: Partial<Activity>): string[] {
    return (activity.attachments ?? []).flatMap((a) => ((a.content as { buttons?: { title: string }[] })?.buttons ?? []).map((b) => b.title));
}

/**
 * One user talking to the real bot (real SQLite, catalogue, FAQ, escalation outbox) through
 * botbuilder's TestAdapter with the runtime's middleware. `say` returns the bot's replies to one message.
 */
export class TestConversation {
    readonly adapter: TestAdapter;

    constructor(readonly runtime: Runtime, readonly locale = 'en-US', options: { channelId?: string; userId?: string; conversationId?: string; userName?: string; conversationType?: string } = {}) {
        this.adapter = new TestAdapter((context) => runtime.bot.run(context), {
            channelId: options.channelId ?? 'test',
            locale,
            from: { id: options.userId ?? 'user-1', name: options.userName ?? 'User', role: 'user' },
            recipient: { id: 'bot', name: 'CPMS bot', role: 'bot' },
            conversation: {
                id: options.conversationId ?? 'conversation-1',
                isGroup: (options.conversationType ?? 'personal') !== 'personal',
                conversationType: options.conversationType ?? 'personal',
                name: '',
            },
        } as Partial<Activity>);
        for (const middleware of runtime.middleware) this.adapter.use(middleware);
    }

    /** Sends a message and returns everything the bot replied during that turn (typing left out). */
    async say(text: string, extra: Partial<Activity> = {}): Promise<Partial<Activity>[]> {
        return this.send({ type: ActivityTypes.Message, text, locale: this.locale, ...extra });
    }

    /** The user joins: the channel's conversationUpdate. */
    async join(): Promise<Partial<Activity>[]> {
        const template = this.adapter.template;
        return this.send({
            type: ActivityTypes.ConversationUpdate,
            membersAdded: [template.from!, template.recipient!],
            locale: this.locale,
        });
    }

    async send(activity: Partial<Activity>): Promise<Partial<Activity>[]> {
        this.adapter.activeQueue.splice(0);
        await this.adapter.receiveActivity(activity);
        return this.adapter.activeQueue.splice(0).filter((a) => a.type === ActivityTypes.Message);
    }

    /**
     * Clicks a button of the last replies as Teams and Web Chat send it: a `messageBack` posts its
     * text and value, an `imBack` its value as text. Throws when no button has that title.
     */
    async click(title: string | RegExp, last: Partial<Activity>[]): Promise<Partial<Activity>[]> {
        const matches = (t: string) => (typeof title === 'string' ? t === title : title.test(t));
        for (const reply of [...last].reverse()) {
            for (const attachment of reply.attachments ?? []) {
                const content = attachment.content as { buttons?: { type: string; title: string; text?: string; value?: unknown }[] } | undefined;
                const button = content?.buttons?.find((b) => matches(b.title));
                if (!button) continue;
                if (button.type === 'messageBack') return this.say(button.text ?? '', { value: button.value });
                return this.say(String(button.value ?? button.title));
            }
        }
        throw new Error(`no button ${String(title)} among: ${last.flatMap(buttons).join(' | ')}`);
    }

    /** Sends a message and returns the replies' visible text joined. */
    async text(text: string): Promise<string> {
        return (await this.say(text)).map(visibleText).join('\n---\n');
    }
}

export interface TestBot {
    runtime: Runtime;
    config: Config;
    dir: string;
    conversation(locale?: string, options?: ConstructorParameters<typeof TestConversation>[2]): TestConversation;
    close(): Promise<void>;
}

/** The real runtime on a fresh temporary data directory. */
export function createTestBot(env: Record<string, string> = {}, dir = tempDir()): TestBot {
    const config = testConfig(dir, env);
    const runtime = createRuntime(config, createLogger('silent'));
    return {
        runtime,
        config,
        dir,
        conversation: (locale = 'en-US', options = {}) => new TestConversation(runtime, locale, options),
        async close() {
            await runtime.close();
        },
    };
}
