/**
 * Each dialog on its own with `DialogTestClient` and stand-in services (a fixed FAQ, an empty or
 * real catalogue), state in botbuilder's MemoryStorage: what a dialog asks, which clicks and typed
 * replies move it on, and what it ends with.
 */
import { Activity, ConversationState, MemoryStorage, Middleware, TurnContext, UserState } from 'botbuilder';
import { Dialog, DialogTurnStatus } from 'botbuilder-dialogs';
import { DialogTestClient } from 'botbuilder-testing';
import { CatalogueSearch, CatalogueService } from '../../src/catalogue';
import type { FaqEntry, FaqMatcher, FeedbackStore } from '../../src/faq';
import { JourneyState } from '../../src/journey';
import { createLogger } from '../../src/log';
import { DialogServices, StateAccessors, UserProfile } from '../../src/services';
import { setTurnLanguage } from '../../src/turnState';
import { AccessProfileDialog } from '../../dialogs/accessProfileDialog';
import { FaqDialog } from '../../dialogs/faqDialog';
import { EscalationDialog } from '../../dialogs/escalationDialog';
import { ForgetMeDialog, FORGOTTEN } from '../../dialogs/forgetMeDialog';
import type { EscalationRequest } from '../../src/escalation';
import { JourneyDialog } from '../../dialogs/journeyDialog';
import { MainDialog } from '../../dialogs/mainDialog';
import { MenuDialog } from '../../dialogs/menuDialog';
import { OrganisationDialog } from '../../dialogs/organisationDialog';
import { ComponentDialog, WaterfallDialog } from 'botbuilder-dialogs';
import { tempDir } from '../support/tempDir';

const entry: FaqEntry = { id: 'approval-time', questions: ['How long does approval take?'], keywords: [], answer: 'A few days.', actions: [], related: [] };

/** A FAQ that knows one answer, for "approval". */
const standInFaq = {
    match: (text: string) => (/approval/i.test(text) ? { kind: 'answer', entry, score: 0, language: 'en' } : { kind: 'unknown', score: 1 }),
    matchStrict: (text: string) => (/approval/i.test(text) ? { kind: 'answer', entry, score: 0, language: 'en' } : { kind: 'unknown', score: 1 }),
    entry: () => entry,
} as unknown as FaqMatcher;

const noFeedback = { recordAnswered() {}, recordHelpful() {}, recordUnanswered() {}, recordStuck() {} } as unknown as FeedbackStore;
const emptyCatalogue = { search: { global: () => ({ confidence: 'none', matches: [] }) } as unknown as CatalogueSearch };

function setup(lng = 'en', services: Partial<DialogServices> = {}) {
    const storage = new MemoryStorage();
    const conversationState = new ConversationState(storage);
    const userState = new UserState(storage);
    const state: StateAccessors = {
        journey: userState.createProperty<JourneyState>('journey'),
        profile: userState.createProperty<UserProfile>('profile'),
    };
    const all: DialogServices = {
        catalogue: emptyCatalogue,
        faq: standInFaq,
        feedback: noFeedback,
        escalations: { submit: async () => ({ reference: 'RCN-TEST' }) },
        requestForget: () => undefined,
        ...services,
    };
    // the bot sets the turn's language and saves user state; here a middleware does
    const middleware: Middleware[] = [
        {
            async onTurn(context: TurnContext, next: () => Promise<void>) {
                setTurnLanguage(context, lng);
                await next();
                await userState.saveChanges(context);
            },
        },
    ];
    const client = (dialog: Dialog, options?: unknown) => new DialogTestClient('test', dialog, options, middleware, conversationState);
    return { state, services: all, client, userState };
}

const buttonsOf = (reply: Partial<Activity> | undefined) => ((reply?.attachments?.[0]?.content as { buttons?: { title: string; value: unknown }[] })?.buttons ?? []);
/** A click as Teams and Web Chat send it: the title as text, the value beside it. */
const click = (reply: Partial<Activity> | undefined, title: string): Partial<Activity> => {
    const button = buttonsOf(reply).find((b) => b.title === title);
    if (!button) throw new Error(`no button ${title}`);
    return { type: 'message', text: title, value: button.value };
};

describe('MenuDialog', () => {
    test('offers the five things the bot does and ends with the choice clicked', async () => {
        const { state, services, client } = setup();
        const test = client(new MenuDialog(state, services));
        const menu = await test.sendActivity('hi');
        expect(buttonsOf(menu).map((b) => b.title)).toEqual(['Get access step by step', 'I am a guest', 'Ask a question', 'Contact the helpdesk', 'Change language']);
        await test.sendActivity(click(menu, 'I am a guest'));
        expect(test.dialogTurnResult.status).toBe(DialogTurnStatus.complete);
        expect(test.dialogTurnResult.result).toEqual({ action: 'journey', path: 'guest' });
    });

    test('a first message that asks to be guided starts the guide', async () => {
        const { state, services, client } = setup();
        const test = client(new MenuDialog(state, services), { initialText: 'can you walk me through getting access?' });
        await test.sendActivity('can you walk me through getting access?');
        expect(test.dialogTurnResult.result).toEqual({ action: 'journey', position: undefined });
    });

    test('a question typed at the menu goes to the FAQ', async () => {
        const { state, services, client } = setup();
        const test = client(new MenuDialog(state, services));
        await test.sendActivity('hi');
        await test.sendActivity('how long does approval take?');
        expect(test.dialogTurnResult.result).toEqual({ action: 'faq', question: 'how long does approval take?' });
    });
});

describe('JourneyDialog', () => {
    test.each(['en', 'ro', 'it'])('%s: the first button of the guide starts step 1', async (lng) => {
        const { state, services, client } = setup(lng);
        const test = client(new JourneyDialog(state, services));
        const ask = await test.sendActivity('start');
        const member = buttonsOf(ask)[0];
        await test.sendActivity({ type: 'message', text: member.title, value: member.value });
        const replies = [test.getNextReply()].filter(Boolean);
        expect(replies.map((r) => r?.text).join('\n')).toMatch(/EU Login/);
    });

    test('typed sentences move it on: "we\'re an affiliated partner", then "no, not yet"', async () => {
        const { state, services, client } = setup();
        const test = client(new JourneyDialog(state, services));
        await test.sendActivity('start');
        await test.sendActivity("we're an affiliated partner");
        expect(test.getNextReply()?.text).toMatch(/EU Login/);
        const instructions = await test.sendActivity('no, not yet');
        expect(instructions.text).toMatch(/register\.cgi/);
    });
});

describe('AccessProfileDialog', () => {
    test.each([
        ["I'm a clinician so HP", 'HP'],
        ['ok', 'HP'],
        ['HCP panel manager', 'Panel Manager HCP'],
    ])('"%s" ends with %s', async (text, profile) => {
        const { client } = setup();
        const test = client(new AccessProfileDialog());
        await test.sendActivity('go');
        await test.sendActivity(text);
        expect(test.dialogTurnResult.result).toBe(profile);
    });
});

describe('OrganisationDialog with the shipped catalogue', () => {
    const catalogue = CatalogueService.open({ file: `${tempDir()}/catalogue.json`, logger: createLogger('silent') });

    test('a country typed exactly needs no confirmation', async () => {
        const { client } = setup('en', { catalogue });
        const test = client(new OrganisationDialog({ ...setup().services, catalogue }), { kind: 'country', ern: 'ReCONNET' });
        await test.sendActivity('go');
        await test.sendActivity('Italy');
        expect(test.dialogTurnResult.result.country.iso).toBe('IT');
    });

    test('a country inside a sentence is confirmed with yes', async () => {
        const { client } = setup('en', { catalogue });
        const test = client(new OrganisationDialog({ ...setup().services, catalogue }), { kind: 'country', ern: 'ReCONNET' });
        await test.sendActivity('go');
        const confirm = await test.sendActivity("we're in Romania");
        expect(confirm.text).toMatch(/Is it \*\*Romania\*\*/);
        await test.sendActivity('yes that is the one');
        expect(test.dialogTurnResult.result.country.iso).toBe('RO');
    });

    test('"yes" to "Is your network ReCONNET?" picks ReCONNET', async () => {
        const test = setup('en', { catalogue }).client(new OrganisationDialog({ ...setup().services, catalogue }), { kind: 'ern' });
        await test.sendActivity('go');
        await test.sendActivity('yes it is');
        expect(test.dialogTurnResult.result.network.code).toBe('ReCONNET');
    });
});

describe('FaqDialog', () => {
    test('answers, then offers the same 👍 / 👎 buttons as mid-journey answers', async () => {
        const { state, services, client } = setup();
        const test = client(new FaqDialog(state, services), { question: 'approval time?' });
        const answer = await test.sendActivity('approval time?');
        expect(answer.text).toBe('A few days.');
        const helpful = test.getNextReply();
        expect(buttonsOf(helpful).map((b) => b.title)).toEqual(['👍 Helpful', '👎 Not helpful']);
    });
});

describe('EscalationDialog with a stand-in helpdesk', () => {
    test('consent in a sentence, name, e-mail, description, then the reference', async () => {
        const submitted: EscalationRequest[] = [];
        const { state, services, client } = setup('en', {
            escalations: {
                submit: async (request) => {
                    submitted.push(request);
                    return { reference: 'RCN-20261130-TEST' };
                },
            },
        });
        const test = client(new EscalationDialog(state, services));
        const consent = await test.sendActivity('helpdesk');
        expect(consent.text).toMatch(/ReCONNET helpdesk/);
        await test.sendActivity('yes please go ahead');
        await test.sendActivity('Dr. Test Example');
        await test.sendActivity('dr.test@example.org');
        const summary = await test.sendActivity('I cannot find my hospital');
        expect(summary.text).toMatch(/dr\.test@example\.org/);
        const sent = await test.sendActivity(click(summary, 'Send to the helpdesk'));
        expect(sent.text).toMatch(/RCN-20261130-TEST/);
        expect(submitted).toHaveLength(1);
        expect(submitted[0]).toMatchObject({ name: 'Dr. Test Example', email: 'dr.test@example.org', description: 'I cannot find my hospital' });
    });

    test('"cancel" at any prompt ends it with nothing sent', async () => {
        const submitted: EscalationRequest[] = [];
        const { state, services, client } = setup('en', { escalations: { submit: async (r) => (submitted.push(r), { reference: 'x' }) } });
        const test = client(new EscalationDialog(state, services));
        await test.sendActivity('helpdesk');
        await test.sendActivity('yes');
        const cancelled = await test.sendActivity('cancel');
        expect(cancelled.text).toMatch(/not sent anything/);
        expect(submitted).toHaveLength(0);
    });
});

describe('ForgetMeDialog', () => {
    test('deletes only after a yes', async () => {
        let forgotten = 0;
        const { services, client } = setup('en', { requestForget: () => void forgotten++ });
        const test = client(new ForgetMeDialog(services));
        const confirm = await test.sendActivity('forget me');
        await test.sendActivity(click(confirm, 'Yes, delete it'));
        expect(forgotten).toBe(1);
        expect(test.dialogTurnResult.result).toBe(FORGOTTEN);
    });
});

describe('MainDialog routes to the dialogs it is given', () => {
    /** A stand-in guide that says so and waits. */
    class StandInJourney extends ComponentDialog {
        constructor() {
            super('journey');
            this.addDialog(new WaterfallDialog('journey.waterfall', [async (step) => {
                await step.context.sendActivity('stand-in journey started');
                return Dialog.EndOfTurn;
            }]));
        }
    }
    const placeholder = (id: string) => new (class extends ComponentDialog {
        constructor() {
            super(id);
            this.addDialog(new WaterfallDialog(`${id}.waterfall`, [async (step) => step.endDialog()]));
        }
    })();

    test('"I want to request access to CPMS, can you guide me?" as a first message starts the guide', async () => {
        const { state, services, client } = setup();
        const main = new MainDialog(state, services, {
            menu: new MenuDialog(state, services),
            journey: new StandInJourney(),
            faq: placeholder('faq'),
            escalation: placeholder('escalation'),
            language: placeholder('language'),
            forgetMe: placeholder('forgetMe'),
            organisation: placeholder('organisation'),
        });
        const test = client(main, { initialText: 'I want to request access to CPMS, can you guide me?' });
        const reply = await test.sendActivity('I want to request access to CPMS, can you guide me?');
        expect(reply.text).toBe('stand-in journey started');
    });
});
