import type { TFunction } from 'i18next';
import { Language, SUPPORTED_LANGUAGES } from '../i18n';
import { STEP_IDS, StepId } from '../journey';
import type { StaticAssets } from './assets';
import { languageName, webChatLocale } from './webStrings';

/** Official pages each guide step links to (the same in every language). */
export const STEP_LINKS: Record<StepId, { key: string; href: string }[]> = {
    euLogin: [{ key: 'register', href: 'https://webgate.ec.europa.eu/cas/eim/external/register.cgi' }],
    twoFactor: [
        { key: 'signIn', href: 'https://webgate.ec.europa.eu/cas' },
        { key: 'officialGuide', href: 'https://europa.eu/regions-and-cities/set-eu-login-two-factor-authentication_en' },
    ],
    requestAccess: [{ key: 'open', href: 'https://cpms.ern-net.eu/login/' }],
    afterSubmit: [],
};

/** Escapes text for HTML content and quoted attribute values. */
export function escapeHtml(text: string): string {
    return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON that is safe inside `<script type="application/json">` (no `</script>`, no line separators). */
export function jsonForScript(value: unknown): string {
    return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * The ReCONNET-style mark: three linked nodes (a network of centres) on a calm blue badge.
 * The Teams icons (src/teams/icons.ts) draw the same geometry.
 */
export const LOGO_SVG = `<svg class="logo" viewBox="0 0 48 48" width="44" height="44" aria-hidden="true" focusable="false">
<rect width="48" height="48" rx="12" class="logo-badge"/>
<path d="M24 13 L13 33 L35 33 Z" class="logo-links"/>
<circle cx="24" cy="13" r="5.5" class="logo-node"/><circle cx="13" cy="33" r="5.5" class="logo-node"/><circle cx="35" cy="33" r="5.5" class="logo-node"/>
</svg>`;

const FAVICON = `data:image/svg+xml,${encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><rect width="48" height="48" rx="12" fill="#1f5fa8"/><path d="M24 13 L13 33 L35 33 Z" fill="none" stroke="#fff" stroke-width="3"/><circle cx="24" cy="13" r="5.5" fill="#fff"/><circle cx="13" cy="33" r="5.5" fill="#fff"/><circle cx="35" cy="33" r="5.5" fill="#fff"/></svg>',
)}`;

/** What both pages need to render. */
export interface PageContext {
    lng: Language;
    t: TFunction;
    assets: StaticAssets;
    helpdeskMailbox: string;
    /** The colour scheme asked for with `?theme=`; without one the page follows the browser. */
    theme?: PageTheme;
}

function languageMenu(ctx: PageContext, path: string, keep: Record<string, string>): string {
    const items = SUPPORTED_LANGUAGES.map((code) => {
        const query = new URLSearchParams({ ...keep, lang: code }).toString();
        const current = code === ctx.lng ? ' aria-current="true"' : '';
        return `<li><a href="${escapeHtml(`${path}?${query}`)}" lang="${code}" hreflang="${code}"${current}>${escapeHtml(languageName(code))}</a></li>`;
    }).join('');
    return `<nav class="language-menu" aria-label="${escapeHtml(ctx.t('languageMenu'))}"><ul>${items}</ul></nav>`;
}

/** A script of a page; `id` lets another script wait for it. */
interface PageScript {
    src: string;
    id?: string;
}

function head(ctx: PageContext, title: string, description: string, scripts: PageScript[]): string {
    const tags = scripts.map((s) => `<script src="${escapeHtml(s.src)}"${s.id ? ` id="${s.id}"` : ''} defer></script>`);
    // interactive-widget: the on-screen keyboard shrinks the layout (and 100dvh) instead of covering the send box.
    return `<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, interactive-widget=resizes-content">
<title>${escapeHtml(title)} · ${escapeHtml(ctx.t('network'))}</title>
<meta name="description" content="${escapeHtml(description)}">
<meta name="color-scheme" content="light dark">
<link rel="icon" href="${FAVICON}">
<link rel="stylesheet" href="${escapeHtml(ctx.assets.url('site.css'))}">
${tags.join('\n')}
</head>`;
}

/** Colour schemes a page can be asked for (`?theme=`); Teams calls its light theme `default`. */
export const PAGE_THEMES = ['light', 'dark', 'contrast'] as const;
export type PageTheme = (typeof PAGE_THEMES)[number];

/** `?theme=dark` → `dark`; Teams' `default` → `light`; anything else: none (the page follows the browser). */
export function pageTheme(value: string | null | undefined): PageTheme | undefined {
    const theme = (value ?? '').trim().toLowerCase();
    if (theme === 'default') return 'light';
    return (PAGE_THEMES as readonly string[]).includes(theme) ? (theme as PageTheme) : undefined;
}

function themeAttribute(theme: PageTheme | undefined): string {
    return theme ? ` data-theme="${theme}"` : '';
}

function mailto(address: string): string {
    return `<a href="mailto:${escapeHtml(address)}">${escapeHtml(address)}</a>`;
}

/** Options of the web chat page. */
export interface ChatPageOptions {
    /** Compact layout for the iframe on the ReCONNET site (`?embed=1`). */
    embedded: boolean;
}

/** A short, always-available description of the keys, outside the transcript so it never covers it. */
function keyboardHelp(t: TFunction): string {
    const items = ['reachButtons', 'history', 'afterButton'].map((key) => `<li>${escapeHtml(t(`chat.keyboardHelp.${key}`))}</li>`).join('');
    return `<details class="keyboard-help"><summary>${escapeHtml(t('chat.keyboardHelp.title'))}</summary><ul>${items}</ul></details>`;
}

/** `GET /`: Web Chat in the page's language, with intro, language menu and helpdesk address. */
export function renderChatPage(ctx: PageContext, options: ChatPageOptions): string {
    const { t } = ctx;
    const pageConfig = {
        lang: ctx.lng,
        webChatLocale: webChatLocale(ctx.lng),
        tokenUrl: 'api/directline/token',
        directLinePath: 'v3/directline',
        strings: {
            placeholder: t('chat.placeholder'),
            connecting: t('chat.connecting'),
            connectionFailed: t('chat.connectionFailed'),
            retry: t('chat.retry'),
        },
    };
    const keep: Record<string, string> = options.embedded ? { embed: '1' } : {};
    if (ctx.theme) keep.theme = ctx.theme;
    const intro = options.embedded ? '' : `<p class="intro">${escapeHtml(t('chat.intro'))}</p>`;
    const footer = options.embedded
        ? `<footer class="site-footer compact"><p>${escapeHtml(t('chat.helpdesk'))}: ${mailto(ctx.helpdeskMailbox)}</p></footer>`
        : `<footer class="site-footer">
<p class="helpdesk"><span>${escapeHtml(t('chat.helpdesk'))}:</span> ${mailto(ctx.helpdeskMailbox)}</p>
<section id="privacy" aria-labelledby="privacy-title"><h2 id="privacy-title">${escapeHtml(t('chat.privacyTitle'))}</h2><p>${escapeHtml(t('chat.privacyText'))}</p></section>
<section id="terms" aria-labelledby="terms-title"><h2 id="terms-title">${escapeHtml(t('chat.termsTitle'))}</h2><p>${escapeHtml(t('chat.termsText'))}</p></section>
</footer>`;
    // chat.js comes first: it asks for the token while the large Web Chat bundle still downloads.
    const scripts = [{ src: ctx.assets.url('chat.js') }, { src: ctx.assets.url('webchat.js'), id: 'webchat-bundle' }];
    // The header and the chat fill the screen (.chat-shell is 100dvh): send box and latest message
    // are in view on a phone; privacy and terms follow below.
    return `<!doctype html>
<html lang="${ctx.lng}"${themeAttribute(ctx.theme)}>
${head(ctx, t('chat.title'), t('chat.intro'), scripts)}
<body class="chat-page${options.embedded ? ' embedded' : ''}">
<a class="skip-link" href="#webchat">${escapeHtml(t('chat.skipToChat'))}</a>
<div class="chat-shell">
<header class="site-header">
<div class="brand">${LOGO_SVG}<div><p class="network">${escapeHtml(t('network'))}</p><h1>${escapeHtml(t('chat.title'))}</h1></div></div>
${languageMenu(ctx, './', keep)}
</header>
<main class="chat-main">
${intro}
<section class="chat-card" aria-label="${escapeHtml(t('chat.region'))}">
<div id="webchat" tabindex="-1"><p class="chat-status" role="status">${escapeHtml(t('chat.connecting'))}</p></div>
</section>
<div class="chat-notes"><p class="patient-data">${escapeHtml(t('chat.patientData'))}</p>${keyboardHelp(t)}</div>
</main>
</div>
${footer}
<script type="application/json" id="page-config">${jsonForScript(pageConfig)}</script>
</body>
</html>
`;
}

/** Options of the Teams tab page. */
export interface TabPageOptions {
    /** The bot's Microsoft app id, for the Teams deep link to its chat; empty outside Teams setups. */
    botId: string;
    /** Every language's `web.json`, so the tab can follow the Teams locale without a reload. */
    resources: Record<Language, unknown>;
}

function stepItem(t: TFunction, step: StepId, index: number): string {
    const links = STEP_LINKS[step]
        .map(
            (link) =>
                `<li><a href="${escapeHtml(link.href)}" target="_blank" rel="noopener noreferrer"><span data-i18n="tab.steps.${step}.${link.key}">${escapeHtml(
                    t(`tab.steps.${step}.${link.key}`),
                )}</span><span class="visually-hidden" data-i18n="tab.newWindow">${escapeHtml(t('tab.newWindow'))}</span></a></li>`,
        )
        .join('');
    return `<li class="step" id="step-${step}">
<p class="step-number" data-i18n="tab.step" data-i18n-number="${index + 1}">${escapeHtml(t('tab.step', { number: index + 1 }))}</p>
<h2 data-i18n="tab.steps.${step}.title">${escapeHtml(t(`tab.steps.${step}.title`))}</h2>
<p data-i18n="tab.steps.${step}.text">${escapeHtml(t(`tab.steps.${step}.text`))}</p>
${links ? `<ul class="step-links">${links}</ul>` : ''}
</li>`;
}

/** `GET /tab`: the four steps of the guide for the Teams personal tab (works outside Teams too). */
export function renderTabPage(ctx: PageContext, options: TabPageOptions): string {
    const { t } = ctx;
    const pageConfig = {
        lang: ctx.lng,
        botId: options.botId,
        chatUrl: './',
        resources: options.resources,
    };
    return `<!doctype html>
<html lang="${ctx.lng}"${themeAttribute(ctx.theme)}>
${head(ctx, t('tab.title'), t('tab.intro'), [{ src: ctx.assets.url('teams.js') }, { src: ctx.assets.url('tab.js') }])}
<body class="tab-page">
<header class="tab-header">
<div class="brand">${LOGO_SVG}<div><p class="network">${escapeHtml(t('network'))}</p><h1 data-i18n="tab.title">${escapeHtml(t('tab.title'))}</h1></div></div>
${languageMenu(ctx, 'tab', ctx.theme ? { theme: ctx.theme } : {})}
</header>
<main class="tab-main">
<p class="intro" data-i18n="tab.intro">${escapeHtml(t('tab.intro'))}</p>
<ol class="steps" aria-label="${escapeHtml(t('tab.stepsLabel'))}">
${STEP_IDS.map((step, i) => stepItem(t, step, i)).join('\n')}
</ol>
<section class="chat-cta" aria-labelledby="chat-cta-title">
<h2 id="chat-cta-title" data-i18n="tab.chatTitle">${escapeHtml(t('tab.chatTitle'))}</h2>
<p data-i18n="tab.chatText">${escapeHtml(t('tab.chatText'))}</p>
<p><a class="button" id="open-chat" href="./?lang=${ctx.lng}" data-i18n="tab.openChat">${escapeHtml(t('tab.openChat'))}</a></p>
<p class="helpdesk"><span data-i18n="tab.helpdesk">${escapeHtml(t('tab.helpdesk'))}</span> ${mailto(ctx.helpdeskMailbox)}</p>
</section>
</main>
<script type="application/json" id="page-config">${jsonForScript(pageConfig)}</script>
</body>
</html>
`;
}
