import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** A fresh temporary directory; the caller removes it. */
export function tempDir(prefix = 'cpms-test-'): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
