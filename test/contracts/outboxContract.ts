import { DuplicateReferenceError, newReference, Outbox, OutboxMessage } from '../../src/escalation';

const LEASE_MS = 60_000;

export function mail(reference = newReference(new Date())): OutboxMessage {
    return {
        reference,
        envelope: { from: 'bot@example.org', to: ['helpdesk@example.org'] },
        raw: Buffer.from(`Message-ID: <${reference}@example.org>\r\nSubject: [CPMS access] ${reference} – Ștefan\r\n\r\nBună ziua\r\n`, 'utf8'),
        createdAt: new Date(),
    };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The durable escalation outbox contract (see `Outbox` in src/escalation/outbox.ts). */
export function outboxContract(make: () => Outbox): void {
    test('a queued message is claimed once, byte for byte, and settled as sent', async () => {
        const outbox = make();
        const message = mail();
        await outbox.enqueue(message);
        expect(await outbox.stats()).toMatchObject({ pending: 1, failing: 0, sent: 0 });

        const claimed = await outbox.claimNext(new Date(), LEASE_MS);
        expect(claimed).toMatchObject({ reference: message.reference, envelope: message.envelope, attempts: 1 });
        expect(claimed?.raw.equals(message.raw)).toBe(true);
        // Held by the first claim: nobody else gets it.
        expect(await outbox.claimNext(new Date(), LEASE_MS)).toBeUndefined();

        expect(await outbox.markSent(message.reference, claimed!.leaseToken, new Date())).toBe(true);
        expect(await outbox.stats()).toMatchObject({ pending: 0, sent: 1, oldestPendingCreatedAt: null });
        expect(await outbox.claimNext(new Date(), LEASE_MS)).toBeUndefined();
    });

    test('a reference is unique', async () => {
        const outbox = make();
        const message = mail();
        await outbox.enqueue(message);
        await expect(outbox.enqueue({ ...message, raw: Buffer.from('other') })).rejects.toBeInstanceOf(DuplicateReferenceError);
        expect((await outbox.stats()).pending).toBe(1);
    });

    test('a failed attempt waits until its next attempt time, counts attempts and shows the error', async () => {
        const outbox = make();
        const message = mail();
        await outbox.enqueue(message);
        const first = await outbox.claimNext(new Date(), LEASE_MS);
        expect(await outbox.markFailed(message.reference, first!.leaseToken, 'ECONNECTION connect ECONNREFUSED', new Date(Date.now() + 1500))).toBe(true);
        const stats = await outbox.stats();
        expect(stats).toMatchObject({ pending: 1, failing: 1, lastError: 'ECONNECTION connect ECONNREFUSED' });
        expect(stats.oldestPendingCreatedAt?.getTime()).toBe(message.createdAt.getTime());
        expect(await outbox.claimNext(new Date(), LEASE_MS)).toBeUndefined();

        await sleep(2100);
        const second = await outbox.claimNext(new Date(), LEASE_MS);
        expect(second).toMatchObject({ reference: message.reference, attempts: 2 });
        // The first attempt's lease is over: it can no longer settle the message.
        expect(await outbox.markSent(message.reference, first!.leaseToken, new Date())).toBe(false);
        expect(await outbox.markSent(message.reference, second!.leaseToken, new Date())).toBe(true);
        expect(await outbox.stats()).toMatchObject({ pending: 0, sent: 1 });
    });

    test('several messages are each claimed by exactly one of several concurrent claimers', async () => {
        const outbox = make();
        const messages = [mail(), mail(), mail()];
        for (const m of messages) await outbox.enqueue(m);
        const claims = await Promise.all(Array.from({ length: 6 }, () => outbox.claimNext(new Date(), LEASE_MS)));
        const references = claims.filter((c) => c !== undefined).map((c) => c!.reference);
        expect(references.sort()).toEqual(messages.map((m) => m.reference).sort());
    });
}
