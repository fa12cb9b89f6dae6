import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { SUPPORTED_LANGUAGES, readLocaleFile } from '../../src/i18n';
import { NODE_MODULES_DIR } from '../../src/paths';
import { PUBLIC_DIR } from '../../src/web/assets';
import { escapeHtml, jsonForScript, pageTheme } from '../../src/web/pages';
import { languageName, pageLanguage, webChatLocale } from '../../src/web/webStrings';
import { EchoServer, startEchoServer, tempDataDir } from './echoServer';

function keyPaths(value: unknown, prefix = ''): string[] {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return [prefix];
    return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => keyPaths(child, prefix ? `${prefix}.${key}` : key));
}

describe('web page strings and language choice', () => {
    it('has the same keys in every locale, none empty', () => {
        const reference = keyPaths(readLocaleFile('en', 'web.json')).sort();
        for (const lng of SUPPORTED_LANGUAGES) {
            const strings = readLocaleFile(lng, 'web.json');
            expect(keyPaths(strings).sort()).toEqual(reference);
            const serialized = JSON.stringify(strings);
            expect(serialized).not.toMatch(/:""/);
        }
    });

    it.each([
        ['ro', 'en-US,en;q=0.9', 'ro'],
        ['IT-it', undefined, 'it'],
        ['ja', 'it-IT,it;q=0.9,en;q=0.5', 'it'],
        [null, 'ja-JP,ja;q=0.9,ro;q=0.8,en;q=0.7', 'ro'],
        [null, 'en;q=0.2, it;q=0.8', 'it'],
        [null, 'ja-JP', 'en'],
        [null, 'de-AT,de;q=0.9,en;q=0.5', SUPPORTED_LANGUAGES.includes('de') ? 'de' : 'en'],
        [null, undefined, 'en'],
        [null, 'ro;q=0, en', 'en'],
    ])('?lang=%s with Accept-Language %s → %s (ja is not a language of locales/)', (lang, accept, expected) => {
        expect(pageLanguage(lang, accept)).toBe(expected);
    });

    it.each([
        ['dark', 'dark'],
        ['default', 'light'],
        [' Contrast ', 'contrast'],
        ['sepia', undefined],
        [null, undefined],
    ])('?theme=%s → %s', (value, expected) => {
        expect(pageTheme(value)).toBe(expected);
    });

    it('names each language in that language', () => {
        expect(['en', 'ro', 'it'].map(languageName)).toEqual(['English', 'Română', 'Italiano']);
    });

    it('asks Web Chat for a regional locale it ships', () => {
        expect(['en', 'ro', 'it', 'fr', 'de', 'es'].map(webChatLocale)).toEqual(['en-US', 'ro-RO', 'it-IT', 'fr-FR', 'de-DE', 'es-ES']);
        expect(webChatLocale('pt')).toBe('pt');
    });

    it('escapes text for HTML and JSON inside script tags', () => {
        expect(escapeHtml('<b title="x">Tom & Jerry\'s</b>')).toBe('&#60;b title=&#34;x&#34;&#62;Tom &#38; Jerry&#39;s&#60;/b&#62;');
        expect(jsonForScript({ text: '</script><script>alert(1)</script>' })).not.toContain('</script>');
    });
});

describe('web routes over HTTP', () => {
    let dataDir: string;
    let app: EchoServer;

    beforeAll(async () => {
        dataDir = tempDataDir('web-routes');
        app = await startEchoServer(dataDir, { HELPDESK_MAILBOX: 'help+desk@example.org' });
    });

    afterAll(async () => {
        await app.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('serves the chat page in the negotiated language with a strict CSP', async () => {
        const res = await fetch(`${app.baseUrl}/`, { headers: { 'Accept-Language': 'ro-RO,ro;q=0.9,en;q=0.8' } });
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
        expect(res.headers.get('vary')).toContain('Accept-Language');
        const csp = res.headers.get('content-security-policy') ?? '';
        expect(csp).toContain("script-src 'self'");
        expect(csp).toContain("connect-src 'self'");
        const html = await res.text();
        expect(html).toContain('<html lang="ro">');
        expect(html).toContain('<h1>Asistentul pentru accesul la CPMS</h1>');
        expect(html).toContain('"webChatLocale":"ro-RO"');
        expect(html).toContain('href="mailto:help+desk@example.org"');
        // The page's own script first: it asks for the token while the Web Chat bundle downloads.
        expect(html).toMatch(/<script src="static\/chat\.js\?v=[\w-]+" defer><\/script>\s*<script src="static\/webchat\.js\?v=[\w-]+" id="webchat-bundle" defer><\/script>/);
        expect(html).toContain('interactive-widget=resizes-content');
        // No theme asked for: no data-theme, site.css follows prefers-color-scheme.
        expect(html).toMatch(/<html lang="ro">/);
        expect(html).not.toMatch(/https?:\/\/(?!webgate|europa|cpms|reconnet)[^"]*\.(js|css|woff2?)/);
    });

    it('serves the tab page framable by Teams only', async () => {
        const res = await fetch(`${app.baseUrl}/tab?lang=it`);
        const csp = res.headers.get('content-security-policy') ?? '';
        expect(csp).toMatch(/frame-ancestors 'self' https:\/\/teams\.microsoft\.com/);
        const html = await res.text();
        expect(html).toContain('<html lang="it">');
        expect(html).toContain('static/teams.js?v=');
        expect(html).toContain('https://cpms.ern-net.eu/login/');
    });

    it.each([
        ['/tab?theme=dark', 'dark'],
        ['/tab?theme=default', 'light'],
        ['/tab?theme=contrast', 'contrast'],
        ['/?theme=dark', 'dark'],
        ['/?theme=LIGHT', 'light'],
    ])('%s renders data-theme="%s" without Teams or JavaScript', async (url, theme) => {
        const html = await (await fetch(`${app.baseUrl}${url}`)).text();
        expect(html).toMatch(new RegExp(`<html lang="\\w+" data-theme="${theme}">`));
        // The language menu keeps the theme.
        expect(html).toContain(`theme=${theme}`);
    });

    it('ignores an unknown theme', async () => {
        const html = await (await fetch(`${app.baseUrl}/tab?theme=%22%3E%3Cscript%3E`)).text();
        expect(html).toMatch(/<html lang="\w+">/);
        expect(html).not.toContain('<script>');
    });

    // SUPPORTED_LANGUAGES is discovered from the complete folders of locales/: a new language is covered here at once.
    it('serves every language of locales/ in its own language', async () => {
        expect(SUPPORTED_LANGUAGES).toEqual(expect.arrayContaining(['en', 'ro', 'it']));
        for (const lng of SUPPORTED_LANGUAGES) {
            const html = await (await fetch(`${app.baseUrl}/?lang=${lng}`)).text();
            expect(html).toContain(`<html lang="${lng}">`);
            expect(html).toContain(`"webChatLocale":"${webChatLocale(lng)}"`);
            // The language menu names every language in that language.
            for (const other of SUPPORTED_LANGUAGES) expect(html).toContain(`hreflang="${other}"${other === lng ? ' aria-current="true"' : ''}>${escapeHtml(languageName(other))}</a>`);
            expect(html).toContain(`<summary>${(readLocaleFile(lng, 'web.json') as { chat: { keyboardHelp: { title: string } } }).chat.keyboardHelp.title}</summary>`);
        }
    });

    it('serves Brotli when the browser takes it (made in the background, gzip meanwhile)', async () => {
        const page = await (await fetch(`${app.baseUrl}/`)).text();
        const cssUrl = /href="(static\/site\.css\?v=[\w-]+)"/.exec(page)?.[1] ?? '';
        const original = fs.readFileSync(path.join(PUBLIC_DIR, 'site.css'));
        let raw = await rawGet(`${app.baseUrl}/${cssUrl}`, { 'Accept-Encoding': 'gzip, br' });
        // Small files compress in milliseconds; bounded wait for the background compression.
        for (let i = 0; i < 50 && raw.headers['content-encoding'] !== 'br'; i++) {
            expect(raw.headers['content-encoding']).toBe('gzip');
            await new Promise((resolve) => setTimeout(resolve, 100));
            raw = await rawGet(`${app.baseUrl}/${cssUrl}`, { 'Accept-Encoding': 'gzip, br' });
        }
        expect(raw.headers['content-encoding']).toBe('br');
        expect(raw.headers['vary']).toContain('Accept-Encoding');
        expect(zlib.brotliDecompressSync(raw.body).equals(original)).toBe(true);
    });

    it('serves the Web Chat bundle locally with long cache, ETag revalidation and gzip', async () => {
        const page = await (await fetch(`${app.baseUrl}/`)).text();
        const bundleUrl = /src="(static\/webchat\.js\?v=[\w-]+)"/.exec(page)?.[1] ?? '';
        const res = await fetch(`${app.baseUrl}/${bundleUrl}`, { headers: { 'Accept-Encoding': 'gzip' } });
        expect(res.status).toBe(200);
        expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
        expect(res.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
        const body = Buffer.from(await res.arrayBuffer());
        const original = fs.readFileSync(path.join(NODE_MODULES_DIR, 'botframework-webchat', 'dist', 'webchat.js'));
        expect(body.equals(original)).toBe(true); // fetch already gunzipped it

        const raw = await rawGet(`${app.baseUrl}/${bundleUrl}`, { 'Accept-Encoding': 'gzip' });
        expect(raw.headers['content-encoding']).toBe('gzip');
        expect(zlib.gunzipSync(raw.body).equals(original)).toBe(true);
        expect(raw.body.length).toBeLessThan(original.length / 3);

        const etag = res.headers.get('etag') ?? '';
        const again = await fetch(`${app.baseUrl}/static/webchat.js`, { headers: { 'If-None-Match': etag } });
        expect(again.status).toBe(304);
        expect(again.headers.get('cache-control')).toBe('public, max-age=3600');
        expect((await fetch(`${app.baseUrl}/static/secrets.txt`)).status).toBe(404);
        expect((await fetch(`${app.baseUrl}/static/..%2Fpackage.json`)).status).toBe(404);
    });
});

/** A GET without fetch's automatic decompression, to see the bytes on the wire. */
async function rawGet(url: string, headers: Record<string, string>): Promise<{ headers: Record<string, unknown>; body: Buffer }> {
    const http = await import('http');
    return new Promise((resolve, reject) => {
        http.get(url, { headers }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
        }).on('error', reject);
    });
}
