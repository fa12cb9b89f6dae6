/**
 * Web chat first load on a throttled phone: Chromium with DevTools' "Fast 3G" network (562.5 ms
 * latency, 1.44 Mbit/s down, 675 kbit/s up) and a 4x slower CPU, a fresh browser cache each run,
 * against the real bot. Prints the bytes transferred until the first bot message shows, the
 * largest files, the time to first paint and to the first bot message, and how often the idle
 * page polls. Run after `tsc`: `node -e "require('./dist/test/bench/web.js').run()"`.
 */
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { Browser, chromium } from 'playwright-core';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';

const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
/** Chrome DevTools' "Fast 3G" preset (bytes per second, milliseconds). */
const FAST_3G = { offline: false, latency: 562.5, downloadThroughput: 180_000, uploadThroughput: 84_375 };
const CPU_SLOWDOWN = 4;
const PHONE = { width: 390, height: 844 };
const RUNS = 3;
/** Idle polling is counted over this window once the welcome is shown (unthrottled). */
const IDLE_WINDOW_MS = 10_000;
const LOAD_LIMIT_MS = 90_000;

interface LoadSample {
    bytes: number;
    requests: number;
    largest: { url: string; bytes: number }[];
    firstPaintMs: number;
    firstBotMessageMs: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** Records (in the page, from navigation start) when the first bot message appears. */
const FIRST_MESSAGE_PROBE = `
(() => {
    const observer = new MutationObserver(() => {
        const bot = [...document.querySelectorAll('.webchat__basic-transcript__activity')].find(
            (a) => !a.querySelector('.webchat__stacked-layout--from-user, .webchat__bubble--from-user') && a.querySelector('.webchat__bubble__content'));
        if (bot) { window.__firstBotMessageMs = performance.now(); observer.disconnect(); }
    });
    document.addEventListener('DOMContentLoaded', () => observer.observe(document.body, { childList: true, subtree: true }));
})();`;

/** Asks for the bundle with Brotli until the server has it ready (made once, then kept on disk). */
async function warmBrotli(baseUrl: string): Promise<void> {
    const page = await (await fetch(`${baseUrl}/`)).text();
    const bundle = /src="(static\/webchat\.js\?v=[\w-]+)"/.exec(page)?.[1];
    if (!bundle) return;
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
        const encoding = await new Promise<string | undefined>((resolve, reject) => {
            http.get(`${baseUrl}/${bundle}`, { headers: { 'Accept-Encoding': 'br, gzip' } }, (res) => {
                res.resume();
                res.on('end', () => resolve(res.headers['content-encoding']));
            }).on('error', reject);
        });
        if (encoding === 'br') return;
        await new Promise((resolve) => setTimeout(resolve, 1000));
    }
}

async function throttledLoad(browser: Browser, url: string): Promise<LoadSample> {
    const context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, locale: 'en-US' });
    try {
        const page = await context.newPage();
        await page.addInitScript(FIRST_MESSAGE_PROBE);
        const cdp = await context.newCDPSession(page);
        await cdp.send('Network.enable');
        await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
        await cdp.send('Network.emulateNetworkConditions', FAST_3G);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
        const urls = new Map<string, string>();
        const sizes: { url: string; bytes: number }[] = [];
        cdp.on('Network.responseReceived', (event) => urls.set(event.requestId, event.response.url));
        cdp.on('Network.loadingFinished', (event) => sizes.push({ url: urls.get(event.requestId) ?? '?', bytes: event.encodedDataLength }));
        await page.goto(url, { timeout: LOAD_LIMIT_MS });
        await page.waitForFunction(() => (window as unknown as { __firstBotMessageMs?: number }).__firstBotMessageMs !== undefined, undefined, { timeout: LOAD_LIMIT_MS, polling: 100 });
        const timing = await page.evaluate(() => ({
            firstBotMessageMs: (window as unknown as { __firstBotMessageMs: number }).__firstBotMessageMs,
            firstPaintMs: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
        }));
        const origin = new URL(url).origin;
        return {
            bytes: sizes.reduce((sum, r) => sum + r.bytes, 0),
            requests: sizes.length,
            largest: [...sizes].sort((a, b) => b.bytes - a.bytes).slice(0, 3).map((r) => ({ url: r.url.replace(origin, '').replace(/\?.*/, ''), bytes: r.bytes })),
            ...timing,
        };
    } finally {
        await context.close();
    }
}

/** Requests the idle page makes to the Direct Line per minute once the welcome is shown. */
async function idlePolls(browser: Browser, url: string): Promise<number> {
    const context = await browser.newContext({ viewport: PHONE });
    try {
        const page = await context.newPage();
        await page.goto(url);
        await page.locator('.webchat__basic-transcript button').first().waitFor({ timeout: LOAD_LIMIT_MS });
        let polls = 0;
        page.on('request', (request) => {
            if (request.method() === 'GET' && /\/activities\?/.test(request.url())) polls++;
        });
        await page.waitForTimeout(IDLE_WINDOW_MS);
        return (polls * 60_000) / IDLE_WINDOW_MS;
    } finally {
        await context.close();
    }
}

export async function run(log: (line: string) => void = console.log): Promise<void> {
    log('## Web chat first load (Chromium, Fast 3G, 4x CPU slowdown, 390x844, empty cache)');
    if (!fs.existsSync(CHROMIUM_PATH)) {
        log(`skipped: ${CHROMIUM_PATH} not found (apt-get install -y chromium)`);
        return;
    }
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-web-'));
    const app = createApp(loadConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' }));
    const baseUrl = await app.listen();
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
    try {
        await warmBrotli(baseUrl);
        const samples: LoadSample[] = [];
        for (let i = 0; i < RUNS; i++) samples.push(await throttledLoad(browser, `${baseUrl}/?lang=en`));
        const first = samples[0];
        log(`runs: ${RUNS} (medians)`);
        log(`bytes until the first bot message: ${kb(median(samples.map((x) => x.bytes)))} in ${first.requests} requests`);
        log(`largest: ${first.largest.map((r) => `${r.url} ${kb(r.bytes)}`).join(', ')}`);
        log(`first paint: ${s(median(samples.map((x) => x.firstPaintMs)))}`);
        log(`first bot message: ${s(median(samples.map((x) => x.firstBotMessageMs)))} (runs: ${samples.map((x) => s(x.firstBotMessageMs)).join(', ')})`);
        log(`idle page, visible: ${(await idlePolls(browser, `${baseUrl}/?lang=en`)).toFixed(0)} Direct Line polls per minute`);
    } finally {
        await browser.close();
        await app.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
    }
}
