import { redactPersonalData } from '../../src/faq';

describe('redactPersonalData', () => {
    it.each([
        ['write to test.example@example.org please', 'write to [email] please'],
        ['my mail is Dr.Test-Example+cpms@mail.example.org.', 'my mail is [email].'],
        ['call me on +40 721 234 567', 'call me on [phone]'],
        ['tel. 0721-234-567 or (06) 1234 5678', 'tel. [phone] or [phone]'],
        ['my badge number is 123456789', 'my badge number is [phone]'],
        ['My name is Test Example and I cannot log in', 'My name is [name] and I cannot log in'],
        ['my name is test example, from Pisa', 'my name is [name], from Pisa'],
        ['Hello, I am Dr. Test Example from IT08', 'Hello, I am Dr. [name] from IT08'],
        ['Mă numesc Ion Exemplu și nu mă pot conecta', 'Mă numesc [name] și nu mă pot conecta'],
        ['Numele meu este Maria Test', 'Numele meu este [name]'],
        ['Mi chiamo Mario Esempio, lavoro a Pisa', 'Mi chiamo [name], lavoro a Pisa'],
        ['sono la dott.ssa Anna Prova', 'sono la dott.ssa [name]'],
        ['please ask Prof. Test Example about it', 'please ask Prof. [name] about it'],
        ['Best regards, Test Example', 'Best regards, [name]'],
    ])('redacts "%s"', (input, expected) => {
        expect(redactPersonalData(input)).toBe(expected);
    });

    it.each([
        'How long does approval take?',
        'Is CPMS compliant with Regulation 2018/1725?',
        'My hospital is IT08 - AOU Pisana',
        'I am stuck at step 2',
        'I signed in but see nothing',
        'CPMS 2.0 or cpms2.ern-net.eu?',
    ])('keeps ordinary questions as they are: "%s"', (input) => {
        expect(redactPersonalData(input)).toBe(input);
    });

    it('leaves no e-mail, phone number or introduced name in a mixed message', () => {
        const out = redactPersonalData(
            'Hi, my name is Test Example (test.example@example.org, +39 050 123 4567). Mi chiamo anche Esempio. Call 0044 20 7946 0000.',
        );
        expect(out).not.toMatch(/@|Test Example|Esempio|\d{3}/);
        expect(out).toContain('[email]');
        expect(out).toContain('[phone]');
        expect(out).toContain('[name]');
    });
});
