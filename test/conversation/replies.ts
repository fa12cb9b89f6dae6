/**
 * The labelled natural replies (test/conversation/replies.json, written before the recognisers were
 * tuned) classified by the bot's own decision (`classifyMessage`) at the prompt each row answers,
 * with the prompt's options built by the dialogs' own functions. Used by the test and `npm run bench`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Activity, TestAdapter, TurnContext } from 'botbuilder';
import { CatalogueSearch } from '../../src/catalogue';
import { classifyMessage, PromptView } from '../../src/conversation/classify';
import { FaqMatcher } from '../../src/faq';
import { setTurnLanguage } from '../../src/turnState';
import { alreadyDoneOptions, doneOrStuckOptions } from '../../dialogs/guideStepDialog';
import { pathOptions } from '../../dialogs/journeyDialog';
import { profileOptions } from '../../dialogs/accessProfileDialog';
import { recapOptions } from '../../dialogs/requestAccessDialog';
import { organisationAskOptions } from '../../dialogs/organisationDialog';

export interface ReplyRow {
    lang: string;
    kind: string;
    text: string;
    expect: string;
    split: 'tune' | 'unseen';
    mentions?: string;
}

/** The first set (en, ro, it; a third unseen). */
export const REPLIES_FILE = 'replies.json';
/** The second set, six languages, written blind and measured once as written; every row is a tune row. */
export const SECOND_REPLIES_FILE = 'replies-2.json';
/** The third set, six languages, written blind and measured once as written (96.4 %); every row is a tune row. */
export const THIRD_REPLIES_FILE = 'replies-3.json';
/** The fourth set, six languages, written blind and measured once as written (95.9 %); every row is a tune row. */
export const FOURTH_REPLIES_FILE = 'replies-4.json';
/** The fifth set, six languages, written blind and measured once as written (95.9 %); a third of each (language, prompt) group is unseen. */
export const FIFTH_REPLIES_FILE = 'replies-5.json';

export function loadReplies(name: string = REPLIES_FILE): ReplyRow[] {
    const file = path.join(__dirname, '..', '..', '..', 'test', 'conversation', name);
    const local = path.join(__dirname, name);
    const json = JSON.parse(fs.readFileSync(fs.existsSync(local) ? local : file, 'utf8')) as { rows: ReplyRow[] };
    return json.rows;
}

function contextFor(lng: string): TurnContext {
    const context = new TurnContext(new TestAdapter(), { type: 'message', text: '' } as Activity);
    setTurnLanguage(context, lng);
    return context;
}

/** The prompt a row of this kind answers, as the dialogs build it. */
export function promptFor(kind: string, lng: string): PromptView {
    const context = contextFor(lng);
    switch (kind) {
        case 'path':
            return { options: pathOptions(context) };
        case 'done':
            return { options: doneOrStuckOptions(context, 'guide:steps.euLogin.done') };
        case 'network':
            return { options: organisationAskOptions(context, 'ern'), kind: 'entity', entity: { kind: 'ern' }, freeText: true };
        case 'country':
            return { options: organisationAskOptions(context, 'country'), kind: 'entity', entity: { kind: 'country', ern: 'ReCONNET' }, freeText: true };
        case 'hospital':
            return { options: organisationAskOptions(context, 'hcp'), kind: 'entity', entity: { kind: 'hcp', ern: 'ReCONNET', country: 'IT' }, freeText: true };
        case 'profile':
            return { options: profileOptions(context) };
        case 'recap':
            return { options: recapOptions(context) };
        case 'command':
            // commands typed at a question that takes free text, so no answer button can take them
            return promptFor('country', lng);
        default:
            return { options: alreadyDoneOptions(context, 'euLogin') };
    }
}

/** What the bot does with the row, in the labels' vocabulary. */
export function outcomeOf(row: ReplyRow, search: CatalogueSearch, faq: FaqMatcher): string {
    const prompt = promptFor(row.kind, row.lang);
    const classified = classifyMessage({ lng: row.lang, text: row.text, prompt, questionsAllowed: true, search, faq });
    switch (classified.kind) {
        case 'command':
            return classified.command.kind === 'forget' ? 'forgetMe' : classified.command.kind;
        case 'question':
            return 'question';
        case 'unknown':
            return 'unknown';
        case 'answer': {
            const value = classified.option?.value;
            if (value === 'yes' && row.kind === 'profile') return 'HP';
            if (value === 'helpdesk') return 'helpdesk';
            if (value !== undefined) return value;
            const found = classified.entity;
            if (found?.hospital) return row.kind === 'network' && found.network ? found.network.code : found.hospital.guest ? 'guest' : 'hospital';
            if (found?.country) return found.country.iso;
            if (found?.network) return found.network.code;
            return 'unknown';
        }
    }
}

export interface ReplyScore {
    right: number;
    total: number;
    misses: { row: ReplyRow; got: string }[];
}

/** Scores rows; keys `<split>` and `<split>/<lang>/<kind>`. */
export function scoreReplies(rows: ReplyRow[], search: CatalogueSearch, faq: FaqMatcher): Map<string, ReplyScore> {
    const scores = new Map<string, ReplyScore>();
    const add = (key: string, row: ReplyRow, got: string, ok: boolean) => {
        const s = scores.get(key) ?? { right: 0, total: 0, misses: [] };
        s.total++;
        if (ok) s.right++;
        else s.misses.push({ row, got });
        scores.set(key, s);
    };
    for (const row of rows) {
        const got = outcomeOf(row, search, faq);
        const ok = got.toLowerCase() === row.expect.toLowerCase();
        add(row.split, row, got, ok);
        add(`${row.split}/${row.lang}`, row, got, ok);
        add(`${row.split}/${row.lang}/${row.kind}`, row, got, ok);
    }
    return scores;
}
