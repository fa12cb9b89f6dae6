/**
 * Start-up builds the FAQ and catalogue indexes after the server listens (or on first use): the
 * answers must be the same whichever comes first, and turns that arrive during the warm-up are
 * answered, FAQ and hospital searches included.
 */
import * as fs from 'fs';
import { Activity } from 'botbuilder';
import { App, createApp } from '../src/app';
import { CatalogueService } from '../src/catalogue';
import { loadConfig } from '../src/config';
import { FaqKnowledgeBase, FaqMatcher } from '../src/faq';
import { message, said, send } from './support/http';
import { tempDir } from './support/tempDir';

const QUESTIONS = ['how long does the approval take?', 'cât durează aprobarea?', 'quali browser sono supportati?', 'mot de passe EU Login oublié', 'hello there'];

describe('FAQ matcher built on first use or by warmUp', () => {
    const kb = FaqKnowledgeBase.load();

    it('answers the same before and after the warm-up, and the warm-up finishes', async () => {
        const cold = new FaqMatcher(kb);
        const coldAnswers = QUESTIONS.map((q) => cold.match(q, 'en'));
        const warmed = new FaqMatcher(kb);
        await warmed.warmUp();
        expect(QUESTIONS.map((q) => warmed.match(q, 'en'))).toEqual(coldAnswers);
        expect(coldAnswers[0]).toMatchObject({ kind: 'answer', entry: { id: 'approval-time' } });
    });

    it('answers a question asked while the warm-up is half-way', async () => {
        const matcher = new FaqMatcher(kb);
        const warming = matcher.warmUp();
        const during = matcher.match('how long does the approval take?', 'en');
        await warming;
        expect(during).toMatchObject({ kind: 'answer', entry: { id: 'approval-time' } });
    });
});

describe('catalogue indexes built on first search or by warmUp', () => {
    const dir = tempDir('warmup-catalogue-');
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('finds the same hospitals, networks and countries either way', async () => {
        const cold = CatalogueService.open({ file: `${dir}/none.json` });
        const warm = CatalogueService.open({ file: `${dir}/none.json` });
        await warm.warmUp();
        for (const q of ['careggi', 'pisa', 'IT08']) expect(warm.search.hospitals(q)).toEqual(cold.search.hospitals(q));
        expect(warm.search.networks('reconnet')).toEqual(cold.search.networks('reconnet'));
        expect(warm.search.countries('Italia')).toEqual(cold.search.countries('Italia'));
        expect(cold.search.hospitals('careggi').matches[0]?.item.name).toMatch(/Careggi/);
    });
});

describe('the server during its warm-up', () => {
    let dir: string;
    let app: App;
    let base: string;

    beforeAll(async () => {
        dir = tempDir('warmup-app-');
        app = createApp(loadConfig({ DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' }));
        // listen() starts the warm-up; these turns are sent before it can have finished.
        base = await app.listen();
    });

    afterAll(async () => {
        await app.close();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it('greets, answers a question and finds a hospital straight after listening', async () => {
        const conversation = { id: 'warm-up' } as Activity['conversation'];
        const [greeting, answer] = await Promise.all([
            send(base, message('hi', { conversation })),
            send(base, message('how long does the approval take?', { conversation: { id: 'warm-up-faq' } as Activity['conversation'] })),
        ]);
        expect(greeting.status).toBe(200);
        expect(said(greeting.replies)).toMatch(/What would you like to do\?/);
        expect(answer.status).toBe(200);
        expect(said(answer.replies)).toMatch(/approv/i);
        await app.runtime.warmUp();
        expect(app.runtime.catalogue.search.hospitals('careggi').matches[0]?.item.name).toMatch(/Careggi/);
    });
});
