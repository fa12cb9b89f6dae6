// @ts-check
/* The Teams personal tab: follows the Teams locale and theme when hosted in Teams, and still
   works as a plain page (?lang= or the browser's language) when opened anywhere else. */
'use strict';

(function () {
    /** Outside Teams, initialize() never hears from a host: give up after this long. */
    var TEAMS_TIMEOUT_MS = 3000;
    /** Teams theme names → the page's (site.css); Teams calls its light theme "default". */
    var THEMES = { default: 'light', light: 'light', dark: 'dark', contrast: 'contrast' };

    var configElement = document.getElementById('page-config');
    var config = JSON.parse((configElement && configElement.textContent) || '{}');
    /** Every language the server sent strings for (locales/<lng>/web.json). */
    var SUPPORTED = Object.keys(config.resources || {});

    /** @param {string | undefined | null} locale @returns {string | undefined} */
    function supportedLanguage(locale) {
        var base = String(locale || '').toLowerCase().split(/[-_]/)[0];
        return SUPPORTED.indexOf(base) >= 0 ? base : undefined;
    }

    /** @param {unknown} tree @param {string} key @returns {string | undefined} */
    function lookup(tree, key) {
        /** @type {any} */
        var node = tree;
        var parts = key.split('.');
        for (var i = 0; i < parts.length; i++) {
            if (node === null || typeof node !== 'object') return undefined;
            node = node[parts[i]];
        }
        return typeof node === 'string' ? node : undefined;
    }

    /** Re-labels the page in another language without a reload. @param {string} lng */
    function applyLanguage(lng) {
        var strings = config.resources[lng];
        if (!strings || lng === config.lang) return;
        document.querySelectorAll('[data-i18n]').forEach(function (element) {
            var el = /** @type {HTMLElement} */ (element);
            var text = lookup(strings, el.dataset.i18n || '');
            if (text !== undefined) el.textContent = text.replace('{{number}}', el.dataset.i18nNumber || '');
        });
        document.querySelectorAll('.language-menu a').forEach(function (link) {
            if (link.getAttribute('hreflang') === lng) link.setAttribute('aria-current', 'true');
            else link.removeAttribute('aria-current');
        });
        var title = lookup(strings, 'tab.title');
        if (title) document.title = title + ' · ' + (lookup(strings, 'network') || '');
        document.documentElement.lang = lng;
        var chat = document.getElementById('open-chat');
        if (chat) chat.setAttribute('href', config.chatUrl + '?lang=' + lng);
        config.lang = lng;
    }

    /** Teams' theme; an unknown name leaves the page following the browser. @param {string} theme */
    function applyTheme(theme) {
        var known = Object.prototype.hasOwnProperty.call(THEMES, theme) ? THEMES[/** @type {keyof typeof THEMES} */ (theme)] : undefined;
        if (known) document.documentElement.dataset.theme = known;
        else delete document.documentElement.dataset.theme;
    }

    /**
     * @template T
     * @param {Promise<T>} promise
     * @returns {Promise<T>}
     */
    function withTimeout(promise) {
        return new Promise(function (resolve, reject) {
            var timer = setTimeout(function () {
                reject(new Error('Teams did not answer'));
            }, TEAMS_TIMEOUT_MS);
            promise.then(
                function (value) {
                    clearTimeout(timer);
                    resolve(value);
                },
                function (error) {
                    clearTimeout(timer);
                    reject(error);
                },
            );
        });
    }

    /** In Teams the button opens the 1:1 chat with the bot instead of the web chat page. */
    function wireChatButton() {
        var chat = document.getElementById('open-chat');
        if (!chat || !config.botId) return;
        chat.addEventListener('click', function (event) {
            event.preventDefault();
            var deepLink = 'https://teams.microsoft.com/l/chat/0/0?users=28:' + encodeURIComponent(config.botId);
            window.microsoftTeams.app.openLink(deepLink).catch(function () {
                window.open(deepLink, '_blank', 'noopener');
            });
        });
    }

    async function start() {
        var explicit = supportedLanguage(new URLSearchParams(window.location.search).get('lang'));
        try {
            var teams = window.microsoftTeams;
            if (!teams) throw new Error('teams-js did not load');
            await withTimeout(teams.app.initialize());
            var context = await withTimeout(teams.app.getContext());
            document.body.dataset.host = 'teams';
            var lng = supportedLanguage(context.app.locale);
            if (lng && !explicit) applyLanguage(lng);
            applyTheme(context.app.theme);
            teams.app.registerOnThemeChangeHandler(applyTheme);
            wireChatButton();
            void teams.app.notifySuccess();
        } catch (e) {
            document.body.dataset.host = 'browser';
            var browserLanguage = supportedLanguage(navigator.language);
            if (!explicit && browserLanguage) applyLanguage(browserLanguage);
        }
    }

    void start();
})();
