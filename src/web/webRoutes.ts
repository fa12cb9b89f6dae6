import type * as restify from 'restify';
import type { Config } from '../config';
import { Language, SUPPORTED_LANGUAGES } from '../i18n';
import { StaticAssets } from './assets';
import { PageContext, pageTheme, renderChatPage, renderTabPage } from './pages';
import { pageLanguage, webResources, webTranslator } from './webStrings';

/**
 * Hosts that may frame the Teams tab (Teams web and desktop, Outlook and Microsoft 365 apps).
 * https://learn.microsoft.com/microsoftteams/platform/tabs/how-to/tab-requirements
 */
const TEAMS_FRAME_ANCESTORS = [
    'https://teams.microsoft.com',
    'https://*.teams.microsoft.com',
    'https://*.teams.microsoft.us',
    'https://local.teams.office.com',
    'https://*.office.com',
    'https://outlook.office.com',
    'https://*.microsoft365.com',
    'https://*.cloud.microsoft',
];

/** Web Chat injects its styles at run time, hence 'unsafe-inline' for styles only. */
function contentSecurityPolicy(connectSources: string[], frameAncestors: string[]): string {
    return [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        `connect-src ${["'self'", ...connectSources].join(' ')}`,
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        `frame-ancestors ${frameAncestors.join(' ')}`,
    ].join('; ');
}

/** With Azure's Direct Line the page also talks to its endpoint, over HTTPS and WebSocket. */
function directLineSources(config: Config): string[] {
    if (config.directLineSecret === '') return [];
    const endpoint = new URL(config.directLineEndpoint);
    const socket = `${endpoint.protocol === 'http:' ? 'ws:' : 'wss:'}//${endpoint.host}`;
    return [endpoint.origin, socket];
}

function sendHtml(res: restify.Response, html: string, csp: string): void {
    res.header('Content-Type', 'text/html; charset=utf-8');
    // The language comes from Accept-Language when there is no ?lang=.
    res.header('Vary', 'Accept-Language');
    res.header('Cache-Control', 'no-cache');
    res.header('Content-Security-Policy', csp);
    res.header('X-Content-Type-Options', 'nosniff');
    res.header('Referrer-Policy', 'strict-origin-when-cross-origin');
    res.sendRaw(200, html);
}

function requestUrl(req: restify.Request): URL {
    return new URL(req.url ?? '/', 'http://localhost');
}

function acceptLanguage(req: restify.Request): string | undefined {
    const header = req.headers['accept-language'];
    return Array.isArray(header) ? header.join(',') : header;
}

/**
 * Serves the web chat page (`/`), the Teams tab (`/tab`) and their static files
 * (`/static/webchat.js`, `/static/teams.js`, the pages' own scripts and styles).
 */
export function registerWebRoutes(server: restify.Server, options: { config: Config }): void {
    const { config } = options;
    if (!config) throw new Error("[registerWebRoutes] missing 'config'");
    const assets = new StaticAssets();
    const resources = Object.fromEntries(SUPPORTED_LANGUAGES.map((lng) => [lng, webResources(lng)])) as Record<Language, unknown>;
    // The web chat is meant to be embedded in an iframe on the ReCONNET site (any origin).
    const chatCsp = contentSecurityPolicy(directLineSources(config), ['*']);
    const tabCsp = contentSecurityPolicy([], ["'self'", ...TEAMS_FRAME_ANCESTORS]);

    const context = (req: restify.Request): PageContext => {
        const query = requestUrl(req).searchParams;
        const lng = pageLanguage(query.get('lang'), acceptLanguage(req));
        return { lng, t: webTranslator(lng), assets, helpdeskMailbox: config.helpdeskMailbox, theme: pageTheme(query.get('theme')) };
    };

    server.get('/', async (req: restify.Request, res: restify.Response) => {
        const embedded = requestUrl(req).searchParams.get('embed') === '1';
        sendHtml(res, renderChatPage(context(req), { embedded }), chatCsp);
    });
    server.get('/tab', async (req: restify.Request, res: restify.Response) => {
        sendHtml(res, renderTabPage(context(req), { botId: config.microsoftAppId, resources }), tabCsp);
    });
    server.get('/static/:name', async (req: restify.Request, res: restify.Response) => assets.serve(req, res));
}
