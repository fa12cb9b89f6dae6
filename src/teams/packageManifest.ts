import * as path from 'path';
import { ConfigError } from '../config';
import { MANIFEST_DIR, PROJECT_ROOT } from '../paths';
import { APP_PACKAGE_FILE, buildAppPackage, manifestSettings, validateAppPackage, writeAppPackage } from './manifest';

/** Where the command reports (the console; tests pass their own). */
export type Reporter = Pick<Console, 'log' | 'warn' | 'error'>;

/** Options of {@link packageManifest}; the defaults are what `npm run manifest` uses. */
export interface PackageOptions {
    env?: Record<string, string | undefined>;
    manifestDir?: string;
    outFile?: string;
    reporter?: Reporter;
}

/**
 * `npm run manifest`: fills manifest/manifest.template.json from the environment
 * (MicrosoftAppId, PUBLIC_HOSTNAME, optional TEAMS_APP_ID), validates it offline against the
 * official Teams schema, checks the icons, and writes build/appPackage.zip. Exit code 1 when
 * anything is wrong, with the schema's own messages.
 */
export async function packageManifest(options: PackageOptions = {}): Promise<number> {
    const { env = process.env, manifestDir = MANIFEST_DIR, outFile = APP_PACKAGE_FILE, reporter = console } = options;
    const { settings, warnings } = manifestSettings(env);
    for (const warning of warnings) reporter.warn(`warning: ${warning}`);
    const files = buildAppPackage(settings, manifestDir);
    const problems = await validateAppPackage(files);
    if (problems.length > 0) {
        reporter.error('The Teams app package is not valid:');
        for (const problem of problems) reporter.error(`  - ${problem}`);
        return 1;
    }
    await writeAppPackage(files, outFile);
    reporter.log(`wrote ${path.relative(PROJECT_ROOT, outFile)} (${[...files.keys()].join(', ')}) for bot ${settings.BOT_ID} at https://${settings.PUBLIC_HOSTNAME}`);
    return 0;
}

if (require.main === module) {
    packageManifest().then(
        (code) => {
            process.exitCode = code;
        },
        (err: Error) => {
            console.error(err instanceof ConfigError ? `Invalid configuration: ${err.message}` : `manifest: ${err.message}`);
            process.exitCode = 1;
        },
    );
}
