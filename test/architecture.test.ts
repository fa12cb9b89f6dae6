import * as fs from 'fs';
import * as path from 'path';

const SRC = path.join(__dirname, '..', 'src');

function files(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

describe('layout', () => {
    test('src/ does not depend on dialogs/, except the composition root (src/runtime.ts)', () => {
        const offenders = files(SRC)
            .filter((file) => path.relative(SRC, file) !== 'runtime.ts')
            .filter((file) => /from\s+['"](\.\.\/)+dialogs\b/.test(fs.readFileSync(file, 'utf8')))
            .map((file) => path.relative(SRC, file));
        expect(offenders).toEqual([]);
    });

    test('the composition root imports only the dialogs index', () => {
        const imports = fs.readFileSync(path.join(SRC, 'runtime.ts'), 'utf8').match(/from\s+['"]\.\.\/dialogs[^'"]*['"]/g) ?? [];
        expect(imports).toEqual(["from '../dialogs'"]);
    });
});
