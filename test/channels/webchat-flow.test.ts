import * as fs from 'fs';
import { Browser } from 'playwright-core';
import { App, createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { PAGE_WAIT_MS, SEND_BOX, TRANSCRIPT, botMessageCount, waitForReply } from '../web/chatPage';
import { describeWithBrowser, launchChromium, screenshotPath } from './browser';
import { tempDataDir } from './echoServer';

/**
 * The member journey as a visitor types it into the web page, each answer with what the
 * bot shows next. The answers are the lead's to confirm (they follow test/dialogs/journey.test.ts).
 */
const FIRST_MENU_BUTTON = 'Get access step by step';
const JOURNEY: { say: string; expect: RegExp }[] = [
    { say: 'member', expect: /Step 1 of 4: EU Login/ },
    { say: 'no', expect: /register\.cgi/ },
    { say: 'done', expect: /Step 2 of 4: Second factor/ },
    { say: 'yes', expect: /Step 3 of 4: Request access to CPMS/ },
    { say: 'done', expect: /Select organisation/ },
    // The network and the country typed exactly as their buttons read need no confirmation.
    { say: 'reconnet', expect: /Which country/ },
    { say: 'Italy', expect: /hospital/i },
    { say: 'careggi', expect: /IT13 - AOU Careggi, Florence/ },
    { say: 'yes', expect: /Researcher/ },
    { say: 'HP', expect: /Access Profile[\s\S]*HP/ },
];
/** The recap card's facts at the end (the CPMS "Recap and Submission" screen). */
const RECAP_FACTS = ['Application', 'CPMS', 'Organisation', 'IT13 - AOU Careggi, Florence', 'Access Profile', 'HP'];

const JOURNEY_TEST_LIMIT_MS = 180_000;

describeWithBrowser('web chat page against the real bot (createApp)', () => {
    let dataDir: string;
    let app: App;
    let baseUrl: string;
    let browser: Browser;

    beforeAll(async () => {
        dataDir = tempDataDir('webchat-flow');
        app = createApp(loadConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' }));
        baseUrl = await app.listen();
        browser = await launchChromium();
    });

    afterAll(async () => {
        await browser?.close();
        await app?.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it(
        'welcomes, takes the first menu button, and is typed through the member journey to the recap',
        async () => {
            const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1000, height: 1000 } });
            context.setDefaultTimeout(PAGE_WAIT_MS);
            const page = await context.newPage();
            const errors: string[] = [];
            page.on('pageerror', (error) => errors.push(error.message));
            try {
                await page.goto(`${baseUrl}/`);
                await waitForReply(page, 0, /CPMS access assistant/);
                // Replies are told apart by counting the bot's messages, not by character offsets in
                // the transcript: its timestamps ("Just now", "1 minute ago") change length as it runs.
                let before = await botMessageCount(page);
                await page.locator(`${TRANSCRIPT} button`).filter({ hasText: FIRST_MENU_BUTTON }).first().click();
                await waitForReply(page, before, /full member/);

                for (const step of JOURNEY) {
                    before = await botMessageCount(page);
                    await page.locator(SEND_BOX).fill(step.say);
                    await page.keyboard.press('Enter');
                    await waitForReply(page, before, step.expect);
                }
                // Adaptive Cards render a FactSet as .ac-factset; the recap is the last one.
                const recap = page.locator(`${TRANSCRIPT} .ac-factset`).last();
                await recap.scrollIntoViewIfNeeded();
                const facts = (await recap.innerText()).split(/\s*\n\s*/).filter(Boolean);
                expect(facts).toEqual(RECAP_FACTS);
                expect(await page.locator(TRANSCRIPT).innerText()).not.toMatch(/Send failed/);
                await page.screenshot({ path: screenshotPath('webchat-flow-recap.png') });
                expect(errors).toEqual([]);
            } finally {
                await context.close();
            }
        },
        JOURNEY_TEST_LIMIT_MS,
    );
});
