import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SUPPORTED_LANGUAGES } from '../../src/i18n';
import { LOCALES_DIR } from '../../src/paths';
import { FaqKnowledgeBase, FaqSchemaError } from '../../src/faq';

const REQUIRED_IDS = [
    'what-is-cpms', 'access-overview', 'eu-login-create', 'two-factor', 'request-access', 'guest-vs-member', 'guest-account',
    'which-role', 'roles', 'approval-time', 'not-in-ern', 'organisation-not-listed', 'supported-browsers', 'helpdesk-contact', 'ecp',
    'video-guide', 'login', 'who-can-access', 'change-phone', 'privacy',
];

function readFaq(lng: string): Record<string, unknown> {
    return JSON.parse(fs.readFileSync(path.join(LOCALES_DIR, lng, 'faq.json'), 'utf8')) as Record<string, unknown>;
}

/** Dotted paths of every leaf; arrays are leaves. */
function leafKeys(value: unknown, prefix = ''): string[] {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return [prefix];
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => leafKeys(v, prefix ? `${prefix}.${k}` : k));
}

describe('FAQ knowledge base files', () => {
    it('loads and validates every language', () => {
        const kb = FaqKnowledgeBase.load();
        for (const lng of SUPPORTED_LANGUAGES) expect(kb.entries(lng).length).toBeGreaterThanOrEqual(REQUIRED_IDS.length);
    });

    it('has the same ids and key structure in every language', () => {
        const reference = leafKeys(readFaq('en')).sort();
        for (const lng of SUPPORTED_LANGUAGES) expect(leafKeys(readFaq(lng)).sort()).toEqual(reference);
    });

    it('covers every required entry in every language', () => {
        const kb = FaqKnowledgeBase.load();
        for (const lng of SUPPORTED_LANGUAGES) {
            for (const id of REQUIRED_IDS) expect(kb.entry(lng, id)).toBeDefined();
        }
    });

    it('keeps the facts straight in every language', () => {
        const kb = FaqKnowledgeBase.load();
        for (const lng of SUPPORTED_LANGUAGES) {
            const answer = (id: string) => kb.entry(lng, id)?.answer ?? '';
            expect(answer('helpdesk-contact')).toContain('helpdesk.reconnet@ao-pisa.toscana.it');
            expect(answer('privacy')).toMatch(/30/);
            expect(answer('privacy')).toContain('2018/1725');
            // The privacy answer names the "forget me" command in the language's own words.
            const forget = (JSON.parse(fs.readFileSync(path.join(LOCALES_DIR, lng, 'common.json'), 'utf8')) as { words: { forget: string[] } }).words.forget;
            expect(forget.some((w) => answer('privacy').toLowerCase().includes(w.toLowerCase()))).toBe(true);
            expect(answer('eu-login-create')).toContain('https://webgate.ec.europa.eu/cas/eim/external/register.cgi');
            expect(answer('request-access')).toContain('0000 Guest Access');
            expect(answer('supported-browsers')).toMatch(/Chrome.*Firefox.*Safari/s);
            expect(answer('which-role')).toContain('HP');
            // "A few days" for ReCONNET, never the 24 h other networks quote.
            expect(answer('approval-time')).not.toMatch(/24/);
        }
    });

    it('writes Romanian with comma-below diacritics, never the cedilla forms', () => {
        const text = fs.readFileSync(path.join(LOCALES_DIR, 'ro', 'faq.json'), 'utf8');
        expect(text).toMatch(/[șț]/);
        expect(text).not.toMatch(/[şţŞŢ]/);
    });

    it('offers only known guide steps, the helpdesk or https links as actions', () => {
        const kb = FaqKnowledgeBase.load();
        for (const entry of kb.entries('en')) {
            for (const action of entry.actions) {
                if (action.type === 'url') expect(action.url).toMatch(/^https:\/\//);
            }
        }
    });
});

describe('FAQ schema check', () => {
    let dir: string;

    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faq-kb-'));
        for (const lng of SUPPORTED_LANGUAGES) {
            fs.mkdirSync(path.join(dir, lng));
            fs.copyFileSync(path.join(LOCALES_DIR, lng, 'faq.json'), path.join(dir, lng, 'faq.json'));
        }
    });

    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    function edit(lng: string, change: (faq: Record<string, Record<string, unknown>>) => void): string {
        const file = path.join(dir, lng, 'faq.json');
        const faq = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, Record<string, unknown>>;
        change(faq);
        fs.writeFileSync(file, JSON.stringify(faq));
        return file;
    }

    function loadError(): FaqSchemaError {
        try {
            FaqKnowledgeBase.load(dir);
        } catch (err) {
            expect(err).toBeInstanceOf(FaqSchemaError);
            return err as FaqSchemaError;
        }
        throw new Error('expected the knowledge base to be rejected');
    }

    it('names the file, entry and field of a missing answer', () => {
        const file = edit('it', (faq) => delete faq['approval-time'].answer);
        const message = loadError().message;
        expect(message).toContain(file);
        expect(message).toContain('entry "approval-time"');
        expect(message).toContain('field "answer"');
    });

    it('rejects an unknown guide step in an action', () => {
        edit('en', (faq) => (faq['two-factor'].actions = [{ type: 'step', step: 'nowhere' }]));
        expect(loadError().message).toMatch(/entry "two-factor", field "actions\[0\]\.step"/);
    });

    it('rejects a link that is not http(s)', () => {
        edit('ro', (faq) => (faq.ecp.actions = [{ type: 'url', url: 'javascript:alert(1)' }]));
        expect(loadError().message).toMatch(/ro.faq\.json: entry "ecp", field "actions\[0\]\.url"/);
    });

    it('rejects an empty question and an unknown field', () => {
        edit('en', (faq) => {
            faq.login.questions = ['How do I log in?', ' '];
            faq.login.extra = true;
        });
        const message = loadError().message;
        expect(message).toContain('field "questions[1]"');
        expect(message).toContain('entry "login"');
        expect(message).toMatch(/extra/);
    });

    it('rejects an entry missing in one language and a related id that does not exist', () => {
        edit('ro', (faq) => delete faq.cpms2);
        edit('it', (faq) => (faq.roles.related = ['which-role', 'no-such-entry']));
        const message = loadError().message;
        expect(message).toMatch(/ro.faq\.json: entry "cpms2" is missing/);
        expect(message).toMatch(/it.faq\.json: entry "roles", field "related\[1\]": unknown entry "no-such-entry"/);
    });

    it('reports invalid JSON with the file name', () => {
        const file = path.join(dir, 'en', 'faq.json');
        fs.writeFileSync(file, '{ "login": ');
        expect(loadError().message).toContain(`${file}: invalid JSON`);
    });
});
