// @ts-check
/* The web chat page: gets a Direct Line token from the bot, then renders Bot Framework Web Chat.
   The page's strings and settings come from the server in #page-config (see src/web/pages.ts).

   This script runs before the Web Chat bundle has arrived (it is tiny and listed first): it asks for
   the token and, with the bot's own Direct Line, starts the conversation at once, so the bot's
   welcome is waiting by the time the bundle has downloaded on a slow phone connection. */
'use strict';

(function () {
    /** Where the page keeps the signed identity token so a returning visitor stays the same user. */
    var STORAGE_KEY = 'cpms-helpdesk-bot:identity';
    /** botframework-directlinejs ConnectionStatus values. */
    var FAILED_TO_CONNECT = 4;
    var ENDED = 5;
    /**
     * Polling of the bot's own Direct Line (Azure's uses a WebSocket). directlinejs reads
     * `pollingInterval` before scheduling each poll, so changing it takes effect from the next one.
     */
    var POLL_WAITING_MS = 300; // a message was sent: the reply is due
    var POLL_VISIBLE_MS = 1000; // someone is looking at the chat
    var POLL_HIDDEN_MS = 5000; // tab in the background (visitors switch to EU Login and back)
    /** Bot replies to one turn arrive as a burst; focus moves once the burst is over. */
    var REPLY_SETTLE_MS = 400;
    /**
     * A burst can span two polls: when the focus went to the send box because no button had come
     * yet, a card arriving this soon after still takes it (unless the visitor started typing).
     */
    var LATE_BUTTONS_MS = 3000;

    var SEND_BOX = '[data-id="webchat-sendbox-input"]';
    var ACTIVITY = '.webchat__basic-transcript__activity';
    var FROM_USER = '.webchat__stacked-layout--from-user, .webchat__bubble--from-user';
    /** Buttons a reply offers: card actions and suggested actions. */
    var ACTION_BUTTONS = 'button.ac-pushButton, .webchat__suggested-action';

    var configElement = document.getElementById('page-config');
    var config = JSON.parse((configElement && configElement.textContent) || '{}');
    var host = /** @type {HTMLElement} */ (document.getElementById('webchat'));
    var bundle = document.getElementById('webchat-bundle');

    /** Calm ReCONNET blue; contrast of every text colour against its background is at least 4.5:1. */
    var LIGHT = {
        accent: '#1f5fa8',
        backgroundColor: '#ffffff',
        bubbleBackground: '#eef3f9',
        bubbleTextColor: '#1a2433',
        bubbleFromUserBackground: '#1f5fa8',
        bubbleFromUserTextColor: '#ffffff',
        botAvatarBackgroundColor: '#1f5fa8',
        sendBoxBackground: '#ffffff',
        sendBoxTextColor: '#1a2433',
        sendBoxPlaceholderColor: '#55657a',
        sendBoxButtonColor: '#1f5fa8',
        sendBoxButtonColorOnHover: '#153f70',
        sendBoxBorderTop: 'solid 1px #c9d6e6',
        subtle: '#55657a',
        timestampColor: '#55657a',
        suggestedActionBackgroundColor: '#ffffff',
        suggestedActionBorderColor: '#1f5fa8',
        suggestedActionTextColor: '#1f5fa8',
        suggestedActionBackgroundColorOnHover: '#e4edf8',
        transcriptVisualKeyboardIndicatorColor: '#1f5fa8',
        transcriptActivityVisualKeyboardIndicatorColor: '#1f5fa8',
    };

    /** The same roles on the page's dark surface (site.css, prefers-color-scheme or ?theme=dark). */
    var DARK = {
        accent: '#9cc6ff',
        backgroundColor: '#292e36',
        bubbleBackground: '#353c47',
        bubbleTextColor: '#f0f3f7',
        bubbleFromUserBackground: '#9cc6ff',
        bubbleFromUserTextColor: '#0f2f55',
        botAvatarBackgroundColor: '#9cc6ff',
        botAvatarColor: '#0f2f55',
        sendBoxBackground: '#1f2329',
        sendBoxTextColor: '#f0f3f7',
        sendBoxPlaceholderColor: '#c3ccd8',
        sendBoxButtonColor: '#9cc6ff',
        sendBoxButtonColorOnHover: '#cfe3ff',
        sendBoxBorderTop: 'solid 1px #3b4656',
        subtle: '#c3ccd8',
        timestampColor: '#c3ccd8',
        suggestedActionBackgroundColor: '#292e36',
        suggestedActionBorderColor: '#9cc6ff',
        suggestedActionTextColor: '#9cc6ff',
        suggestedActionBackgroundColorOnHover: '#22354d',
        transcriptVisualKeyboardIndicatorColor: '#9cc6ff',
        transcriptActivityVisualKeyboardIndicatorColor: '#9cc6ff',
    };

    var SHARED_STYLE = {
        primaryFont: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
        bubbleBorderWidth: 0,
        bubbleBorderRadius: 12,
        bubbleFromUserBorderWidth: 0,
        bubbleFromUserBorderRadius: 12,
        botAvatarInitials: 'RC',
        hideUploadButton: true,
        sendBoxHeight: 56,
        // Whole button labels: suggested actions wrap onto several lines instead of a carousel.
        suggestedActionLayout: 'flow',
        suggestedActionHeight: 'auto',
        suggestedActionBorderWidth: 2,
        suggestedActionBorderRadius: 20,
        richCardWrapTitle: true,
        transcriptVisualKeyboardIndicatorWidth: 3,
    };

    /** 'dark' when the page says so (?theme=dark) or, without a choice, when the browser prefers it. */
    function currentScheme() {
        var chosen = document.documentElement.dataset.theme;
        if (chosen === 'dark' || chosen === 'light') return chosen;
        return window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
    }

    function styleOptions() {
        return Object.assign({}, SHARED_STYLE, currentScheme() === 'dark' ? DARK : LIGHT);
    }

    // ---- identity and session -------------------------------------------------------------

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
     * With the bot's own Direct Line, starts the conversation right away (Direct Line 3.0
     * `POST /conversations`, what Web Chat would send later); Web Chat then resumes it.
     * @param {{ token: string, domain?: string }} session
     */
    async function startConversation(session) {
        if (session.domain) return session; // Azure: Web Chat opens its WebSocket itself
        var response = await fetch(new URL(config.directLinePath + '/conversations', document.baseURI).href, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + session.token },
            body: JSON.stringify({ user: {}, locale: config.webChatLocale }),
        });
        if (!response.ok) throw new Error('conversation start failed with HTTP ' + response.status);
        var conversation = await response.json();
        return Object.assign({}, session, { token: conversation.token || session.token, conversationId: conversation.conversationId });
    }

    /** Set when the Web Chat bundle could not load: "Try again" then reloads the page. */
    var bundleFailed = false;

    /**
     * Resolves when the deferred Web Chat bundle has run (it is listed after this script, so its
     * load and error events have not fired yet when this runs).
     */
    var webChatLoaded = new Promise(function (resolve, reject) {
        function failed() {
            bundleFailed = true;
            reject(new Error('Web Chat bundle failed to load'));
        }
        if (window.WebChat) return resolve(window.WebChat);
        if (!bundle) return failed();
        bundle.addEventListener('load', function () {
            if (window.WebChat) resolve(window.WebChat);
            else failed();
        });
        bundle.addEventListener('error', failed);
    });
    // Handled where it is awaited; this only keeps an early failure from being reported as unhandled.
    webChatLoaded.catch(function () {});

    // ---- status messages --------------------------------------------------------------------

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
                if (bundleFailed) window.location.reload();
                else void start(startSession());
            });
            status.appendChild(retry);
        }
        host.replaceChildren(status);
        if (retry) retry.focus();
    }

    function focusSendBox() {
        var input = host.querySelector(SEND_BOX);
        if (input instanceof HTMLElement) input.focus();
        else host.focus();
    }

    // ---- cards that were answered, and where focus goes after a button --------------------

    /** @param {Element} activity */
    function isFromUser(activity) {
        return activity.querySelector(FROM_USER) !== null;
    }

    /**
     * A card belongs to the question it was sent with: once the visitor has answered (a later
     * message of theirs, or a press on one of its buttons), its buttons stop sending, so neither
     * a click nor Enter from the history can send an old answer again. aria-disabled rather than
     * disabled: the pressed button keeps the focus until the reply takes it, and screen readers
     * still read the old options, as unavailable.
     * @param {Element} activity
     */
    function retireButtons(activity) {
        activity.querySelectorAll('button.ac-pushButton:not([aria-disabled="true"])').forEach(function (button) {
            button.setAttribute('aria-disabled', 'true');
        });
        activity.classList.add('chat-answered');
    }

    /** @param {Element} button */
    function isRetired(button) {
        return button.getAttribute('aria-disabled') === 'true';
    }

    function retireAnsweredCards() {
        var activities = host.querySelectorAll(ACTIVITY);
        var lastUser = -1;
        activities.forEach(function (activity, index) {
            if (isFromUser(activity)) lastUser = index;
        });
        for (var i = 0; i < lastUser; i++) retireButtons(activities[i]);
    }

    /** Set when a reply button was pressed: focus follows the conversation to the reply. */
    var focusAfterReply = false;
    /** Activities present when the button was pressed; the reply is what comes after them. */
    var activitiesBeforeReply = 0;
    var settleTimer = 0;
    /** Until when a late card of the reply may still take the focus from the empty send box. */
    var lateButtonsUntil = 0;

    /**
     * Runs before Web Chat's own click handlers (capture phase): stops presses on retired
     * buttons, and notes a fresh press so that focus can follow the reply.
     * @param {Event} event
     */
    function onReplyButton(event) {
        var target = event.target instanceof Element ? event.target.closest(ACTION_BUTTONS) : null;
        if (!target || !host.contains(target)) return;
        if (isRetired(target)) {
            event.preventDefault();
            event.stopPropagation();
            return;
        }
        var activity = target.closest(ACTIVITY);
        if (activity) {
            target.classList.add('chat-chosen');
            target.setAttribute('aria-pressed', 'true');
            // After Web Chat has handled this click: the card cannot send a second answer.
            setTimeout(function () {
                retireButtons(activity);
            }, 0);
        }
        focusAfterReply = true;
        lateButtonsUntil = 0;
        activitiesBeforeReply = host.querySelectorAll(ACTIVITY).length;
    }

    /** The first button of the reply's cards, if any. */
    function firstReplyButton() {
        var activities = host.querySelectorAll(ACTIVITY);
        for (var i = activitiesBeforeReply; i < activities.length; i++) {
            if (isFromUser(activities[i])) continue;
            var button = activities[i].querySelector('button.ac-pushButton:not([aria-disabled="true"])');
            if (button instanceof HTMLElement) return button;
        }
        return undefined;
    }

    /** The first thing the new reply offers: a button of its cards or suggested actions, else the send box. */
    function focusReply() {
        var button = firstReplyButton();
        if (button) {
            button.focus();
            return;
        }
        var suggested = host.querySelector('.webchat__suggested-action:not([disabled])');
        if (suggested instanceof HTMLElement) {
            suggested.focus();
            return;
        }
        focusSendBox();
        lateButtonsUntil = Date.now() + LATE_BUTTONS_MS;
    }

    /** A card of the same reply that came after the focus went to the send box. */
    function maybeFocusLateButtons() {
        if (Date.now() > lateButtonsUntil) return;
        var input = host.querySelector(SEND_BOX);
        if (!(input instanceof HTMLInputElement) || document.activeElement !== input || input.value !== '') return;
        var button = firstReplyButton();
        if (button) {
            lateButtonsUntil = 0;
            button.focus();
        }
    }

    /** @param {number} botActivities */
    function maybeFocusReply(botActivities) {
        if (!focusAfterReply || botActivities === 0) return;
        clearTimeout(settleTimer);
        settleTimer = window.setTimeout(function () {
            focusAfterReply = false;
            focusReply();
        }, REPLY_SETTLE_MS);
    }

    function newBotActivities() {
        var activities = host.querySelectorAll(ACTIVITY);
        var count = 0;
        for (var i = activitiesBeforeReply; i < activities.length; i++) if (!isFromUser(activities[i])) count++;
        return count;
    }

    function watchTranscript() {
        var observer = new MutationObserver(function () {
            retireAnsweredCards();
            maybeFocusReply(newBotActivities());
            maybeFocusLateButtons();
        });
        observer.observe(host, { childList: true, subtree: true });
        host.addEventListener('click', onReplyButton, true);
        // Typing in the send box: the visitor has taken over, no card takes the focus from them.
        host.addEventListener('keydown', function (event) {
            if (event.target instanceof Element && event.target.matches(SEND_BOX)) lateButtonsUntil = 0;
        });
    }

    // ---- polling ------------------------------------------------------------------------------

    /** @param {{ pollingInterval?: number }} directLine */
    function adaptPolling(directLine) {
        var waiting = false;
        function apply() {
            directLine.pollingInterval = document.hidden ? POLL_HIDDEN_MS : waiting ? POLL_WAITING_MS : POLL_VISIBLE_MS;
        }
        document.addEventListener('visibilitychange', apply);
        apply();
        /** Web Chat store middleware: sending makes the reply due; a bot activity is the reply. */
        return function () {
            return function (/** @type {(action: any) => any} */ next) {
                return function (/** @type {{ type: string, payload?: any }} */ action) {
                    if (action.type === 'DIRECT_LINE/POST_ACTIVITY') {
                        waiting = true;
                        apply();
                    } else if (action.type === 'DIRECT_LINE/INCOMING_ACTIVITY' && action.payload && action.payload.activity && action.payload.activity.from && action.payload.activity.from.role === 'bot') {
                        waiting = false;
                        apply();
                    }
                    return next(action);
                };
            };
        };
    }

    // ---- start --------------------------------------------------------------------------------

    function startSession() {
        return getSession().then(startConversation);
    }

    /** @param {Promise<any>} sessionPromise */
    async function start(sessionPromise) {
        showStatus(config.strings.connecting, false);
        var session;
        var WebChat;
        try {
            session = await sessionPromise;
            WebChat = await webChatLoaded;
        } catch (e) {
            showStatus(config.strings.connectionFailed, true);
            return;
        }
        // The bot's own Direct Line answers next to this page (relative: works under a path prefix);
        // it polls, so no WebSocket. Azure's Direct Line comes with its domain and uses WebSockets.
        var directLine = session.domain
            ? WebChat.createDirectLine({ token: session.token, domain: session.domain })
            : WebChat.createDirectLine({
                  token: session.token,
                  conversationId: session.conversationId,
                  domain: new URL(config.directLinePath, document.baseURI).href,
                  webSocket: false,
                  pollingInterval: POLL_VISIBLE_MS,
              });
        directLine.connectionStatus$.subscribe(function (/** @type {number} */ status) {
            if (status === FAILED_TO_CONNECT || status === ENDED) showStatus(config.strings.connectionFailed, true);
        });
        // Azure's Direct Line streams over a WebSocket: only the bot's own endpoint is polled.
        var store = session.domain ? WebChat.createStore({}) : WebChat.createStore({}, adaptPolling(directLine));
        // A fresh mount point each time, so "Try again" never renders over a half-removed tree.
        var root = document.createElement('div');
        root.className = 'webchat-root';
        host.replaceChildren(root);
        function render() {
            WebChat.renderWebChat(
                {
                    directLine: directLine,
                    store: store,
                    locale: config.webChatLocale,
                    styleOptions: styleOptions(),
                    overrideLocalizedStrings: { TEXT_INPUT_PLACEHOLDER: config.strings.placeholder },
                },
                root,
            );
        }
        render();
        // Same store and connection: only the colours change when the browser switches scheme.
        if (window.matchMedia) window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', render);
    }

    var skipLink = document.querySelector('.skip-link');
    if (skipLink) {
        skipLink.addEventListener('click', function (event) {
            event.preventDefault();
            focusSendBox();
        });
    }
    watchTranscript();
    void start(startSession());
})();
