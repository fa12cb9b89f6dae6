// @ts-check
/* The web chat page: gets a Direct Line token from the bot, then renders Bot Framework Web Chat.
   The page's strings and settings come from the server in #page-config (see src/web/pages.ts). */
'use strict';

(function () {
    /** Where the page keeps the signed identity token so a returning visitor stays the same user. */
    var STORAGE_KEY = 'cpms-helpdesk-bot:identity';
    /** botframework-directlinejs ConnectionStatus values. */
    var FAILED_TO_CONNECT = 4;
    var ENDED = 5;

    var configElement = document.getElementById('page-config');
    var config = JSON.parse((configElement && configElement.textContent) || '{}');
    var host = /** @type {HTMLElement} */ (document.getElementById('webchat'));

    /** Calm ReCONNET blue; contrast of every text colour against its background is at least 4.5:1. */
    var STYLE_OPTIONS = {
        accent: '#1f5fa8',
        backgroundColor: '#ffffff',
        primaryFont: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
        bubbleBackground: '#eef3f9',
        bubbleBorderWidth: 0,
        bubbleBorderRadius: 12,
        bubbleTextColor: '#1a2433',
        bubbleFromUserBackground: '#1f5fa8',
        bubbleFromUserBorderWidth: 0,
        bubbleFromUserBorderRadius: 12,
        bubbleFromUserTextColor: '#ffffff',
        botAvatarInitials: 'RC',
        botAvatarBackgroundColor: '#1f5fa8',
        hideUploadButton: true,
        sendBoxButtonColor: '#1f5fa8',
        sendBoxButtonColorOnHover: '#153f70',
        sendBoxBorderTop: 'solid 1px #c9d6e6',
        sendBoxHeight: 56,
        subtle: '#55657a',
        timestampColor: '#55657a',
        suggestedActionLayout: 'flow',
        suggestedActionBackgroundColor: '#ffffff',
        suggestedActionBorderColor: '#1f5fa8',
        suggestedActionBorderWidth: 2,
        suggestedActionBorderRadius: 20,
        suggestedActionTextColor: '#1f5fa8',
        suggestedActionBackgroundColorOnHover: '#e4edf8',
        transcriptVisualKeyboardIndicatorColor: '#1f5fa8',
        transcriptActivityVisualKeyboardIndicatorColor: '#1f5fa8',
        transcriptVisualKeyboardIndicatorWidth: 3,
    };

    /** @returns {string | undefined} */
    function readIdentity() {
        try {
            return window.localStorage.getItem(STORAGE_KEY) || undefined;
        } catch (e) {
            return undefined; // storage blocked (private mode, third-party iframe): a new visitor each time
        }
    }

    /** @param {string | undefined} token */
    function writeIdentity(token) {
        try {
            if (token) window.localStorage.setItem(STORAGE_KEY, token);
            else window.localStorage.removeItem(STORAGE_KEY);
        } catch (e) {
            /* see readIdentity */
        }
    }

    /** @param {string | undefined} previousToken */
    function requestToken(previousToken) {
        return fetch(config.tokenUrl, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ previousToken: previousToken, locale: config.webChatLocale }),
        });
    }

    /** Gets a token, sending back the last identity; a refused one (server secret changed) is dropped. */
    async function getSession() {
        var previous = readIdentity();
        var response = await requestToken(previous);
        if (response.status === 401 && previous) {
            writeIdentity(undefined);
            response = await requestToken(undefined);
        }
        if (!response.ok) throw new Error('token request failed with HTTP ' + response.status);
        var session = await response.json();
        writeIdentity(session.identityToken);
        return session;
    }

    /**
     * @param {string} text
     * @param {boolean} canRetry
     */
    function showStatus(text, canRetry) {
        var status = document.createElement('div');
        status.className = 'chat-status' + (canRetry ? ' error' : '');
        status.setAttribute('role', canRetry ? 'alert' : 'status');
        var retry;
        var message = document.createElement('p');
        message.textContent = text;
        status.appendChild(message);
        if (canRetry) {
            retry = document.createElement('button');
            retry.type = 'button';
            retry.className = 'button';
            retry.textContent = config.strings.retry;
            retry.addEventListener('click', function () {
                void start();
            });
            status.appendChild(retry);
        }
        host.replaceChildren(status);
        if (retry) retry.focus();
    }

    function focusSendBox() {
        var input = host.querySelector('[data-id="webchat-sendbox-input"]');
        if (input instanceof HTMLElement) input.focus();
        else host.focus();
    }

    async function start() {
        showStatus(config.strings.connecting, false);
        var session;
        try {
            session = await getSession();
        } catch (e) {
            showStatus(config.strings.connectionFailed, true);
            return;
        }
        // The bot's own Direct Line answers next to this page (relative: works under a path prefix);
        // it polls, so no WebSocket. Azure's Direct Line comes with its domain and uses WebSockets.
        var directLine = session.domain
            ? window.WebChat.createDirectLine({ token: session.token, domain: session.domain })
            : window.WebChat.createDirectLine({
                  token: session.token,
                  domain: new URL(config.directLinePath, document.baseURI).href,
                  webSocket: false,
              });
        directLine.connectionStatus$.subscribe(function (/** @type {number} */ status) {
            if (status === FAILED_TO_CONNECT || status === ENDED) showStatus(config.strings.connectionFailed, true);
        });
        // A fresh mount point each time, so "Try again" never renders over a half-removed tree.
        var root = document.createElement('div');
        root.className = 'webchat-root';
        host.replaceChildren(root);
        window.WebChat.renderWebChat(
            {
                directLine: directLine,
                locale: config.webChatLocale,
                styleOptions: STYLE_OPTIONS,
                overrideLocalizedStrings: { TEXT_INPUT_PLACEHOLDER: config.strings.placeholder },
            },
            root,
        );
    }

    var skipLink = document.querySelector('.skip-link');
    if (skipLink) {
        skipLink.addEventListener('click', function (event) {
            event.preventDefault();
            focusSendBox();
        });
    }
    void start();
})();
