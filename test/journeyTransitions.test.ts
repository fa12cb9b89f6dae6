import {
    applyFoundOrganisation,
    backTransition,
    newJourney,
    Position,
    repeatedTransition,
    skipTransition,
    stuckTransition,
} from '../src/journey';

const at = (position: Position, extra = {}) => ({ ...newJourney(), position, ...extra });

describe('journey transitions', () => {
    test.each([
        ['path', 'path'],
        ['euLogin', 'path'],
        ['requestAccess.country', 'requestAccess.ern'],
        ['afterSubmit', 'requestAccess.recap'],
    ] as const)('back from %s goes to %s', (from, to) => {
        expect(backTransition(at(from))).toBe(to);
    });

    test.each([
        ['path', 'euLogin', []],
        ['euLogin', 'twoFactor', ['euLogin']],
        ['requestAccess.profile', 'afterSubmit', ['requestAccess']],
        ['afterSubmit', 'afterSubmit', ['afterSubmit']],
    ] as const)('skip from %s goes to %s and marks %j skipped', (from, to, skipped) => {
        const journey = at(from);
        expect(skipTransition(journey)).toBe(to);
        expect(journey.skipped).toEqual(skipped);
    });

    test('a step already done is not marked skipped', () => {
        const journey = at('twoFactor', { completed: ['twoFactor'] });
        skipTransition(journey);
        expect(journey.skipped).toEqual([]);
    });

    test('stuck is remembered per step, the ten most recent', () => {
        const journey = at('twoFactor');
        for (let i = 0; i < 12; i++) stuckTransition(journey);
        expect(journey.stuckAt).toHaveLength(10);
        expect(stuckTransition(at('path'))).toBeUndefined();
    });

    test('a question asked again is counted where it was asked', () => {
        const journey = at('euLogin');
        repeatedTransition(journey);
        repeatedTransition(journey);
        journey.position = 'requestAccess.country';
        repeatedTransition(journey);
        expect(journey.repeated).toEqual({ euLogin: 2, 'requestAccess.country': 1 });
    });

    test('a hospital found from the menu fills network, country and hospital, then step 1', () => {
        const journey = newJourney();
        const position = applyFoundOrganisation(journey, {
            network: { code: 'ReCONNET', cpmsLabel: 'ReCONNET - Connective Tissue' },
            country: { iso: 'IT', name: 'Italy' },
            hospital: { code: 'IT08', name: 'AOU Pisana', guest: false },
        });
        expect(position).toBe('euLogin');
        expect(journey).toMatchObject({ path: 'member', prefilled: true, hospital: { code: 'IT08' }, ern: { code: 'ReCONNET' }, country: { iso: 'IT' } });
        applyFoundOrganisation(journey, { hospital: { code: '0000', name: 'Guest Access', guest: true } });
        expect(journey.path).toBe('guest');
    });
});
