import type { FeedbackSubject } from './fixtures';

/** FAQ feedback: what the dialogs record is what `cli report` shows, on either backend. */
export function feedbackContract(make: () => FeedbackSubject): void {
    test('the report counts answers, votes, unanswered questions (redacted) and stuck steps', async () => {
        const { store, report } = make();
        for (let i = 0; i < 3; i += 1) store.recordAnswered('approval-time', 'en');
        store.recordAnswered('which-role', 'ro');
        store.recordAnswered('which-role', 'it');
        store.recordAnswered('login', 'en');
        store.recordHelpful('two-factor', true);
        store.recordHelpful('two-factor', false);
        store.recordHelpful('login', false);
        store.recordHelpful('login', false);
        store.recordHelpful('login', true);
        store.recordHelpful('privacy', true);
        store.recordHelpful('ecp', false);
        store.recordUnanswered('My name is Test Example, can I get a parking card? test.example@example.org', 'en');
        store.recordUnanswered('can I get a parking card?', 'en');
        store.recordUnanswered('Can I get a parking card?', 'en');
        store.recordUnanswered('pot primi un card de parcare? sunați-mă la 0721 234 567', 'ro');
        store.recordStuck('twoFactor');
        store.recordStuck('requestAccess');
        store.recordStuck('twoFactor');

        const result = await report();
        expect(result.mostAsked).toEqual([
            { id: 'approval-time', count: 3 },
            { id: 'which-role', count: 2 },
            { id: 'login', count: 1 },
        ]);
        expect(result.leastHelpful).toEqual([
            { id: 'ecp', helpful: 0, notHelpful: 1, helpfulShare: 0 },
            { id: 'login', helpful: 1, notHelpful: 2, helpfulShare: 1 / 3 },
            { id: 'two-factor', helpful: 1, notHelpful: 1, helpfulShare: 0.5 },
        ]);
        expect(result.unanswered.map(({ question, lng, count }) => ({ question, lng, count }))).toEqual(
            expect.arrayContaining([
                { question: 'Can I get a parking card?', lng: 'en', count: 2 },
                { question: 'My name is [name], can I get a parking card? [email]', lng: 'en', count: 1 },
                { question: 'pot primi un card de parcare? sunați-mă la [phone]', lng: 'ro', count: 1 },
            ]),
        );
        expect(result.unanswered[0]).toMatchObject({ question: 'Can I get a parking card?', count: 2 });
        expect(JSON.stringify(result)).not.toMatch(/Test Example|@example|0721/);
        expect(result.stuck).toEqual([
            { step: 'twoFactor', count: 2 },
            { step: 'requestAccess', count: 1 },
        ]);
        expect((await report(1)).mostAsked).toEqual([{ id: 'approval-time', count: 3 }]);
    });
}
