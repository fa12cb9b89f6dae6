import { AzureStorageAccount } from '../../src/storage/azureClients';
import { AzureQueueOutbox, DeadLetter, DeliveryRecord } from '../../src/escalation/azureOutbox';
import { mail } from './outboxContract';

let counter = 0;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What only the queue outbox promises beyond the common contract: no second e-mail, dead letters. */
export function azureOutboxExtras(connectionString: () => string): void {
    const setUp = (maxAttempts = 20) => {
        const account = new AzureStorageAccount(connectionString());
        const name = `extras-${++counter}`;
        const outbox = new AzureQueueOutbox({
            container: () => account.container(name),
            queue: () => account.queue(name),
            deadLetterQueue: () => account.queue(`${name}-poison`),
            maxAttempts,
        });
        const deadLetters = async (): Promise<DeadLetter[]> => {
            const peeked = await (await account.queue(`${name}-poison`)).peekMessages({ numberOfMessages: 32 });
            return peeked.peekedMessageItems.map((m) => JSON.parse(m.messageText) as DeadLetter);
        };
        const record = async (reference: string): Promise<DeliveryRecord> => {
            const download = await (await account.container(name)).getBlobClient(`delivery/${reference}.json`).downloadToBuffer();
            return JSON.parse(download.toString('utf8')) as DeliveryRecord;
        };
        return { account, name, outbox, deadLetters, record };
    };

    test('a sender that died during a delivery leaves it in doubt: it is dead-lettered, never sent again', async () => {
        const { outbox, deadLetters, record } = setUp();
        const message = mail();
        await outbox.enqueue(message);
        // Claimed (the "sending" record is written before SMTP), then the sender is gone: no settle.
        expect(await outbox.claimNext(new Date(), 1000)).toBeDefined();
        expect((await record(message.reference)).status).toBe('sending');
        await sleep(1600);
        expect(await outbox.claimNext(new Date(), 60_000)).toBeUndefined();
        expect(await outbox.deadLettered()).toBe(1);
        expect(await deadLetters()).toEqual([expect.objectContaining({ reference: message.reference, reason: expect.stringMatching(/in doubt/) })]);
        expect(await record(message.reference)).toMatchObject({ status: 'deadLettered' });
        expect((await outbox.stats()).pending).toBe(0);
    });

    test('a message whose delivery was recorded as sent is only deleted when it shows up again', async () => {
        const { account, name, outbox, deadLetters } = setUp();
        const message = mail();
        await outbox.enqueue(message);
        const claimed = await outbox.claimNext(new Date(), 1000);
        // SMTP accepted and "sent" was recorded; the process died before deleting the queue message.
        const blob = (await account.container(name)).getBlockBlobClient(`delivery/${message.reference}.json`);
        const sent: DeliveryRecord = { status: 'sent', createdAt: message.createdAt.getTime(), attempts: claimed!.attempts, sentAt: Date.now() };
        await blob.upload(JSON.stringify(sent), Buffer.byteLength(JSON.stringify(sent)), { metadata: { status: 'sent', createdat: String(sent.createdAt) } });
        await sleep(1600);
        expect(await outbox.claimNext(new Date(), 60_000)).toBeUndefined();
        expect(await deadLetters()).toEqual([]);
        expect((await (await account.queue(name)).getProperties()).approximateMessagesCount).toBe(0);
        expect(await outbox.stats()).toMatchObject({ pending: 0, sent: 1 });
    });

    test('after the last allowed attempt fails the escalation goes to the dead-letter queue with its last error', async () => {
        const { outbox, deadLetters } = setUp(2);
        const message = mail();
        await outbox.enqueue(message);
        for (let attempt = 1; attempt <= 2; attempt++) {
            const claimed = await outbox.claimNext(new Date(), 60_000);
            expect(claimed?.attempts).toBe(attempt);
            await outbox.markFailed(message.reference, claimed!.leaseToken, 'EENVELOPE 550 mailbox unavailable', new Date());
        }
        expect(await outbox.claimNext(new Date(), 60_000)).toBeUndefined();
        expect(await deadLetters()).toEqual([
            expect.objectContaining({ reference: message.reference, attempts: 3, reason: expect.stringMatching(/2 attempts failed.*EENVELOPE 550/) }),
        ]);
        expect((await outbox.stats()).pending).toBe(0);
    });
}
