import { Storage, StoreItems } from 'botbuilder';
import { randomUUID } from 'crypto';
import type { Db } from './database';

/** A stale write: the item changed since the writer read it. */
export class ETagConflictError extends Error {
    constructor(key: string) {
        super(`[SqliteStorage] eTag conflict for key "${key}": the item was changed by another turn`);
        this.name = 'ETagConflictError';
    }
}

interface Row {
    key: string;
    value: string;
    etag: string;
}

/**
 * botbuilder {@link Storage} on SQLite: conversation and user state survive restarts.
 *
 * @remarks
 * Optimistic concurrency as botbuilder's MemoryStorage does it: a write whose `eTag` differs from the
 * stored one is rejected; `*`, no eTag, or a key not stored yet writes. Every write gets a fresh eTag. Writes of one call
 * run in one transaction so a rejected key leaves the others untouched.
 */
export class SqliteStorage implements Storage {
    private readonly selectOne;
    private readonly upsert;
    private readonly remove;
    private readonly writeAll;

    constructor(db: Db) {
        if (!db) throw new Error("[SqliteStorage] missing 'db'");
        db.exec(`CREATE TABLE IF NOT EXISTS bot_state (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            etag TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )`);
        this.selectOne = db.prepare<[string], Row>('SELECT key, value, etag FROM bot_state WHERE key = ?');
        this.upsert = db.prepare(
            `INSERT INTO bot_state (key, value, etag, updated_at) VALUES (@key, @value, @etag, @updatedAt)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value, etag = excluded.etag, updated_at = excluded.updated_at`,
        );
        this.remove = db.prepare('DELETE FROM bot_state WHERE key = ?');
        this.writeAll = db.transaction((changes: StoreItems) => {
            for (const [key, item] of Object.entries(changes)) {
                const expected: unknown = item?.eTag;
                if (expected !== undefined && expected !== '*' && expected !== '') {
                    const current = this.selectOne.get(key);
                    if (current && current.etag !== expected) throw new ETagConflictError(key);
                }
                const { eTag: _ignored, ...value } = (item ?? {}) as Record<string, unknown>;
                this.upsert.run({ key, value: JSON.stringify(value), etag: randomUUID(), updatedAt: new Date().toISOString() });
            }
        });
    }

    async read(keys: string[]): Promise<StoreItems> {
        if (!Array.isArray(keys)) throw new Error('[SqliteStorage] keys must be an array');
        const items: StoreItems = {};
        for (const key of keys) {
            const row = this.selectOne.get(key);
            if (row) items[key] = { ...JSON.parse(row.value), eTag: row.etag };
        }
        return items;
    }

    async write(changes: StoreItems): Promise<void> {
        if (!changes || typeof changes !== 'object') throw new Error('[SqliteStorage] changes must be an object');
        this.writeAll(changes);
    }

    async delete(keys: string[]): Promise<void> {
        for (const key of keys) this.remove.run(key);
    }
}
