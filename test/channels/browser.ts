import * as fs from 'fs';
import * as path from 'path';
import { Browser, chromium } from 'playwright-core';
import { PROJECT_ROOT } from '../../src/paths';

/** Debian's Chromium; CI installs it, tools never download their own browser here. */
export const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Screenshots land here (gitignored). */
export const SCREENSHOT_DIR = path.join(PROJECT_ROOT, 'test-output');

/**
 * Browser suites run when Chromium is installed. Without it they skip with a note on a
 * developer's machine, and fail under `CI=true`, where a skipped browser test would hide a gap.
 */
export function describeWithBrowser(name: string, body: () => void): void {
    if (fs.existsSync(CHROMIUM_PATH)) {
        describe(name, body);
        return;
    }
    if (process.env.CI === 'true') {
        describe(name, () => {
            it('needs Chromium', () => {
                throw new Error(`${CHROMIUM_PATH} is missing: apt-get install -y chromium`);
            });
        });
        return;
    }
    console.warn(`[browser tests] ${CHROMIUM_PATH} not found: skipping "${name}" (apt-get install -y chromium)`);
    describe.skip(name, body);
}

export function launchChromium(): Promise<Browser> {
    return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

export function screenshotPath(name: string): string {
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    return path.join(SCREENSHOT_DIR, name);
}
