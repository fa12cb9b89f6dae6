/**
 * The member journey with the keyboard only (Tab, Shift+Tab, arrows, Esc, Enter, Space), from the
 * skip link to the recap card, against the real bot at a small phone, a large phone and a laptop.
 * After every turn: the send box and the latest bot message are in view; after a button, the
 * focus is on the reply's first button (or the send box) and the live region has announced the
 * reply; an answered card cannot be sent again from the history.
 */
import * as fs from 'fs';
import { Browser, Page } from 'playwright-core';
import { App, createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { describeWithBrowser, launchChromium, screenshotPath } from '../channels/browser';
import { tempDataDir } from '../channels/echoServer';
import {
    activityCount,
    botMessageCount,
    settledView,
    collectPageErrors,
    firstReplyText,
    focused,
    liveButtons,
    PAGE_WAIT_MS,
    recordAnnouncements,
    SEND_BOX,
    TRANSCRIPT,
    VIEWPORTS,
    waitForReply,
    wasAnnounced,
} from './chatPage';

/**
 * One answer of the journey: a button found by its visible title (the bot's wording may change a
 * little, and whether it is imBack or messageBack does not matter), or text typed in the send box;
 * then what the reply must show before the next answer.
 */
type Answer = { press: RegExp; key: 'Enter' | ' '; then: RegExp } | { type: string; then: RegExp };

const MEMBER_JOURNEY: Answer[] = [
    { press: /get access step by step/i, key: 'Enter', then: /member or partner/i },
    { press: /yes,? member or partner/i, key: ' ', then: /yes,? I have one/i },
    { press: /yes,? I have one/i, key: 'Enter', then: /already added/i },
    { press: /yes,? already added/i, key: ' ', then: /select organisation/i },
    { press: /done.*select organisation/i, key: 'Enter', then: /reconnet/i },
    { press: /reconnet/i, key: ' ', then: /country/i },
    { type: 'Italy', then: /hospital/i },
    { type: 'Careggi', then: /IT13/ },
    { press: /^yes\b/i, key: 'Enter', then: /\bHP\b/ },
    { press: /\bHP\b/, key: ' ', then: /IT13[\s\S]*\bHP\b|\bHP\b[\s\S]*IT13/ },
];

/** Keys a person presses at most to get somewhere, before the test calls it unreachable. */
const MAX_KEYS = 40;
const JOURNEY_TEST_LIMIT_MS = 420_000;

/** Whether the transcript itself (Web Chat's focusable history, arrow keys move in it) has the focus. */
function transcriptFocused(page: Page): Promise<boolean> {
    return page.evaluate((transcript) => document.activeElement?.matches(transcript) ?? false, TRANSCRIPT);
}

/** The activity the transcript's arrow-key cursor is on (aria-activedescendant). */
function activeDescendantIndex(page: Page): Promise<number> {
    return page.evaluate((transcript) => {
        const id = document.querySelector(transcript)?.getAttribute('aria-activedescendant');
        const target = id ? document.getElementById(id) : null;
        const activities = Array.from(document.querySelectorAll('.webchat__basic-transcript__activity'));
        return target ? activities.indexOf(target.closest('.webchat__basic-transcript__activity') as Element) : -1;
    }, TRANSCRIPT);
}

async function pressUntil(page: Page, key: string, done: () => Promise<boolean>, what: string): Promise<void> {
    for (let i = 0; i < MAX_KEYS; i++) {
        if (await done()) return;
        await page.keyboard.press(key);
    }
    if (!(await done())) throw new Error(`${what}: not reached with ${MAX_KEYS} presses of ${key}; focus is on ${JSON.stringify(await focused(page))}`);
}

/** To the transcript: Esc from inside a message, else Tab/Shift+Tab. */
async function goToTranscript(page: Page): Promise<void> {
    if ((await focused(page)).activityIndex >= 0) await page.keyboard.press('Escape');
    const key = (await focused(page)).isSendBox ? 'Shift+Tab' : 'Tab';
    await pressUntil(page, key, () => transcriptFocused(page), 'the chat history');
}

async function goToSendBox(page: Page): Promise<void> {
    if ((await focused(page)).activityIndex >= 0) await page.keyboard.press('Escape');
    await pressUntil(page, 'Tab', async () => (await focused(page)).isSendBox, 'the send box');
}

/** Moves the focus to the live button whose title matches, as a keyboard user would. */
async function goToButton(page: Page, title: RegExp): Promise<{ activityIndex: number; label: string }> {
    const candidates = (await liveButtons(page)).filter((b) => title.test(b.label));
    const target = candidates[candidates.length - 1];
    if (!target) throw new Error(`no button ${title}; live buttons: ${(await liveButtons(page)).map((b) => b.label).join(' | ')}`);
    if ((await focused(page)).activityIndex !== target.activityIndex) {
        await goToTranscript(page);
        const at = await activeDescendantIndex(page);
        await pressUntil(page, at > target.activityIndex ? 'ArrowUp' : 'ArrowDown', async () => (await activeDescendantIndex(page)) === target.activityIndex, `message ${target.activityIndex}`);
        await page.keyboard.press('Enter');
    }
    await pressUntil(page, 'Tab', async () => {
        const f = await focused(page);
        return f.activityIndex === target.activityIndex && f.label === target.label;
    }, `button ${target.label}`);
    return target;
}

/** Waits (bounded) until the focus has settled on what `expected` describes. */
async function waitForFocus(page: Page, expected: { sendBox: true } | { activityIndex: number; label: string }): Promise<void> {
    const deadline = Date.now() + PAGE_WAIT_MS;
    for (;;) {
        const f = await focused(page);
        const ok = 'sendBox' in expected ? f.isSendBox : f.activityIndex === expected.activityIndex && f.label === expected.label;
        if (ok) return;
        if (Date.now() > deadline) throw new Error(`focus is on ${JSON.stringify(f)}, expected ${JSON.stringify(expected)}`);
        await page.waitForTimeout(100);
    }
}

/** Whether the transcript's own content is what shows at its centre (no panel drawn over it). */
function transcriptUncovered(page: Page): Promise<boolean> {
    return page.evaluate((transcript) => {
        const box = document.querySelector(transcript)?.getBoundingClientRect();
        if (!box) return false;
        const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
        const help = document.querySelector('.webchat__keyboard-help');
        const helpShown = help !== null && getComputedStyle(help).display !== 'none';
        return top !== null && top.closest(transcript) !== null && top.closest('.webchat__keyboard-help') === null && !helpShown;
    }, TRANSCRIPT);
}

/** POSTs of visitor activities the page has made (a retired card must add none). */
function countPosts(page: Page): { count: number } {
    const posts = { count: 0 };
    page.on('request', (request) => {
        if (request.method() === 'POST' && /\/conversations\/[^/]+\/activities$/.test(request.url())) posts.count++;
    });
    return posts;
}

/** Starting the bot and Chromium on a busy 2-core machine. */
const SETUP_LIMIT_MS = 120_000;

describeWithBrowser('member journey by keyboard only (real bot)', () => {
    let dataDir: string;
    let app: App;
    let baseUrl: string;
    let browser: Browser;

    beforeAll(async () => {
        dataDir = tempDataDir('web-keyboard');
        app = createApp(loadConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' }));
        baseUrl = await app.listen();
        browser = await launchChromium();
    }, SETUP_LIMIT_MS);

    afterAll(async () => {
        await browser?.close();
        await app?.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it.each(VIEWPORTS.map((v) => [`${v.width}x${v.height}`, v]))(
        'at %s: skip link, buttons and typing to the recap, focus following each reply',
        async (size, viewport) => {
            const context = await browser.newContext({ locale: 'en-US', viewport });
            context.setDefaultTimeout(PAGE_WAIT_MS);
            const page = await context.newPage();
            const errors = collectPageErrors(page);
            const posts = countPosts(page);
            try {
                await page.goto(`${baseUrl}/?lang=en`);
                await waitForReply(page, 0, /get access step by step/i);
                await recordAnnouncements(page);

                // The first Tab reaches the skip link; Enter puts the focus in the send box.
                await page.keyboard.press('Tab');
                expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip-link');
                await page.keyboard.press('Enter');
                expect((await focused(page)).isSendBox).toBe(true);

                // Into the history: nothing opens over it (Web Chat's own keyboard panel is replaced by
                // the page's "Keyboard help" below the chat), and that help is one Tab stop, closed.
                await goToTranscript(page);
                expect(await transcriptUncovered(page)).toBe(true);
                expect(await page.locator('details.keyboard-help').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);

                let retiredChecked = false;
                for (const [step, answer] of MEMBER_JOURNEY.entries()) {
                    const what = `${size} step ${step + 1}`;
                    const before = await botMessageCount(page);
                    const activitiesBefore = await activityCount(page);
                    if ('press' in answer) {
                        await goToButton(page, answer.press);
                        await page.keyboard.press(answer.key);
                    } else {
                        await goToSendBox(page);
                        await page.keyboard.type(answer.type);
                        await page.keyboard.press('Enter');
                    }
                    await waitForReply(page, before, answer.then);

                    if ('press' in answer) {
                        // Focus on the reply's first button, or the send box when it offers none.
                        const first = (await liveButtons(page)).find((b) => b.activityIndex >= activitiesBefore);
                        await waitForFocus(page, first ?? { sendBox: true });
                        // The live region read the reply out (Web Chat announces new messages there).
                        const said = (await firstReplyText(page, before)).slice(0, 40);
                        expect({ what, said, announced: await wasAnnounced(page, said) }).toEqual({ what, said, announced: true });
                    } else {
                        // Someone typing keeps typing: the focus stays in the send box.
                        expect({ what, sendBox: (await focused(page)).isSendBox }).toEqual({ what, sendBox: true });
                    }
                    const view = await settledView(page);
                    expect({ what, ...view }).toEqual({ what, sendBoxInView: true, lastMessageInView: true, detail: view.detail });

                    if (!retiredChecked && step >= 2) {
                        await expectAnsweredCardsStay(page, posts);
                        retiredChecked = true;
                    }
                }

                // The recap card: the CPMS "Recap and Submission" screen with hospital and profile.
                const recap = page.locator(`${TRANSCRIPT} .ac-factset`).last();
                await recap.waitFor();
                const facts = await recap.innerText();
                expect(facts).toMatch(/IT13/);
                expect(facts).toMatch(/\bHP\b/);
                expect(await page.locator(TRANSCRIPT).innerText()).not.toMatch(/Send failed/);
                await page.screenshot({ path: screenshotPath(`web-keyboard-recap-${size}.png`) });
                expect(errors).toEqual([]);
            } finally {
                await context.close();
            }
        },
        JOURNEY_TEST_LIMIT_MS,
    );
});

/**
 * Goes back by keyboard to the first answered card, presses its chosen button with Enter and with
 * Space: nothing is sent and the transcript does not change; then returns to the send box.
 */
async function expectAnsweredCardsStay(page: Page, posts: { count: number }): Promise<void> {
    const old = await page.evaluate(() => {
        const activities = Array.from(document.querySelectorAll('.webchat__basic-transcript__activity'));
        const button = document.querySelector('.webchat__basic-transcript__activity button.ac-pushButton[aria-disabled="true"]');
        return button ? { activityIndex: activities.indexOf(button.closest('.webchat__basic-transcript__activity') as Element), label: (button as HTMLElement).innerText.trim() } : undefined;
    });
    if (!old) throw new Error('no answered card in the transcript');
    const postsBefore = posts.count;
    const activitiesBefore = await activityCount(page);
    await goToTranscript(page);
    const at = await activeDescendantIndex(page);
    await pressUntil(page, at > old.activityIndex ? 'ArrowUp' : 'ArrowDown', async () => (await activeDescendantIndex(page)) === old.activityIndex, 'the answered card');
    await page.keyboard.press('Enter');
    await pressUntil(page, 'Tab', async () => (await focused(page)).label === old.label, 'the answered button');
    await page.keyboard.press('Enter');
    await page.keyboard.press(' ');
    // Nothing to wait for but the absence of a send: give a sent message ample time to show.
    await page.waitForTimeout(1500);
    expect({ posts: posts.count, activities: await activityCount(page) }).toEqual({ posts: postsBefore, activities: activitiesBefore });
    await goToSendBox(page);
    expect(await page.locator(SEND_BOX).evaluate((el) => el === document.activeElement)).toBe(true);
}
