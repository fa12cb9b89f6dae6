import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { PROJECT_ROOT } from '../paths';
import { CatalogueError, parseCatalogue, toCatalogueFileData } from './schema';
import type { Catalogue } from './types';

/** The catalogue shipped with the bot; read from the source tree so it works from `dist/` too. */
export const SHIPPED_CATALOGUE_FILE = path.join(PROJECT_ROOT, 'src', 'catalogue', 'catalogue.json');

/** Largest catalogue file read: 20,000 hospitals with long names and aliases fit well below it. */
export const MAX_CATALOGUE_FILE_BYTES = 32 * 1024 * 1024;

/** Reads and validates a catalogue file. @throws {@link CatalogueError} (also for unreadable JSON). */
export function loadCatalogueFile(file: string): Catalogue {
    let raw: unknown;
    try {
        const size = fs.statSync(file).size;
        if (size > MAX_CATALOGUE_FILE_BYTES) throw new Error(`the file is ${size} bytes; at most ${MAX_CATALOGUE_FILE_BYTES} are read`);
        raw = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (err) {
        throw new CatalogueError(file, [`(file): ${err instanceof Error ? err.message : String(err)}`]);
    }
    return parseCatalogue(raw, file);
}

/** The catalogue in effect: `file` when it exists, else the shipped one. */
export function currentCatalogueFile(file: string, shippedFile: string = SHIPPED_CATALOGUE_FILE): string {
    return fs.existsSync(file) ? file : shippedFile;
}

/**
 * Writes a catalogue atomically: a temporary file in the same directory, then a rename, so a bot
 * reading concurrently sees the old file or the new one, never half of it.
 */
export function writeCatalogueFile(file: string, catalogue: Catalogue, about?: string): void {
    const dir = path.dirname(file);
    fs.mkdirSync(dir, { recursive: true });
    const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
    const body = `${JSON.stringify(toCatalogueFileData(catalogue, about), null, 1)}\n`;
    try {
        fs.writeFileSync(temp, body, { encoding: 'utf8', flag: 'wx' });
        fs.renameSync(temp, file);
    } catch (err) {
        fs.rmSync(temp, { force: true });
        throw err;
    }
}
