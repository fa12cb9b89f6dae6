import * as fs from 'fs';
import jwt from 'jsonwebtoken';
import { Browser, Page } from 'playwright-core';
import { describeWithBrowser, launchChromium, screenshotPath } from './browser';
import { PAGE_WAIT_MS } from '../web/chatPage';
import { EchoServer, startEchoServer, tempDataDir, WELCOME_BUTTONS, WELCOME_TEXT } from './echoServer';

const SEND_BOX = '[data-id="webchat-sendbox-input"]';
const TRANSCRIPT = '.webchat__basic-transcript';
const IDENTITY_KEY = 'cpms-helpdesk-bot:identity';
/**
 * How long one browser test (or the browser's launch) may take: page waits use the web chat tests'
 * PAGE_WAIT_MS, for a loaded 2-core CI machine can take more than 10 s to load a page while other
 * Chromium suites run.
 */
const BROWSER_TEST_LIMIT_MS = 180_000;

/** Errors the page must never log (CSP violations, failed scripts). */
function collectConsoleErrors(page: Page): string[] {
    const errors: string[] = [];
    page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    return errors;
}

/** Waits until the transcript shows a message with exactly this text (Web Chat renders it as a paragraph). */
async function seeMessage(page: Page, text: string): Promise<void> {
    const exact = new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
    await page.locator(`${TRANSCRIPT} p`).filter({ hasText: exact }).first().waitFor();
}

async function identityUser(page: Page): Promise<string | undefined> {
    const token = await page.evaluate((key) => window.localStorage.getItem(key), IDENTITY_KEY);
    const claims = token ? jwt.decode(token) : null;
    return claims && typeof claims === 'object' ? String(claims.user) : undefined;
}

describeWithBrowser('web chat page in Chromium (echo bot)', () => {
    let dataDir: string;
    let app: EchoServer;
    let browser: Browser;

    beforeAll(async () => {
        dataDir = tempDataDir('webchat-page');
        app = await startEchoServer(dataDir);
        browser = await launchChromium();
    }, BROWSER_TEST_LIMIT_MS);

    afterAll(async () => {
        await browser?.close();
        await app?.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('shows the welcome, sends a button click and typed text, and keeps the visitor on reload', async () => {
        const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1100, height: 900 } });
        context.setDefaultTimeout(PAGE_WAIT_MS);
        const page = await context.newPage();
        const errors = collectConsoleErrors(page);
        try {
            await page.goto(`${app.baseUrl}/`);
            expect(await page.getAttribute('html', 'lang')).toBe('en');
            await expect(page.title()).resolves.toContain('CPMS access assistant');

            const transcript = page.locator(TRANSCRIPT);
            await seeMessage(page, WELCOME_TEXT);
            await page.locator('.webchat__suggested-actions__button').filter({ hasText: WELCOME_BUTTONS[0] }).click();
            await seeMessage(page, `You said: ${WELCOME_BUTTONS[0]}`);

            await page.locator(SEND_BOX).fill('How long does validation take?');
            await page.keyboard.press('Enter');
            await seeMessage(page, 'You said: How long does validation take?');
            expect(app.bot.seenLocales.at(-1)).toBe('en-US');
            expect(await transcript.getByText('Send failed').count()).toBe(0);

            await page.screenshot({ path: screenshotPath('webchat-en.png') });

            const user = await identityUser(page);
            expect(user).toMatch(/^dl_/);
            await page.reload();
            await seeMessage(page, WELCOME_TEXT);
            expect(await identityUser(page)).toBe(user);
            expect(errors).toEqual([]);
        } finally {
            await context.close();
        }
    }, BROWSER_TEST_LIMIT_MS);

    it('speaks Romanian from Accept-Language and is usable with the keyboard alone', async () => {
        const context = await browser.newContext({ locale: 'ro-RO', viewport: { width: 420, height: 800 } });
        context.setDefaultTimeout(PAGE_WAIT_MS);
        const page = await context.newPage();
        const errors = collectConsoleErrors(page);
        try {
            await page.goto(`${app.baseUrl}/`);
            expect(await page.getAttribute('html', 'lang')).toBe('ro');
            await seeMessage(page, WELCOME_TEXT);
            expect(await page.getAttribute(SEND_BOX, 'placeholder')).toBe('Scrieți întrebarea sau răspunsul');

            await page.keyboard.press('Tab');
            const skip = page.locator('.skip-link');
            await expect(skip.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
            expect(await skip.textContent()).toBe('Treceți direct la conversație');
            await page.screenshot({ path: screenshotPath('webchat-ro-skip-link.png') });
            await page.keyboard.press('Enter');
            await expect(page.locator(SEND_BOX).evaluate((el) => el === document.activeElement)).resolves.toBe(true);
            await page.keyboard.type('Bună ziua');
            await page.keyboard.press('Enter');
            await seeMessage(page, 'You said: Bună ziua');
            expect(app.bot.seenLocales.at(-1)).toBe('ro-RO');

            await page.screenshot({ path: screenshotPath('webchat-ro-mobile.png') });
            expect(errors).toEqual([]);
        } finally {
            await context.close();
        }
    }, BROWSER_TEST_LIMIT_MS);

    it('switches to Italian with ?lang=it and fits an iframe with ?embed=1', async () => {
        const context = await browser.newContext({ locale: 'en-US', viewport: { width: 400, height: 640 } });
        context.setDefaultTimeout(PAGE_WAIT_MS);
        const page = await context.newPage();
        try {
            await page.goto(`${app.baseUrl}/?lang=it&embed=1`);
            expect(await page.getAttribute('html', 'lang')).toBe('it');
            await expect(page.locator('h1').textContent()).resolves.toBe("Assistente per l'accesso al CPMS");
            await seeMessage(page, WELCOME_TEXT);
            expect(await page.locator('.intro').count()).toBe(0);
            await page.screenshot({ path: screenshotPath('webchat-it-embedded.png') });
        } finally {
            await context.close();
        }
    }, BROWSER_TEST_LIMIT_MS);
});
