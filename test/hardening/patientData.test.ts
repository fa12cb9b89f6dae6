import * as fs from 'fs';
import * as path from 'path';
import { FeedbackStore } from '../../src/faq/feedback';
import { formatReport } from '../../src/faq/cli';
import { CLINICAL_PLACEHOLDER, isClinicalMessage, redactPersonalData } from '../../src/faq/redact';
import { translator } from '../../src/i18n';
import { openDatabase } from '../../src/storage/database';
import { tempDir } from '../support/tempDir';

/** Issue 15, item 4: patient data is never stored. */
describe('patient data in unanswered questions', () => {
    let dir: string;
    beforeEach(() => {
        dir = tempDir();
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    test('a clinical message is kept as its category only, and cli report prints no part of it', () => {
        const db = openDatabase(path.join(dir, 'bot.sqlite'));
        try {
            const store = new FeedbackStore(db);
            store.recordUnanswered('My patient Giovanni Esempio, born 12/03/1970, has systemic sclerosis with digital ulcers: can I enrol him in a panel?', 'en');
            store.recordUnanswered('Paziente Maria Prova, nata il 3 aprile 1985, lupus con nefrite: che terapia?', 'it');
            const report = store.report();
            const printed = formatReport(report);
            for (const word of ['Giovanni', 'Esempio', '1970', 'sclerosis', 'ulcers', 'Maria', 'Prova', '1985', 'lupus', 'nefrite']) {
                expect(printed).not.toContain(word);
                expect(JSON.stringify(db.prepare('SELECT * FROM faq_feedback').all())).not.toContain(word);
            }
            // Kept: that clinical messages came, in which language, how often. Not what they said.
            expect(report.unanswered.map((u) => [u.question, u.lng]).sort()).toEqual([[CLINICAL_PLACEHOLDER, 'en'], [CLINICAL_PLACEHOLDER, 'it']]);
        } finally {
            db.close();
        }
    });

    test.each([
        ['born 12/03/1970', /\[date\]/, /1970/],
        ['date of birth 1970-03-12', /\[date\]/, /1970/],
        ['nato il 12.03.1970', /\[date\]/, /1970/],
        ['codice fiscale RSSMRA70C12G702Z', /\[id\]/, /RSSMRA/],
        ['CNP 1700312123456', /\[(id|phone)\]/, /1700312/],
        ['write to maria.prova@example.org', /\[email\]/, /maria/],
        ['my colleague Dr. Anna Prova', /\[name\]/, /Anna|Prova/],
    ])('redacts "%s"', (text, placeholder, leaked) => {
        const out = redactPersonalData(text);
        expect(out).toMatch(placeholder);
        expect(out).not.toMatch(leaked);
    });

    test.each(['How long does approval take?', 'I cannot log in to CPMS with my EU Login', 'Which profile do I choose for a panel?'])('"%s" is not clinical', (text) => {
        expect(isClinicalMessage(text)).toBe(false);
    });

    test('the reply to a clinical message asks not to share patient data, in every language', () => {
        expect(translator('en')('common:faq.medical')).toMatch(/do not share patient data/);
        expect(translator('ro')('common:faq.medical')).toMatch(/date ale pacienților/);
        expect(translator('it')('common:faq.medical')).toMatch(/dati dei pazienti/);
    });
});
