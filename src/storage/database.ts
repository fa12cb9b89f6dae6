import Database from 'better-sqlite3';
import * as fs from 'fs';
import * as path from 'path';

export type Db = Database.Database;

/**
 * Opens (and creates) the embedded SQLite database shared by state storage, transcripts,
 * the escalation outbox and FAQ feedback. Each service creates its own tables.
 */
export function openDatabase(file: string): Db {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file);
    // WAL lets the CLI read reports while the bot writes; busy_timeout covers short lock waits.
    if (file !== ':memory:') db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    // Deleted rows are overwritten with zeros, not left in free pages ("forget me", retention).
    db.pragma('secure_delete = ON');
    // A chat workload: many small writes. With WAL, NORMAL syncs at checkpoints instead of every
    // commit; a crash of the process loses nothing committed (an escalation survives kill -9), a power
    // cut may lose the last moments. Temporary tables in memory and a 16 MB page cache.
    db.pragma('synchronous = NORMAL');
    db.pragma('temp_store = MEMORY');
    db.pragma('cache_size = -16000');
    return db;
}

/**
 * Makes deletions final on disk: copies the write-ahead log into the database (where
 * `secure_delete` has zeroed the freed space) and truncates the log, which otherwise keeps the
 * deleted text until the next automatic checkpoint or shutdown.
 */
export function eraseDeletedData(db: Db): void {
    if (db.memory) return;
    db.pragma('wal_checkpoint(TRUNCATE)');
}
