/**
 * The page when the bot or the Web Chat bundle cannot be reached: an alert with "Try again"
 * that has the focus, and a retry that reaches the bot once it answers again.
 */
import * as fs from 'fs';
import { Browser } from 'playwright-core';
import { describeWithBrowser, launchChromium, screenshotPath } from '../channels/browser';
import { EchoServer, startEchoServer, tempDataDir, WELCOME_TEXT } from '../channels/echoServer';
import { PAGE_WAIT_MS, TRANSCRIPT } from './chatPage';

describeWithBrowser('web chat page when something cannot be reached (echo bot)', () => {
    let dataDir: string;
    let app: EchoServer;
    let browser: Browser;

    beforeAll(async () => {
        dataDir = tempDataDir('web-connection');
        app = await startEchoServer(dataDir);
        browser = await launchChromium();
    }, 120_000);

    afterAll(async () => {
        await browser?.close();
        await app?.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('offers "Try again" with the focus when the token request fails, and connects on retry', async () => {
        const context = await browser.newContext({ locale: 'en-US', viewport: { width: 360, height: 640 } });
        context.setDefaultTimeout(PAGE_WAIT_MS);
        const page = await context.newPage();
        try {
            await page.route('**/api/directline/token', (route) => route.abort());
            await page.goto(`${app.baseUrl}/?lang=en`);
            const alert = page.locator('.chat-status[role="alert"]');
            await alert.waitFor();
            expect(await alert.innerText()).toMatch(/cannot be reached/);
            const retry = alert.getByRole('button', { name: 'Try again' });
            expect(await retry.evaluate((el) => el === document.activeElement)).toBe(true);
            await page.screenshot({ path: screenshotPath('web-en-connection-failed.png') });

            await page.unroute('**/api/directline/token');
            await page.keyboard.press('Enter');
            await page.locator(`${TRANSCRIPT} p`).filter({ hasText: WELCOME_TEXT }).first().waitFor();
        } finally {
            await context.close();
        }
    });

    it('offers "Try again" when the Web Chat bundle does not load, and reloads the page with it', async () => {
        const context = await browser.newContext({ locale: 'en-US', viewport: { width: 360, height: 640 } });
        context.setDefaultTimeout(PAGE_WAIT_MS);
        const page = await context.newPage();
        try {
            await page.route('**/static/webchat.js*', (route) => route.abort());
            await page.goto(`${app.baseUrl}/?lang=en`);
            const retry = page.locator('.chat-status[role="alert"]').getByRole('button', { name: 'Try again' });
            await retry.waitFor();
            await page.unroute('**/static/webchat.js*');
            await retry.click();
            await page.locator(`${TRANSCRIPT} p`).filter({ hasText: WELCOME_TEXT }).first().waitFor();
        } finally {
            await context.close();
        }
    });
});
