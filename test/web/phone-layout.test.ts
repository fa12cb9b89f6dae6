/**
 * The web chat page in Chromium against the real bot, in every language of locales/ (discovered,
 * so a new folder is covered at once) at a small phone, a large phone and a laptop: no WCAG
 * 2.0/2.1 A/AA violation, send box and latest bot message in view, whole button labels, on first
 * load and after a turn; dark mode from the browser; room for the on-screen keyboard.
 */
import * as fs from 'fs';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { App, createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { SUPPORTED_LANGUAGES } from '../../src/i18n';
import { describeWithBrowser, launchChromium, screenshotPath } from '../channels/browser';
import { tempDataDir } from '../channels/echoServer';
import { axeViolations, botMessageCount, collectPageErrors, horizontalOverflow, PAGE_WAIT_MS, SEND_BOX, settledView, TRANSCRIPT, transcriptBackground, truncatedLabels, VIEWPORTS, waitForReply } from './chatPage';

/** Three sizes, two checks each, with a bot turn between: about 15 s a language on this machine. */
const LANGUAGE_TEST_LIMIT_MS = 180_000;

/** Starting the bot and Chromium on a busy 2-core machine. */
const SETUP_LIMIT_MS = 120_000;

describeWithBrowser('web chat page on phones and laptops, every language (real bot)', () => {
    let dataDir: string;
    let app: App;
    let baseUrl: string;
    let browser: Browser;

    beforeAll(async () => {
        dataDir = tempDataDir('web-layout');
        app = createApp(loadConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' }));
        baseUrl = await app.listen();
        browser = await launchChromium();
    }, SETUP_LIMIT_MS);

    afterAll(async () => {
        await browser?.close();
        await app?.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
    });

    async function openChat(lng: string, viewport: { width: number; height: number }, colorScheme: 'light' | 'dark' = 'light'): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
        const context = await browser.newContext({ locale: lng, viewport, colorScheme });
        context.setDefaultTimeout(PAGE_WAIT_MS);
        const page = await context.newPage();
        const errors = collectPageErrors(page);
        await page.goto(`${baseUrl}/?lang=${lng}`);
        await waitForReply(page, 0, /\S/);
        await page.locator(`${TRANSCRIPT} button.ac-pushButton`).first().waitFor();
        return { context, page, errors };
    }

    /** Every check of the issue for the screen as it is now. */
    async function expectUsable(page: Page, what: string): Promise<void> {
        const view = await settledView(page);
        expect({ what, ...view }).toEqual({ what, sendBoxInView: true, lastMessageInView: true, detail: view.detail });
        expect({ what, truncated: await truncatedLabels(page), sideways: await horizontalOverflow(page) }).toEqual({ what, truncated: [], sideways: 0 });
        expect({ what, violations: await axeViolations(page) }).toEqual({ what, violations: [] });
    }

    it.each(SUPPORTED_LANGUAGES.map((lng) => [lng]))(
        '%s: usable at 360x640, 390x844 and 1280x800 on first load and after the first button',
        async (lng) => {
            for (const viewport of VIEWPORTS) {
                const size = `${viewport.width}x${viewport.height}`;
                const { context, page, errors } = await openChat(lng, viewport);
                try {
                    expect(await page.getAttribute('html', 'lang')).toBe(lng);
                    await expectUsable(page, `${lng} ${size} first load`);
                    await page.screenshot({ path: screenshotPath(`web-${lng}-${size}.png`) });

                    // The menu's first button (the guide) in this language; its reply brings the next card.
                    const before = await botMessageCount(page);
                    await page.locator(`${TRANSCRIPT} button.ac-pushButton`).first().click();
                    await waitForReply(page, before, /\S/);
                    await expectUsable(page, `${lng} ${size} after a turn`);
                    await page.screenshot({ path: screenshotPath(`web-${lng}-${size}-turn.png`) });
                    expect(errors).toEqual([]);
                } finally {
                    await context.close();
                }
            }
        },
        LANGUAGE_TEST_LIMIT_MS,
    );

    it.each(SUPPORTED_LANGUAGES.map((lng) => [lng]))(
        '%s: follows a dark browser, with no contrast or other violation',
        async (lng) => {
            const { context, page, errors } = await openChat(lng, { width: 390, height: 844 }, 'dark');
            try {
                const colours = {
                    page: await page.evaluate(() => getComputedStyle(document.body).backgroundColor),
                    chat: await transcriptBackground(page),
                };
                expect(colours).toEqual({ page: 'rgb(31, 35, 41)', chat: 'rgb(41, 46, 54)' });
                expect(await axeViolations(page)).toEqual([]);
                await page.screenshot({ path: screenshotPath(`web-${lng}-dark.png`) });
                expect(errors).toEqual([]);
            } finally {
                await context.close();
            }
        },
        LANGUAGE_TEST_LIMIT_MS,
    );

    it('leaves room for the on-screen keyboard: a shorter window keeps the send box and the last message in view', async () => {
        const { context, page } = await openChat('en', { width: 360, height: 640 });
        try {
            await page.locator(SEND_BOX).focus();
            // A phone keyboard takes about 300 px; with interactive-widget=resizes-content the layout shrinks.
            await page.setViewportSize({ width: 360, height: 340 });
            await page.waitForFunction(() => window.innerHeight === 340);
            const view = await settledView(page);
            expect(view).toEqual({ sendBoxInView: true, lastMessageInView: true, detail: view.detail });
            expect(await page.locator(SEND_BOX).evaluate((el) => el === document.activeElement)).toBe(true);
            await page.screenshot({ path: screenshotPath('web-en-360x340-keyboard.png') });
        } finally {
            await context.close();
        }
    });

    it('switches to dark while open when the browser does (same conversation)', async () => {
        const { context, page, errors } = await openChat('en', { width: 390, height: 844 }, 'light');
        try {
            expect(await transcriptBackground(page)).toBe('rgb(255, 255, 255)');
            const messages = await botMessageCount(page);
            await page.emulateMedia({ colorScheme: 'dark' });
            await page.waitForFunction(() => getComputedStyle(document.body).backgroundColor === 'rgb(31, 35, 41)');
            await page.waitForFunction(
                (transcript) => {
                    for (let el = document.querySelector(transcript); el; el = el.parentElement) {
                        const colour = getComputedStyle(el).backgroundColor;
                        if (colour !== 'rgba(0, 0, 0, 0)') return colour === 'rgb(41, 46, 54)';
                    }
                    return false;
                },
                TRANSCRIPT,
            );
            expect(await botMessageCount(page)).toBe(messages);
            expect(errors).toEqual([]);
        } finally {
            await context.close();
        }
    });

    it('the chat page takes ?theme=dark over a light browser', async () => {
        const context = await browser.newContext({ viewport: { width: 390, height: 844 }, colorScheme: 'light' });
        const page = await context.newPage();
        try {
            await page.goto(`${baseUrl}/?lang=en&theme=dark`);
            expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(31, 35, 41)');
        } finally {
            await context.close();
        }
    });
});
