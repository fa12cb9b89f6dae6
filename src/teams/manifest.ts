import * as fs from 'fs';
import * as path from 'path';
import JSZip from 'jszip';
import { AppManifest, AppManifestUtils } from '@microsoft/app-manifest';
import { loadConfig } from '../config';
import { MANIFEST_DIR, PROJECT_ROOT } from '../paths';
import { checkIcon } from './icons';

/** Not valid for publishing: Teams needs the bot's real Microsoft app id. */
export const DEV_APP_ID = '00000000-0000-0000-0000-000000000000';
/** Stands in for PUBLIC_HOSTNAME so a package can still be built and checked offline. */
export const DEV_HOSTNAME = 'cpms-helpdesk-bot.example.org';
/** The template in manifest/, with `${{NAME}}` placeholders. */
export const TEMPLATE_FILE = 'manifest.template.json';
/** manifest/localization/<lng>.json, copied to the root of the package. */
export const LOCALIZATION_DIR = 'localization';
/** Where `npm run manifest` writes the package. */
export const APP_PACKAGE_FILE = path.join(PROJECT_ROOT, 'build', 'appPackage.zip');

const GUID_RE = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
const PLACEHOLDER_RE = /\$\{\{([A-Z_]+)\}\}/g;

/** Values filled into the template's `${{NAME}}` placeholders. */
export interface ManifestSettings {
    TEAMS_APP_ID: string;
    BOT_ID: string;
    PUBLIC_HOSTNAME: string;
    APP_VERSION: string;
}

/** The files of an app package, by their name inside the zip. */
export type AppPackage = Map<string, Buffer>;

type Env = Record<string, string | undefined>;

function packageVersion(): string {
    const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '1.0.0';
}

/**
 * Reads the bot id (`MicrosoftAppId`), the host (`PUBLIC_HOSTNAME`) and optionally a separate
 * `TEAMS_APP_ID` (default: the bot id). Missing values become clear development placeholders,
 * each with a warning, because such a package cannot be published.
 */
export function manifestSettings(env: Env = process.env): { settings: ManifestSettings; warnings: string[] } {
    const config = loadConfig(env);
    const warnings: string[] = [];
    let botId = config.microsoftAppId;
    if (botId === '') {
        botId = DEV_APP_ID;
        warnings.push(`MicrosoftAppId is not set: using the placeholder ${DEV_APP_ID}, which Teams will not accept for publishing`);
    } else if (!GUID_RE.test(botId)) {
        warnings.push(`MicrosoftAppId "${botId}" is not a GUID`);
    }
    const teamsAppId = (env.TEAMS_APP_ID ?? '').trim() || botId;
    let hostname = config.publicHostname;
    if (hostname === '') {
        hostname = DEV_HOSTNAME;
        warnings.push(`PUBLIC_HOSTNAME is not set: the tab points to https://${DEV_HOSTNAME}/tab, a placeholder`);
    }
    return { settings: { TEAMS_APP_ID: teamsAppId, BOT_ID: botId, PUBLIC_HOSTNAME: hostname, APP_VERSION: packageVersion() }, warnings };
}

/** Replaces `${{NAME}}` placeholders; an unknown name is an error, not an empty string. */
export function fillTemplate(template: string, settings: ManifestSettings): string {
    const values: Record<string, string> = { ...settings };
    return template.replace(PLACEHOLDER_RE, (_match, name: string) => {
        const value = values[name];
        if (value === undefined) throw new Error(`${TEMPLATE_FILE}: unknown placeholder \${{${name}}}`);
        // Placeholders sit inside JSON strings: keep the value a valid part of one.
        return JSON.stringify(value).slice(1, -1);
    });
}

/**
 * Builds the package from `manifestDir`: the filled manifest, both icons, and every
 * localization file, all at the root of the zip.
 */
export function buildAppPackage(settings: ManifestSettings, manifestDir: string = MANIFEST_DIR): AppPackage {
    const files: AppPackage = new Map();
    const template = fs.readFileSync(path.join(manifestDir, TEMPLATE_FILE), 'utf8');
    const localizationDir = path.join(manifestDir, LOCALIZATION_DIR);
    const localizations = fs.readdirSync(localizationDir).filter((f) => f.endsWith('.json')).sort();
    files.set('manifest.json', Buffer.from(withLocalizationFiles(fillTemplate(template, settings), localizations), 'utf8'));
    for (const icon of ['color.png', 'outline.png']) files.set(icon, fs.readFileSync(path.join(manifestDir, icon)));
    for (const name of localizations) files.set(name, fs.readFileSync(path.join(localizationDir, name)));
    return files;
}

/**
 * `localizationInfo.additionalLanguages` from the files of manifest/localization/ (`fr.json` →
 * language tag `fr`), every one but the default language's: adding a language to the Teams app is
 * adding its file. A template without `localizationInfo` is left as it is.
 */
export function withLocalizationFiles(manifestJson: string, localizationFiles: readonly string[]): string {
    const manifest = JSON.parse(manifestJson) as JsonObject;
    const info = manifest.localizationInfo as LocalizationInfo | undefined;
    if (!info) return manifestJson;
    info.additionalLanguages = localizationFiles
        .filter((file) => file !== info.defaultLanguageFile)
        .map((file) => ({ languageTag: file.replace(/\.json$/, ''), file }));
    return `${JSON.stringify(manifest, null, 2)}\n`;
}

type JsonObject = Record<string, unknown>;

function parseJson(files: AppPackage, name: string, problems: string[]): JsonObject | undefined {
    const file = files.get(name);
    if (!file) {
        problems.push(`${name} is referenced but not in the package`);
        return undefined;
    }
    try {
        const value = JSON.parse(file.toString('utf8')) as unknown;
        if (value && typeof value === 'object' && !Array.isArray(value)) return value as JsonObject;
        problems.push(`${name} must hold a JSON object`);
    } catch (err) {
        problems.push(`${name} is not valid JSON: ${(err as Error).message}`);
    }
    return undefined;
}

type Schema = Awaited<ReturnType<typeof AppManifestUtils.fetchSchema>>;

function isUnicodeRegExp(pattern: string): boolean {
    try {
        new RegExp(pattern, 'u');
        return true;
    } catch {
        return false;
    }
}

/**
 * Microsoft's localization schema has two key patterns (activity-feed texts, unused here)
 * that are not valid regular expressions in Unicode mode, which ajv uses; dropping them lets
 * the rest of the schema run. Keys they would have matched are then reported as unknown.
 */
function withUsablePatterns(schema: Schema): Schema {
    const patterns = (schema as { patternProperties?: Record<string, unknown> }).patternProperties;
    if (!patterns) return schema;
    const usable = Object.fromEntries(Object.entries(patterns).filter(([pattern]) => isUnicodeRegExp(pattern)));
    return { ...schema, patternProperties: usable } as Schema;
}

/** Runs the official JSON schema named by the document's `$schema` (bundled, so offline). */
async function schemaProblems(name: string, document: JsonObject): Promise<string[]> {
    try {
        if (typeof document.$schema !== 'string') return [`${name}: has no "$schema"`];
        const schema = withUsablePatterns(await AppManifestUtils.fetchSchema(document.$schema));
        const errors = await AppManifestUtils.validateAgainstSchema(document as unknown as AppManifest, schema);
        return errors.map((e) => `${name}: ${e.trim()}`);
    } catch (err) {
        return [`${name}: ${(err as Error).message}`];
    }
}

interface LocalizationInfo {
    defaultLanguageFile?: string;
    additionalLanguages?: { languageTag: string; file: string }[];
}

function localizationFiles(manifest: JsonObject): string[] {
    const info = (manifest.localizationInfo ?? {}) as LocalizationInfo;
    return [...(info.defaultLanguageFile ? [info.defaultLanguageFile] : []), ...(info.additionalLanguages ?? []).map((l) => l.file)];
}

/** Strings the default language file repeats must equal the manifest's own. */
function defaultLanguageProblems(manifest: JsonObject, name: string, strings: JsonObject): string[] {
    const problems: string[] = [];
    for (const [key, value] of Object.entries(strings)) {
        if (key === '$schema') continue;
        const inManifest = key
            .split(/\.|\[(\d+)\]/)
            .filter((part) => part !== undefined && part !== '')
            .reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as JsonObject)[part] : undefined), manifest);
        if (inManifest !== value) problems.push(`${name}: "${key}" is "${String(value)}" but the manifest says "${String(inManifest)}"`);
    }
    return problems;
}

/**
 * Everything wrong with a package: the manifest and each localization file against their
 * official schemas (offline), the icons' sizes and transparency, and the default language
 * file against the manifest. Empty when the package is fine.
 */
export async function validateAppPackage(files: AppPackage): Promise<string[]> {
    const problems: string[] = [];
    const manifest = parseJson(files, 'manifest.json', problems);
    if (!manifest) return problems;
    problems.push(...(await schemaProblems('manifest.json', manifest)));

    const icons = (manifest.icons ?? {}) as { color?: string; outline?: string };
    for (const kind of ['color', 'outline'] as const) {
        const name = icons[kind];
        const file = name ? files.get(name) : undefined;
        if (!file) problems.push(`icons.${kind}: ${name ?? '(none)'} is not in the package`);
        else problems.push(...checkIcon(kind, file).map((p) => `${name}: ${p}`));
    }

    const defaultFile = ((manifest.localizationInfo ?? {}) as LocalizationInfo).defaultLanguageFile;
    for (const name of localizationFiles(manifest)) {
        const strings = parseJson(files, name, problems);
        if (!strings) continue;
        problems.push(...(await schemaProblems(name, strings)));
        if (name === defaultFile) problems.push(...defaultLanguageProblems(manifest, name, strings));
    }
    return problems;
}

/** Writes the zip (deterministic order, deflated). */
export async function writeAppPackage(files: AppPackage, outFile: string = APP_PACKAGE_FILE): Promise<void> {
    const zip = new JSZip();
    for (const [name, data] of files) zip.file(name, data, { date: new Date('2025-01-01T00:00:00Z') });
    const content = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
    fs.mkdirSync(path.dirname(outFile), { recursive: true });
    fs.writeFileSync(outFile, content);
}
