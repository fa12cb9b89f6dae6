/**
 * What the running bot loads (dialogs/framework.ts says why): botbuilder-dialogs' classes come from
 * their own modules, never from the package index, which would also load every built-in prompt
 * and Microsoft's Recognizers-Text suites (about 33 MB and half a second of start-up); tinyld's
 * model is loaded only when a language is detected.
 * The check runs the built app (`npm test` builds it in `pretest`) in a fresh Node process, where
 * require.cache lists exactly the files loaded.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { PROJECT_ROOT } from '../src/paths';

const APP = path.join(PROJECT_ROOT, 'dist', 'src', 'app.js');
const DETECTION = path.join(PROJECT_ROOT, 'dist', 'src', 'languageDetection.js');

/** Files under node_modules loaded by a fresh process after running `script`. */
function loadedPackages(script: string): string[] {
    const probe = `${script}; process.stdout.write(JSON.stringify(Object.keys(require.cache)))`;
    const out = execFileSync(process.execPath, ['--disable-warning=DEP0111', '-e', probe], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    return (JSON.parse(out) as string[]).filter((f) => f.includes(`${path.sep}node_modules${path.sep}`)).map((f) => f.split(`node_modules${path.sep}`).pop() ?? f);
}

describe('modules the bot loads', () => {
    beforeAll(() => {
        if (!fs.existsSync(APP)) throw new Error(`${APP} is missing: run "npm run build" first`);
    });

    test('the app loads botbuilder-dialogs without its index, its built-in prompts or the Recognizers-Text suites', () => {
        const loaded = loadedPackages(`require(${JSON.stringify(APP)})`);
        expect(loaded.some((f) => f.startsWith('botbuilder-dialogs/lib/componentDialog'))).toBe(true);
        expect(loaded).not.toContain('botbuilder-dialogs/lib/index.js');
        expect(loaded.filter((f) => /^botbuilder-dialogs\/lib\/prompts\/(?!prompt\.js)/.test(f))).toEqual([]);
        // Only the number recogniser, which the Prompt base class's choice formatting requires.
        expect(loaded.filter((f) => f.startsWith('@microsoft/recognizers-text') && !f.startsWith('@microsoft/recognizers-text-number/'))).toEqual([]);
        expect(loaded.filter((f) => f.startsWith('tinyld/'))).toEqual([]);
    });

    test('detecting a language loads tinyld, on first use', () => {
        const loaded = loadedPackages(`require(${JSON.stringify(DETECTION)}).detectLanguage('Bonjour, je voudrais un accès à la plateforme')`);
        expect(loaded.some((f) => f.startsWith('tinyld/'))).toBe(true);
    });
});
