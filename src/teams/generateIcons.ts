import * as fs from 'fs';
import * as path from 'path';
import { MANIFEST_DIR } from '../paths';
import { renderColorIcon, renderOutlineIcon } from './icons';

/**
 * Writes manifest/color.png and manifest/outline.png. Run once after changing the mark
 * (`npm run build && node dist/src/teams/generateIcons.js`); the PNGs are committed.
 */
function main(): void {
    const files: [string, Buffer][] = [
        ['color.png', renderColorIcon()],
        ['outline.png', renderOutlineIcon()],
    ];
    for (const [name, data] of files) {
        fs.writeFileSync(path.join(MANIFEST_DIR, name), data);
        console.log(`wrote ${path.join('manifest', name)} (${data.length} bytes)`);
    }
}

main();
