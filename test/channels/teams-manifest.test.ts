import * as fs from 'fs';
import JSZip from 'jszip';
import * as path from 'path';
import { PNG } from 'pngjs';
import { readLocaleFile, SUPPORTED_LANGUAGES } from '../../src/i18n';
import { MANIFEST_DIR } from '../../src/paths';
import { checkIcon, renderColorIcon } from '../../src/teams/icons';
import { buildAppPackage, DEV_APP_ID, DEV_HOSTNAME, fillTemplate, manifestSettings, validateAppPackage } from '../../src/teams/manifest';
import { packageManifest, Reporter } from '../../src/teams/packageManifest';
import { tempDataDir } from './echoServer';

// @microsoft/app-manifest requires strip-bom 5, an ES module: plain Node 20 loads it, but jest's
// module runtime on Node 20 cannot require ESM. It is only used by the file readers, which the
// validation does not call; this stands in with the same one-line behaviour.
jest.mock('strip-bom', () => ({
    __esModule: true,
    default: (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text),
}));

const BOT_ID = '3f6b1c2e-8a4d-4e2b-9c1a-2b7d5e8f9a10';
const ENV = { MicrosoftAppId: BOT_ID, PUBLIC_HOSTNAME: 'cpms-bot.example.org' };

/** The command titles Teams shows per language, and the bot's own words for them. */
const COMMANDS: Record<string, string[]> = {
    en: ['help', 'start', 'helpdesk', 'language'],
    ro: ['ajutor', 'începe', 'asistență', 'limba'],
    it: ['aiuto', 'inizia', 'assistenza', 'lingua'],
    fr: ['aide', 'commencer', 'assistance', 'langue'],
    de: ['hilfe', 'start', 'helpdesk', 'sprache'],
    es: ['ayuda', 'empezar', 'soporte', 'idioma'],
};
const PACKAGE_FILES = ['color.png', 'de.json', 'en.json', 'es.json', 'fr.json', 'it.json', 'manifest.json', 'outline.png', 'ro.json'];
const COMMAND_WORD_KEYS = ['help', 'start', 'helpdesk', 'language'];

interface Manifest {
    id: string;
    manifestVersion: string;
    bots: { botId: string; scopes: string[]; commandLists: { scopes: string[]; commands: { title: string }[] }[] }[];
    localizationInfo: { defaultLanguageTag: string; defaultLanguageFile: string; additionalLanguages: { languageTag: string; file: string }[] };
    staticTabs: { entityId: string; name?: string; contentUrl?: string }[];
    validDomains: string[];
}

function packageJson<T>(files: Map<string, Buffer>, name: string): T {
    return JSON.parse(files.get(name)?.toString('utf8') ?? 'null') as T;
}

/** Collects what the command prints. */
function recorder(): Reporter & { lines: string[] } {
    const lines: string[] = [];
    const push = (...args: unknown[]) => lines.push(args.map(String).join(' '));
    return { lines, log: push, warn: push, error: push };
}

const temporaryDirs: string[] = [];

function temporaryDir(prefix: string): string {
    const dir = tempDataDir(prefix);
    temporaryDirs.push(dir);
    return dir;
}

afterAll(() => {
    for (const dir of temporaryDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A copy of manifest/ in a temp dir, changed by `edit`, for deliberately broken packages. */
function brokenCopy(edit: (dir: string) => void): string {
    const dir = path.join(temporaryDir('manifest'), 'manifest');
    fs.cpSync(MANIFEST_DIR, dir, { recursive: true });
    edit(dir);
    return dir;
}

function editJson(file: string, change: (json: Record<string, unknown>) => void): void {
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    change(json);
    fs.writeFileSync(file, JSON.stringify(json, null, 2));
}

describe('Teams app package', () => {
    it('passes the official schema (offline), the icon checks and the localization schema', async () => {
        const { settings, warnings } = manifestSettings(ENV);
        expect(warnings).toEqual([]);
        const files = buildAppPackage(settings);
        await expect(validateAppPackage(files)).resolves.toEqual([]);
        expect([...files.keys()].sort()).toEqual(PACKAGE_FILES);

        const manifest = packageJson<Manifest>(files, 'manifest.json');
        expect(Number(manifest.manifestVersion.split('.')[1])).toBeGreaterThanOrEqual(19);
        expect(manifest.id).toBe(BOT_ID);
        expect(manifest.bots[0].botId).toBe(BOT_ID);
        expect(manifest.bots[0].scopes).toEqual(['personal', 'team', 'groupChat']);
        expect(manifest.bots[0].commandLists.flatMap((l) => l.scopes)).toEqual(['personal', 'team', 'groupChat']);
        const guide = manifest.staticTabs.find((t) => t.entityId === 'cpmsGuide');
        expect(guide).toMatchObject({ name: 'CPMS access guide', contentUrl: 'https://cpms-bot.example.org/tab' });
        expect(manifest.validDomains).toEqual(['cpms-bot.example.org']);
    });

    it('has a localization file for every language the bot speaks, all listed in localizationInfo', () => {
        const manifest = packageJson<Manifest>(buildAppPackage(manifestSettings(ENV).settings), 'manifest.json');
        expect(manifest.localizationInfo.defaultLanguageFile).toBe('en.json');
        const tags = [manifest.localizationInfo.defaultLanguageTag, ...manifest.localizationInfo.additionalLanguages.map((l) => l.languageTag)];
        expect(tags.sort()).toEqual([...SUPPORTED_LANGUAGES].sort());
        expect(manifest.localizationInfo.additionalLanguages).toContainEqual({ languageTag: 'fr', file: 'fr.json' });
    });

    it('a language added as a file of manifest/localization is packaged, listed and validated', async () => {
        const dir = brokenCopy((d) => {
            fs.copyFileSync(path.join(d, 'localization', 'en.json'), path.join(d, 'localization', 'pt.json'));
            editJson(path.join(d, 'localization', 'pt.json'), (l) => {
                l['name.short'] = 'Assistente CPMS';
            });
        });
        const files = buildAppPackage(manifestSettings(ENV).settings, dir);
        expect(packageJson<Manifest>(files, 'manifest.json').localizationInfo.additionalLanguages).toContainEqual({ languageTag: 'pt', file: 'pt.json' });
        await expect(validateAppPackage(files)).resolves.toEqual([]);
    });

    it('lists the commands in every language with titles the bot understands', () => {
        const files = buildAppPackage(manifestSettings(ENV).settings);
        const manifest = packageJson<Manifest>(files, 'manifest.json');
        for (const list of manifest.bots[0].commandLists) expect(list.commands.map((c) => c.title)).toEqual(COMMANDS.en);
        for (const lng of SUPPORTED_LANGUAGES) {
            const strings = packageJson<Record<string, string>>(files, `${lng}.json`);
            for (let list = 0; list < 3; list++) {
                const titles = COMMANDS.en.map((_, i) => strings[`bots[0].commandLists[${list}].commands[${i}].title`]);
                expect(titles).toEqual(COMMANDS[lng]);
            }
            // The bot matches typed commands against its words in locales/<lng>/common.json.
            const words = (readLocaleFile(lng, 'common.json') as { words: Record<string, string[]> }).words;
            COMMAND_WORD_KEYS.forEach((key, i) => expect(words[key]).toContain(COMMANDS[lng][i]));
        }
    });

    it('falls back to clear placeholders with warnings when the environment is empty', () => {
        const { settings, warnings } = manifestSettings({});
        expect(settings.BOT_ID).toBe(DEV_APP_ID);
        expect(settings.PUBLIC_HOSTNAME).toBe(DEV_HOSTNAME);
        expect(warnings.join('\n')).toMatch(/not accept for publishing/);
        expect(warnings.join('\n')).toMatch(/PUBLIC_HOSTNAME is not set/);
    });

    it('refuses a template with an unknown placeholder', () => {
        expect(() => fillTemplate('{"id": "${{NOPE}}"}', manifestSettings(ENV).settings)).toThrow('unknown placeholder ${{NOPE}}');
    });

    it('fails with the schema message for a deliberately broken manifest and localization file', async () => {
        const dir = brokenCopy((d) => {
            editJson(path.join(d, 'manifest.template.json'), (m) => {
                (m.bots as { scopes: string[] }[])[0].scopes = ['everywhere'];
                delete m.accentColor;
            });
            editJson(path.join(d, 'localization', 'ro.json'), (l) => {
                l['name.short'] = 'Un nume mult prea lung pentru Microsoft Teams';
            });
        });
        const problems = await validateAppPackage(buildAppPackage(manifestSettings(ENV).settings, dir));
        expect(problems).toEqual(
            expect.arrayContaining([
                expect.stringMatching(/^manifest\.json: must have required property 'accentColor'/),
                expect.stringMatching(/^manifest\.json: \/bots\/0\/scopes\/0 must be equal to one of the allowed values/),
                expect.stringMatching(/^ro\.json: \/name\.short must NOT have more than 30 characters/),
            ]),
        );
    });

    it('checks icon sizes and that the outline icon is white on transparent', () => {
        expect(checkIcon('color', fs.readFileSync(path.join(MANIFEST_DIR, 'color.png')))).toEqual([]);
        expect(checkIcon('outline', fs.readFileSync(path.join(MANIFEST_DIR, 'outline.png')))).toEqual([]);
        expect(checkIcon('outline', renderColorIcon())).toEqual(['outline icon must be 32x32 pixels, got 192x192']);
        const opaque = new PNG({ width: 32, height: 32 });
        opaque.data.fill(255);
        opaque.data[3 * 4] = 0; // one blue-ish pixel…
        expect(checkIcon('outline', PNG.sync.write(opaque))[0]).toMatch(/not white/);
        const solidWhite = new PNG({ width: 32, height: 32 });
        solidWhite.data.fill(255);
        expect(checkIcon('outline', PNG.sync.write(solidWhite))).toEqual(['outline icon must have a transparent background']);
    });

    it('npm run manifest writes build/appPackage.zip, or exits 1 with the schema message', async () => {
        const out = path.join(temporaryDir('package'), 'appPackage.zip');
        const ok = recorder();
        await expect(packageManifest({ env: ENV, outFile: out, reporter: ok })).resolves.toBe(0);
        const zip = await JSZip.loadAsync(fs.readFileSync(out));
        expect(Object.keys(zip.files).sort()).toEqual(PACKAGE_FILES);
        const manifest = JSON.parse(await zip.file('manifest.json')!.async('string')) as Manifest;
        expect(manifest.bots[0].botId).toBe(BOT_ID);

        const broken = brokenCopy((d) => editJson(path.join(d, 'manifest.template.json'), (m) => (m.manifestVersion = '9.99')));
        const failed = recorder();
        const brokenOut = path.join(path.dirname(out), 'broken.zip');
        await expect(packageManifest({ env: ENV, manifestDir: broken, outFile: brokenOut, reporter: failed })).resolves.toBe(1);
        expect(failed.lines.join('\n')).toContain('/manifestVersion must be equal to constant');
        expect(fs.existsSync(brokenOut)).toBe(false);
    });
});
