import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as restify from 'restify';
import {
    ActivityHandler,
    CloudAdapter,
    ConversationReference,
    MessageFactory,
    TurnContext,
} from 'botbuilder';
import { createAdapter } from '../../src/adapter';
import { Config, loadConfig } from '../../src/config';
import { DirectLineHandle, registerDirectLine } from '../../src/directline/directLine';
import { Db, openDatabase } from '../../src/storage/database';
import { registerWebRoutes } from '../../src/web/webRoutes';

/** Words the echo bot's welcome offers as buttons (the page test clicks the first). */
export const WELCOME_BUTTONS = ['Start the guide', 'Contact the helpdesk'];
export const WELCOME_TEXT = 'Welcome! I am the test echo bot.';

/**
 * A small bot for channel tests: welcomes new members with buttons, echoes messages with the
 * activity's locale, and remembers conversation references for proactive messages.
 */
export class EchoBot extends ActivityHandler {
    readonly references = new Map<string, Partial<ConversationReference>>();
    readonly seenLocales: string[] = [];
    readonly conversationUpdates: { membersAdded: string[]; locale?: string }[] = [];

    constructor() {
        super();
        this.onMembersAdded(async (context, next) => {
            this.remember(context);
            this.conversationUpdates.push({
                membersAdded: (context.activity.membersAdded ?? []).map((m) => m.id),
                locale: context.activity.locale,
            });
            const userJoined = (context.activity.membersAdded ?? []).some((m) => m.id !== context.activity.recipient.id);
            if (userJoined) await context.sendActivity(MessageFactory.suggestedActions(WELCOME_BUTTONS, WELCOME_TEXT));
            await next();
        });
        this.onMessage(async (context, next) => {
            this.remember(context);
            this.seenLocales.push(context.activity.locale ?? '');
            await context.sendActivity(`You said: ${context.activity.text ?? ''}`);
            await next();
        });
    }

    private remember(context: TurnContext): void {
        this.references.set(context.activity.conversation.id, TurnContext.getConversationReference(context.activity));
    }
}

/** A restify server with the echo bot behind the real Direct Line and web routes. */
export interface EchoServer {
    baseUrl: string;
    config: Config;
    adapter: CloudAdapter;
    bot: EchoBot;
    db: Db;
    directLine: DirectLineHandle;
    close(): Promise<void>;
}

export function tempDataDir(prefix: string): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
}

export async function startEchoServer(dataDir: string, env: Record<string, string> = {}): Promise<EchoServer> {
    const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', ...env });
    const db = openDatabase(config.databaseFile);
    const server = restify.createServer({ name: 'echo-test' });
    let baseUrl = '';
    const adapter = createAdapter(config);
    adapter.onTurnError = async (_context, error) => {
        throw error;
    };
    const bot = new EchoBot();
    // A variable, not a literal: fits the Direct Line logger whatever levels it asks for.
    const quietLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const directLine = registerDirectLine(server, {
        adapter,
        logic: (context) => bot.run(context),
        db,
        config,
        serviceUrl: () => `${baseUrl}/v3/directline`,
        logger: quietLogger,
    });
    registerWebRoutes(server, { config });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    baseUrl = `http://127.0.0.1:${address.port}`;
    return {
        baseUrl,
        config,
        adapter,
        bot,
        db,
        directLine,
        close: async () => {
            directLine.close();
            await new Promise<void>((resolve) => server.close(() => resolve()));
            db.close();
        },
    };
}
