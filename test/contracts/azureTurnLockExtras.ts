import { Activity, TestAdapter, TurnContext } from 'botbuilder';
import { AzureStorageAccount } from '../../src/storage/azureClients';
import { AzureTurnLockMiddleware, purgeIdleTurnLocks } from '../../src/storage/azureTurnLock';
import { createLogger } from '../../src/log';

let counter = 0;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function contextFor(conversationId: string): TurnContext {
    const activity = { type: 'message', text: 'hi', channelId: 'test', conversation: { id: conversationId }, from: { id: 'u' }, recipient: { id: 'bot' } } as Activity;
    return new TurnContext(new TestAdapter(), activity);
}

/** The cross-instance turn lock: what keeps two instances from running one conversation's turns at once. */
export function azureTurnLockExtras(connectionString: () => string): void {
    const setUp = () => {
        const account = new AzureStorageAccount(connectionString());
        const name = `locks-${++counter}`;
        // Two "instances": two middlewares with their own clients on the same container.
        const instance = () => new AzureTurnLockMiddleware(() => new AzureStorageAccount(connectionString()).container(name), createLogger('silent'));
        return { container: () => account.container(name), a: instance(), b: instance() };
    };

    /** Runs a turn that takes `ms`; resolves with when it ran. */
    const turn = async (lock: AzureTurnLockMiddleware, conversationId: string, ms: number) => {
        let span = { start: 0, end: 0 };
        await lock.onTurn(contextFor(conversationId), async () => {
            const start = Date.now();
            await sleep(ms);
            span = { start, end: Date.now() };
        });
        return span;
    };

    test('turns of one conversation on two instances run one after the other; other conversations do not wait', async () => {
        const { a, b } = setUp();
        const [first, second, other] = await Promise.all([turn(a, 'c-1', 400), turn(b, 'c-1', 400), turn(b, 'c-2', 400)]);
        const [earlier, later] = first.start <= second.start ? [first, second] : [second, first];
        expect(later.start).toBeGreaterThanOrEqual(earlier.end);
        // c-2 overlapped with the c-1 turns: it did not queue behind them.
        expect(other.start).toBeLessThan(later.start);
    });

    test('retention deletes idle lock blobs and keeps a held one', async () => {
        const { a, container } = setUp();
        await turn(a, 'idle', 1);
        let purged = -1;
        await a.onTurn(contextFor('busy'), async () => {
            purged = await purgeIdleTurnLocks(await container(), 0, new Date(Date.now() + 60_000));
        });
        expect(purged).toBe(1);
        const names: string[] = [];
        for await (const item of (await container()).listBlobsFlat()) names.push(decodeURIComponent(item.name));
        expect(names).toEqual(['test/busy']);
    });
}
