/**
 * What the web chat browser tests look at, measured in the page as a person meets it: element
 * boxes against the viewport, computed styles of button labels, the focused element, what the
 * live region announced, and axe-core's WCAG 2.0/2.1 A and AA rules.
 */
import * as fs from 'fs';
import { Page } from 'playwright-core';

export const SEND_BOX = '[data-id="webchat-sendbox-input"]';
export const TRANSCRIPT = '.webchat__basic-transcript';
const ACTIVITY = '.webchat__basic-transcript__activity';
/** Web Chat marks the visitor's own messages with these classes. */
const FROM_USER = '.webchat__stacked-layout--from-user, .webchat__bubble--from-user';
/** How long to wait for the bot (a loaded 2-core machine can take a while); inside jest's limits. */
export const PAGE_WAIT_MS = 60_000;

/** The phone and desktop sizes the issue names. */
export const VIEWPORTS = [
    { width: 360, height: 640 },
    { width: 390, height: 844 },
    { width: 1280, height: 800 },
] as const;

/** axe-core's rule tags for WCAG 2.0 and 2.1, levels A and AA. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
    id: string;
    impact: string | null;
    help: string;
    targets: string[];
}

/** Runs axe-core in the page (evaluated over DevTools, so the page's CSP does not block it). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
    await page.evaluate(AXE_SOURCE);
    return page.evaluate(async (tags) => {
        type AxeResult = { violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] };
        const axe = (window as unknown as { axe: { run(context: Document, options: unknown): Promise<AxeResult> } }).axe;
        const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
        return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
    }, WCAG_TAGS);
}

/** Starts recording what Web Chat's live region announces (it replaces its text as messages arrive). */
export async function recordAnnouncements(page: Page): Promise<void> {
    await page.evaluate(() => {
        const w = window as unknown as { announced: string[] };
        w.announced = [];
        const region = document.querySelector('.webchat__live-region-transcript');
        if (!region) throw new Error('Web Chat has no live region');
        new MutationObserver(() => {
            const text = (region as HTMLElement).innerText.trim();
            if (text) w.announced.push(text);
        }).observe(region, { childList: true, subtree: true, characterData: true });
    });
}

export async function announcements(page: Page): Promise<string[]> {
    return page.evaluate(() => (window as unknown as { announced: string[] }).announced);
}

/** Count of bot messages in the transcript. */
export function botMessageCount(page: Page): Promise<number> {
    return page.evaluate(
        ({ activity, fromUser }) => Array.from(document.querySelectorAll(activity)).filter((a) => !a.querySelector(fromUser)).length,
        { activity: ACTIVITY, fromUser: FROM_USER },
    );
}

/**
 * Waits for the bot's reply: more bot messages than `before`, the text of the new ones matching
 * `expect`, and no further message for a moment (a turn's replies arrive as a burst).
 */
export async function waitForReply(page: Page, before: number, expect: RegExp): Promise<string> {
    const deadline = Date.now() + PAGE_WAIT_MS;
    let last = '';
    let stableSince = 0;
    for (;;) {
        const text = await page.evaluate(
            ({ activity, fromUser, before }) =>
                Array.from(document.querySelectorAll(activity))
                    .filter((a) => !a.querySelector(fromUser))
                    .slice(before)
                    .map((a) => (a as HTMLElement).innerText)
                    .join('\n'),
            { activity: ACTIVITY, fromUser: FROM_USER, before },
        );
        if (text !== last) {
            last = text;
            stableSince = Date.now();
        } else if (expect.test(text) && Date.now() - stableSince > 700) {
            return text;
        }
        if (Date.now() > deadline) throw new Error(`the bot never replied with ${expect}; new replies:\n${text.slice(-800)}`);
        await page.waitForTimeout(100);
    }
}

/** The text of the first message bubble among the bot's messages after `before` (whitespace normalised). */
export function firstReplyText(page: Page, before: number): Promise<string> {
    return page.evaluate(
        ({ activity, fromUser, before }) => {
            const replies = Array.from(document.querySelectorAll(activity)).filter((a) => !a.querySelector(fromUser)).slice(before);
            const text = replies.map((a) => a.querySelector('.webchat__text-content') as HTMLElement | null).find((t) => t && t.innerText.trim());
            return (text?.innerText ?? '').replace(/\s+/g, ' ').trim();
        },
        { activity: ACTIVITY, fromUser: FROM_USER, before },
    );
}

/** Whether the live region announced `text` (whitespace normalised). */
export async function wasAnnounced(page: Page, text: string): Promise<boolean> {
    const said = (await announcements(page)).map((a) => a.replace(/\s+/g, ' '));
    return text !== '' && said.some((a) => a.includes(text));
}

export interface ViewCheck {
    /** The send box's box lies wholly inside the viewport. */
    sendBoxInView: boolean;
    /** The last bot message is wholly visible, or fills the whole transcript when it is taller. */
    lastMessageInView: boolean;
    /** Boxes, for the failure message. */
    detail: string;
}

/** Where the send box and the latest bot message are, from their element boxes. */
export function checkInView(page: Page): Promise<ViewCheck> {
    return page.evaluate(
        ({ sendBox, activity, fromUser }) => {
            const viewport = { top: 0, left: 0, bottom: window.innerHeight, right: window.innerWidth };
            const box = (el: Element) => el.getBoundingClientRect();
            const inside = (r: DOMRect) => r.top >= viewport.top - 0.5 && r.left >= viewport.left - 0.5 && r.bottom <= viewport.bottom + 0.5 && r.right <= viewport.right + 0.5;
            const input = document.querySelector(sendBox);
            const bots = Array.from(document.querySelectorAll(activity)).filter((a) => !a.querySelector(fromUser));
            const last = bots[bots.length - 1];
            const scroller = document.querySelector('.webchat__basic-transcript__scrollable');
            if (!input || !last || !scroller) return { sendBoxInView: false, lastMessageInView: false, detail: 'send box, bot message or transcript missing' };
            // What of the message shows: inside the transcript's scrolling box and the viewport.
            const m = box(last);
            const s = box(scroller);
            const top = Math.max(m.top, s.top, viewport.top);
            const bottom = Math.min(m.bottom, s.bottom, viewport.bottom);
            const visible = Math.max(0, bottom - top);
            const room = Math.min(s.bottom, viewport.bottom) - Math.max(s.top, viewport.top);
            const lastMessageInView = visible >= Math.min(m.height, room) - 2 && m.left >= -0.5 && m.right <= viewport.right + 0.5;
            const r = box(input);
            const fmt = (b: DOMRect) => `${Math.round(b.left)},${Math.round(b.top)} ${Math.round(b.width)}x${Math.round(b.height)}`;
            return {
                sendBoxInView: inside(r),
                lastMessageInView,
                detail: `viewport ${window.innerWidth}x${window.innerHeight}; send box ${fmt(r)}; last message ${fmt(m)}, ${Math.round(visible)} px visible; transcript ${fmt(s)}`,
            };
        },
        { sendBox: SEND_BOX, activity: ACTIVITY, fromUser: FROM_USER },
    );
}

/**
 * The view once Web Chat has finished scrolling to the newest message (it scrolls smoothly):
 * polls the check for a few seconds and returns the first passing one, else the last.
 */
export async function settledView(page: Page): Promise<ViewCheck> {
    const deadline = Date.now() + 5000;
    for (;;) {
        const view = await checkInView(page);
        if ((view.sendBoxInView && view.lastMessageInView) || Date.now() > deadline) return view;
        await page.waitForTimeout(150);
    }
}

/** The colour behind the transcript: its own background or the first ancestor's that is not transparent. */
export function transcriptBackground(page: Page): Promise<string> {
    return page.evaluate((transcript) => {
        for (let el = document.querySelector(transcript); el; el = el.parentElement) {
            const colour = getComputedStyle(el).backgroundColor;
            if (colour !== 'rgba(0, 0, 0, 0)' && colour !== 'transparent') return colour;
        }
        return 'transparent';
    }, TRANSCRIPT);
}

/** How far the page is wider than the viewport (a phone then scrolls sideways); 0 when it fits. */
export function horizontalOverflow(page: Page): Promise<number> {
    return page.evaluate(() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth));
}

/** Button labels cut by the page: a text-overflow ellipsis that hides text, or text wider than its button. */
export function truncatedLabels(page: Page): Promise<string[]> {
    return page.evaluate(() => {
        const cut: string[] = [];
        for (const button of Array.from(document.querySelectorAll('button, [role="button"], a.button'))) {
            const el = button as HTMLElement;
            if (el.offsetParent === null) continue; // not rendered
            const parts = [el, ...Array.from(el.querySelectorAll<HTMLElement>('*'))];
            const hidden = parts.some((part) => {
                const style = getComputedStyle(part);
                const clips = style.overflowX !== 'visible' || style.textOverflow === 'ellipsis';
                return clips && part.scrollWidth > part.clientWidth + 1;
            });
            if (hidden) cut.push(el.innerText.trim() || el.getAttribute('aria-label') || el.className);
        }
        return cut;
    });
}

/** The focused element, described for assertions and failure messages. */
export interface FocusInfo {
    tag: string;
    label: string;
    isSendBox: boolean;
    /** Index of its activity among all transcript activities (-1 outside the transcript). */
    activityIndex: number;
    /** Inside a suggested-actions bar. */
    isSuggestedAction: boolean;
}

export function focused(page: Page): Promise<FocusInfo> {
    return page.evaluate(
        ({ sendBox, activity }) => {
            const el = document.activeElement as HTMLElement | null;
            const activities = Array.from(document.querySelectorAll(activity));
            const owner = el?.closest(activity);
            return {
                tag: el?.tagName ?? 'none',
                label: (el?.getAttribute('aria-label') || el?.innerText || '').trim().slice(0, 80),
                isSendBox: el !== null && el.matches(sendBox),
                activityIndex: owner ? activities.indexOf(owner) : -1,
                isSuggestedAction: el?.closest('.webchat__suggested-action') !== null && el?.closest('.webchat__suggested-action') !== undefined,
            };
        },
        { sendBox: SEND_BOX, activity: ACTIVITY },
    );
}

/** Buttons of the transcript that still answer, by activity, in document order. */
export function liveButtons(page: Page): Promise<{ activityIndex: number; label: string }[]> {
    return page.evaluate((activity) => {
        const activities = Array.from(document.querySelectorAll(activity));
        return Array.from(document.querySelectorAll(`${activity} button.ac-pushButton`))
            .filter((b) => b.getAttribute('aria-disabled') !== 'true')
            .map((b) => ({ activityIndex: activities.indexOf(b.closest(activity) as Element), label: (b as HTMLElement).innerText.trim() }));
    }, ACTIVITY);
}

/** Activities in the transcript (bot and visitor). */
export function activityCount(page: Page): Promise<number> {
    return page.evaluate((activity) => document.querySelectorAll(activity).length, ACTIVITY);
}

/** Errors the page must never log (CSP violations, failed scripts). */
export function collectPageErrors(page: Page): string[] {
    const errors: string[] = [];
    page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    return errors;
}
