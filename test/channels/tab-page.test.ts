import * as fs from 'fs';
import { Browser } from 'playwright-core';
import { describeWithBrowser, launchChromium, screenshotPath } from './browser';
import { PAGE_WAIT_MS } from '../web/chatPage';
import { EchoServer, startEchoServer, tempDataDir } from './echoServer';

/**
 * How long one browser test (or the browser's launch) may take: page waits use the web chat tests'
 * PAGE_WAIT_MS, for a loaded 2-core CI machine can take more than 10 s to load a page while other
 * Chromium suites run.
 */
const BROWSER_TEST_LIMIT_MS = 180_000;

const OFFICIAL_LINKS = [
    'https://webgate.ec.europa.eu/cas/eim/external/register.cgi',
    'https://webgate.ec.europa.eu/cas',
    'https://europa.eu/regions-and-cities/set-eu-login-two-factor-authentication_en',
    'https://cpms.ern-net.eu/login/',
];

describeWithBrowser('Teams tab page opened outside Teams (Chromium)', () => {
    let dataDir: string;
    let app: EchoServer;
    let browser: Browser;

    beforeAll(async () => {
        dataDir = tempDataDir('tab-page');
        app = await startEchoServer(dataDir);
        browser = await launchChromium();
    }, BROWSER_TEST_LIMIT_MS);

    afterAll(async () => {
        await browser?.close();
        await app?.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
    });

    async function openTab(url: string, locale: string, colorScheme: 'light' | 'dark' = 'light') {
        const context = await browser.newContext({ locale, viewport: { width: 900, height: 1400 }, colorScheme });
        context.setDefaultTimeout(PAGE_WAIT_MS);
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (error) => errors.push(error.message));
        await page.goto(url);
        // Outside Teams, teams-js gives up and the page marks itself as a plain browser page.
        await page.locator('body[data-host="browser"]').waitFor();
        return { context, page, errors };
    }

    it('shows the four steps in English with the official links and a button to the web chat', async () => {
        const { context, page, errors } = await openTab(`${app.baseUrl}/tab`, 'en-US');
        try {
            expect(await page.getAttribute('html', 'lang')).toBe('en');
            expect(await page.locator('h1').textContent()).toBe('CPMS access guide');
            expect(await page.locator('.step h2').allTextContents()).toEqual([
                'Create your EU Login',
                'Add a second factor',
                'Request access to the CPMS',
                'What happens next',
            ]);
            expect(await page.locator('.step').nth(3).textContent()).toContain('a few days');
            const hrefs = await page.locator('.step-links a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
            expect(hrefs).toEqual(OFFICIAL_LINKS);
            expect(await page.getAttribute('#open-chat', 'href')).toBe('./?lang=en');
            await page.screenshot({ path: screenshotPath('tab-en.png'), fullPage: true });

            await page.click('#open-chat');
            await page.waitForURL(`${app.baseUrl}/?lang=en`);
            expect(await page.locator('h1').textContent()).toBe('CPMS access assistant');
            expect(errors).toEqual([]);
        } finally {
            await context.close();
        }
    }, BROWSER_TEST_LIMIT_MS);

    it('follows the browser language (Romanian) and ?lang=', async () => {
        const { context, page, errors } = await openTab(`${app.baseUrl}/tab`, 'ro-RO');
        try {
            expect(await page.getAttribute('html', 'lang')).toBe('ro');
            expect(await page.locator('h1').textContent()).toBe('Ghid de acces la CPMS');
            expect(await page.locator('.step-number').first().textContent()).toBe('Pasul 1');
            expect(await page.locator('.step h2').first().textContent()).toBe('Creați-vă contul EU Login');
            await page.screenshot({ path: screenshotPath('tab-ro.png'), fullPage: true });
            expect(errors).toEqual([]);
        } finally {
            await context.close();
        }
        const italian = await openTab(`${app.baseUrl}/tab?lang=it`, 'ro-RO');
        try {
            expect(await italian.page.getAttribute('html', 'lang')).toBe('it');
            expect(await italian.page.locator('h1').textContent()).toBe("Guida all'accesso al CPMS");
        } finally {
            await italian.context.close();
        }
    }, BROWSER_TEST_LIMIT_MS);

    it('re-labels the page in the browser language when the server guessed another one', async () => {
        const context = await browser.newContext({ locale: 'it-IT', extraHTTPHeaders: { 'Accept-Language': 'en' } });
        context.setDefaultTimeout(PAGE_WAIT_MS);
        const page = await context.newPage();
        try {
            await page.goto(`${app.baseUrl}/tab`);
            await page.locator('body[data-host="browser"]').waitFor();
            expect(await page.getAttribute('html', 'lang')).toBe('it');
            expect(await page.locator('h1').textContent()).toBe("Guida all'accesso al CPMS");
            expect(await page.locator('.step-number').nth(2).textContent()).toBe('Passaggio 3');
            expect(await page.getAttribute('#open-chat', 'href')).toBe('./?lang=it');
        } finally {
            await context.close();
        }
    }, BROWSER_TEST_LIMIT_MS);

    it('follows ?theme=dark outside Teams (what Teams puts in the tab URL) and a dark browser', async () => {
        const background = (page: import('playwright-core').Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        const asked = await openTab(`${app.baseUrl}/tab?theme=dark`, 'en-US', 'light');
        try {
            expect(await asked.page.getAttribute('html', 'data-theme')).toBe('dark');
            expect(await background(asked.page)).toBe('rgb(31, 35, 41)');
            // The language menu keeps the theme.
            expect(await asked.page.getAttribute('.language-menu a[hreflang="it"]', 'href')).toBe('tab?theme=dark&lang=it');
            await asked.page.screenshot({ path: screenshotPath('tab-theme-dark.png') });
        } finally {
            await asked.context.close();
        }
        const browserDark = await openTab(`${app.baseUrl}/tab`, 'en-US', 'dark');
        try {
            expect(await background(browserDark.page)).toBe('rgb(31, 35, 41)');
        } finally {
            await browserDark.context.close();
        }
        // ?theme=default is Teams' light theme: light even in a dark browser.
        const light = await openTab(`${app.baseUrl}/tab?theme=default`, 'en-US', 'dark');
        try {
            expect(await background(light.page)).toBe('rgb(243, 247, 252)');
        } finally {
            await light.context.close();
        }
    }, BROWSER_TEST_LIMIT_MS);

    it('has styles for the Teams dark and high-contrast themes', async () => {
        const { context, page } = await openTab(`${app.baseUrl}/tab`, 'en-US');
        try {
            const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
            expect(await background()).toBe('rgb(243, 247, 252)');
            for (const [theme, expected] of [
                ['dark', 'rgb(31, 35, 41)'],
                ['contrast', 'rgb(0, 0, 0)'],
            ]) {
                // The same attribute tab.js sets from app.getContext() and registerOnThemeChangeHandler.
                await page.evaluate((t) => (document.documentElement.dataset.theme = t), theme);
                expect(await background()).toBe(expected);
                await page.screenshot({ path: screenshotPath(`tab-${theme}.png`) });
            }
        } finally {
            await context.close();
        }
    }, BROWSER_TEST_LIMIT_MS);
});
