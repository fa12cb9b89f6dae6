/**
 * botframework-directlinejs expects browser globals: XMLHttpRequest (from xhr2) and a
 * WebSocket constructor even when polling (Node 20 has none). Import this module first.
 */
import WebSocket from 'ws';

// xhr2 ships no type declarations; it is only handed on as the global constructor.
const xhr2: unknown = require('xhr2');

Object.assign(globalThis, { XMLHttpRequest: xhr2, WebSocket });
