import * as fs from 'fs';
import { createLogger } from '../log';
import { CatalogueSearch } from './search';
import { SHIPPED_CATALOGUE_FILE, loadCatalogueFile } from './store';
import type { Catalogue } from './types';

/** How often, at most, {@link CatalogueService.search} looks at the catalogue file for changes. */
export const CHANGE_CHECK_INTERVAL_MS = 1000;

/** Where the service reports reloads and rejected files (the process's pino logger fits). */
export interface CatalogueLogger {
    info(message: string): void;
    warn(message: string): void;
}

export interface CatalogueServiceOptions {
    /** The helpdesk's catalogue (`config.catalogueFile`); the shipped one is used while it does not exist. */
    file: string;
    shippedFile?: string;
    logger?: CatalogueLogger;
    /** Clock in milliseconds, replaceable in tests. */
    now?: () => number;
}

/** Identity of a file version: changes on every write, and on rename-over (new inode). */
function fileSignature(file: string): string {
    try {
        const stat = fs.statSync(file);
        return `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
    } catch {
        return 'missing';
    }
}

/**
 * The catalogue in effect and its search. Follows changes of the catalogue file — written by
 * `cli catalogue import` in another process — by comparing the file's mtime, size and inode at
 * most once per second when {@link search} is read. A new file that fails validation is logged
 * and the previous catalogue stays in use.
 */
export class CatalogueService {
    private readonly file: string;
    private readonly shippedFile: string;
    private readonly logger: CatalogueLogger;
    private readonly now: () => number;
    private current: CatalogueSearch;
    private currentSource: string;
    /** Signature of `file` last looked at (loaded or rejected), so a bad file is reported once. */
    private seenSignature: string;
    private lastCheck: number;

    private constructor(opts: CatalogueServiceOptions) {
        this.file = opts.file;
        this.shippedFile = opts.shippedFile ?? SHIPPED_CATALOGUE_FILE;
        this.logger = opts.logger ?? createLogger('info').child({ component: 'catalogue' });
        this.now = opts.now ?? Date.now;
        this.seenSignature = fileSignature(this.file);
        this.currentSource = this.seenSignature === 'missing' ? this.shippedFile : this.file;
        this.current = new CatalogueSearch(loadCatalogueFile(this.currentSource));
        this.lastCheck = this.now();
    }

    /**
     * Loads the current catalogue: `file` if it exists, else the shipped one.
     * @throws {@link CatalogueError} when that catalogue is invalid: the bot must not start with it.
     */
    static open(opts: CatalogueServiceOptions): CatalogueService {
        return new CatalogueService(opts);
    }

    /** The search over the current catalogue (reloaded first if the file changed). */
    get search(): CatalogueSearch {
        if (this.now() - this.lastCheck >= CHANGE_CHECK_INTERVAL_MS) this.checkForChange();
        return this.current;
    }

    /** Builds the current search's indexes ahead of the first search (see {@link CatalogueSearch.warmUp}). */
    warmUp(pause?: () => Promise<void>): Promise<void> {
        return this.current.warmUp(pause);
    }

    /** The current catalogue, guest entries included. */
    get catalogue(): Catalogue {
        return this.search.catalogue;
    }

    /** The file the current catalogue came from. */
    get source(): string {
        return this.currentSource;
    }

    /** Looks at the file now (regardless of the interval); true when a new catalogue was loaded. */
    checkForChange(): boolean {
        this.lastCheck = this.now();
        const signature = fileSignature(this.file);
        if (signature === this.seenSignature) return false;
        this.seenSignature = signature;
        const source = signature === 'missing' ? this.shippedFile : this.file;
        try {
            this.current = new CatalogueSearch(loadCatalogueFile(source));
            this.currentSource = source;
            this.logger.info(`catalogue loaded from ${source}`);
            return true;
        } catch (err) {
            this.logger.warn(`kept the previous catalogue: ${err instanceof Error ? err.message : String(err)}`);
            return false;
        }
    }
}
