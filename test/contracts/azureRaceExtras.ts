import * as fs from 'fs';
import type { Storage } from 'botbuilder';
import { AzureTurnLockMiddleware } from '../../src/storage/azureTurnLock';
import { createTestBot, said, TestConversation } from '../support/testBot';

/** Holds the storage's writes until `count` turns have read a conversation's state (at most 10 s). */
function readBarrier(storage: Storage, count: number): { release(): void } {
    const read = storage.read.bind(storage);
    const write = storage.write.bind(storage);
    let reads = 0;
    let open: () => void = () => undefined;
    const opened = new Promise<void>((resolve) => {
        open = resolve;
        setTimeout(resolve, 10_000).unref();
    });
    storage.read = async (keys) => {
        const items = await read(keys);
        if (keys.some((key) => key.includes('/conversations/')) && ++reads >= count) open();
        return items;
    };
    storage.write = async (changes) => {
        await opened;
        return write(changes);
    };
    return {
        release() {
            open();
            storage.read = read;
            storage.write = write;
        },
    };
}

/**
 * Two messages of one conversation handled at the same moment when the turn lock could not be had
 * (left out here): the second write of the conversation state is refused by its eTag. The losing
 * turn must not take the winner's state down with it, and the user must be told.
 */
export function azureRaceExtras(connectionString: () => string): void {
    test('without the turn lock the losing turn asks the user to resend, and the conversation goes on from the winner', async () => {
        const bot = createTestBot({ STORAGE: 'azure', AZURE_STORAGE_CONNECTION_STRING: connectionString(), AZURE_STATE_CONTAINER: 'race-state' });
        try {
            const unlocked = { ...bot.runtime, middleware: bot.runtime.middleware.filter((m) => !(m instanceof AzureTurnLockMiddleware)) };
            const first = new TestConversation(unlocked, 'en-US');
            const second = new TestConversation(unlocked, 'en-US');
            await first.join();
            await first.say('get access step by step');
            // Both answer the membership question at once, and both read the state before either
            // writes (held at a barrier, as two instances would be on a slower network).
            const bothRead = readBarrier(bot.runtime.storage, 2);
            const replies = (await Promise.all([first.say('member'), second.say('member')])).map(said);
            bothRead.release();
            expect(replies.join('\n')).not.toMatch(/something went wrong|started over/);
            // The loser's own reply may already be out; then it says the message was not taken.
            expect(replies.filter((r) => /arrived at the same moment/.test(r))).toHaveLength(1);
            expect(replies.filter((r) => /Step 1 of 4: EU Login/.test(r) && !/arrived at the same moment/.test(r))).toHaveLength(1);
            // The winner's turn was kept: the guide goes on at step 1, not from the menu.
            expect(said(await first.say('no'))).toMatch(/register\.cgi/);
        } finally {
            await bot.close();
            fs.rmSync(bot.dir, { recursive: true, force: true });
        }
    }, 60_000);
}
