import type { Storage } from 'botbuilder';
import { ETagConflictError } from '../../src/storage/sqliteStorage';

/** The state storage contract the bot relies on (botbuilder `Storage` with eTag concurrency). */
export function storageContract(make: () => Storage): void {
    test('reads nothing for keys never written', async () => {
        expect(await make().read(['test/conversations/none/'])).toEqual({});
    });

    test('writes and reads back JSON with non-ASCII text, with an eTag', async () => {
        const storage = make();
        const value = { dialogState: { stack: [{ id: 'journey' }] }, note: 'Bună ziua, îți mulțumesc — così è', n: 3 };
        await storage.write({ 'test/users/ana/': value });
        const read = await storage.read(['test/users/ana/', 'test/users/nobody/']);
        expect(Object.keys(read)).toEqual(['test/users/ana/']);
        expect(read['test/users/ana/']).toMatchObject(value);
        expect(typeof read['test/users/ana/'].eTag).toBe('string');
        expect(read['test/users/ana/'].eTag).not.toBe('');
    });

    test('a write with the eTag just read succeeds and changes the eTag', async () => {
        const storage = make();
        await storage.write({ k: { v: 1 } });
        const first = (await storage.read(['k'])).k;
        await storage.write({ k: { v: 2, eTag: first.eTag } });
        const second = (await storage.read(['k'])).k;
        expect(second.v).toBe(2);
        expect(second.eTag).not.toBe(first.eTag);
    });

    test('a write with a stale eTag is refused with ETagConflictError and changes nothing', async () => {
        const storage = make();
        await storage.write({ k: { v: 1 } });
        const stale = (await storage.read(['k'])).k;
        await storage.write({ k: { v: 2, eTag: stale.eTag } });
        await expect(storage.write({ k: { v: 3, eTag: stale.eTag } })).rejects.toBeInstanceOf(ETagConflictError);
        expect((await storage.read(['k'])).k.v).toBe(2);
    });

    test('"*" and a missing eTag overwrite whatever is stored', async () => {
        const storage = make();
        await storage.write({ k: { v: 1 } });
        await storage.write({ k: { v: 2, eTag: '*' } });
        expect((await storage.read(['k'])).k.v).toBe(2);
        await storage.write({ k: { v: 3 } });
        expect((await storage.read(['k'])).k.v).toBe(3);
    });

    test('of two writers holding the same eTag exactly one wins', async () => {
        const storage = make();
        await storage.write({ k: { turns: 0 } });
        const seen = (await storage.read(['k'])).k;
        const results = await Promise.allSettled([
            storage.write({ k: { turns: 1, by: 'a', eTag: seen.eTag } }),
            storage.write({ k: { turns: 1, by: 'b', eTag: seen.eTag } }),
        ]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(rejected?.reason).toBeInstanceOf(ETagConflictError);
        const winner = results[0].status === 'fulfilled' ? 'a' : 'b';
        expect((await storage.read(['k'])).k.by).toBe(winner);
    });

    test('delete removes the keys given and ignores unknown ones', async () => {
        const storage = make();
        await storage.write({ a: { v: 1 }, b: { v: 2 } });
        await storage.delete(['a', 'never-written']);
        expect(Object.keys(await storage.read(['a', 'b']))).toEqual(['b']);
    });
}
