import * as fs from 'fs';
import * as path from 'path';

/**
 * The repository root, found from this file's location so that the same code works from
 * `src/` under ts-jest and from `dist/src/` after `tsc`.
 */
function findProjectRoot(start: string): string {
    let dir = start;
    for (;;) {
        if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'locales'))) {
            return dir;
        }
        const parent = path.dirname(dir);
        if (parent === dir) throw new Error(`[paths] no project root above ${start}`);
        dir = parent;
    }
}

export const PROJECT_ROOT = findProjectRoot(__dirname);
/**
 * The language folders (`locales/<lng>/`). `LOCALES_DIR` may point elsewhere, e.g. a copy with an
 * added language: it is read here, not in config.ts, because the language data is loaded when
 * modules load (i18n, the catalogue's word lists), before any Config exists.
 */
export const LOCALES_DIR = process.env.LOCALES_DIR?.trim() ? path.resolve(PROJECT_ROOT, process.env.LOCALES_DIR.trim()) : path.join(PROJECT_ROOT, 'locales');
export const MANIFEST_DIR = path.join(PROJECT_ROOT, 'manifest');
export const NODE_MODULES_DIR = path.join(PROJECT_ROOT, 'node_modules');
