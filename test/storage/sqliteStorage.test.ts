import * as fs from 'fs';
import * as path from 'path';
import { openDatabase } from '../../src/storage/database';
import { ETagConflictError, SqliteStorage } from '../../src/storage/sqliteStorage';
import { tempDir } from '../support/tempDir';

describe('SqliteStorage', () => {
    let dir: string;
    let file: string;

    beforeEach(() => {
        dir = tempDir();
        file = path.join(dir, 'state.sqlite');
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    test('reads back what it wrote, with an eTag, and nothing for unknown keys', async () => {
        const db = openDatabase(file);
        const storage = new SqliteStorage(db);
        await storage.write({ a: { count: 1, nested: { list: [1, 2] } } });
        const items = await storage.read(['a', 'missing']);
        expect(items.a).toMatchObject({ count: 1, nested: { list: [1, 2] } });
        expect(typeof items.a.eTag).toBe('string');
        expect(items.missing).toBeUndefined();
        db.close();
    });

    test('a write with the current eTag succeeds and changes the eTag', async () => {
        const db = openDatabase(file);
        const storage = new SqliteStorage(db);
        await storage.write({ k: { v: 1 } });
        const first = (await storage.read(['k'])).k;
        await storage.write({ k: { ...first, v: 2 } });
        const second = (await storage.read(['k'])).k;
        expect(second.v).toBe(2);
        expect(second.eTag).not.toBe(first.eTag);
        db.close();
    });

    test('a stale write is rejected and changes nothing, including other keys of the same call', async () => {
        const db = openDatabase(file);
        const storage = new SqliteStorage(db);
        await storage.write({ k: { v: 1 } });
        const stale = (await storage.read(['k'])).k;
        await storage.write({ k: { ...stale, v: 2 } });
        await expect(storage.write({ other: { v: 9 }, k: { ...stale, v: 3 } })).rejects.toBeInstanceOf(ETagConflictError);
        const items = await storage.read(['k', 'other']);
        expect(items.k.v).toBe(2);
        expect(items.other).toBeUndefined();
        db.close();
    });

    test('"*" and a missing eTag overwrite whatever is stored', async () => {
        const db = openDatabase(file);
        const storage = new SqliteStorage(db);
        await storage.write({ k: { v: 1 } });
        await storage.write({ k: { v: 2, eTag: '*' } });
        expect((await storage.read(['k'])).k.v).toBe(2);
        await storage.write({ k: { v: 3 } });
        expect((await storage.read(['k'])).k.v).toBe(3);
        db.close();
    });

    test('delete removes keys; state survives closing and reopening the file', async () => {
        let db = openDatabase(file);
        let storage = new SqliteStorage(db);
        await storage.write({ keep: { v: 'kept' }, drop: { v: 'dropped' } });
        await storage.delete(['drop']);
        db.close();
        db = openDatabase(file);
        storage = new SqliteStorage(db);
        const items = await storage.read(['keep', 'drop']);
        expect(items.keep.v).toBe('kept');
        expect(items.drop).toBeUndefined();
        db.close();
    });
});
