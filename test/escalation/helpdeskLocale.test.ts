/**
 * Escalation e-mails are written in the helpdesk's language (HELPDESK_LOCALE, English by default),
 * whatever language the user spoke: a French user's request reaches an English-speaking helpdesk in
 * English, naming the user's language; a German-speaking helpdesk can ask for German.
 */
import * as fs from 'fs';
import * as path from 'path';
import { simpleParser } from 'mailparser';
import { ConfigError, loadConfig } from '../../src/config';
import { createTestBot, said, TestBot } from '../support/testBot';

/** A French clinician escalates from the second step, typing in French. */
async function frenchEscalation(bot: TestBot): Promise<string> {
    const user = bot.conversation('fr-FR', { userName: 'Dr Exemple' });
    await user.join();
    for (const text of ['commencer', 'membre', 'oui', 'helpdesk', 'oui', 'Dr Exemple', 'dr.exemple@example.org', 'Le code SMS ne vient jamais.']) await user.say(text);
    const sent = said(await user.say('Envoyer au helpdesk'));
    expect(sent).toMatch(/RCN-\d{8}-[A-Z0-9]{4}/);
    await bot.runtime.sender.flushOnce();
    const dir = bot.config.outboxDir;
    const mails = fs.readdirSync(dir).filter((f) => f.endsWith('.eml'));
    expect(mails).toHaveLength(1);
    return fs.readFileSync(path.join(dir, mails[0]), 'utf8');
}

/** Subject, text and HTML of an .eml, decoded as a mail client would. */
async function read(eml: string): Promise<{ subject: string; text: string; html: string }> {
    const mail = await simpleParser(eml);
    return { subject: mail.subject ?? '', text: mail.text ?? '', html: typeof mail.html === 'string' ? mail.html : '' };
}

describe('HELPDESK_LOCALE', () => {
    test('defaults to English whatever the user speaks; the user language is named', async () => {
        const bot = createTestBot();
        try {
            const mail = await read(await frenchEscalation(bot));
            expect(mail.subject).toMatch(/^\[CPMS access\] RCN-/);
            expect(mail.text).toContain('A user needs help getting access to the CPMS');
            expect(mail.text).toContain('French (fr)');
        } finally {
            await bot.close();
        }
    });

    test('a German-speaking helpdesk gets German e-mails', async () => {
        const bot = createTestBot({ HELPDESK_LOCALE: 'de-CH' });
        try {
            const mail = await read(await frenchEscalation(bot));
            expect(mail.subject).toMatch(/^\[CPMS-Zugang\] RCN-\S+ Schritt 2 von 4: Mobiltelefon als zweiten Faktor hinzufügen/);
            expect(mail.text).toContain('Eine Nutzerin oder ein Nutzer braucht Hilfe beim Zugang zum CPMS');
            expect(mail.text).toContain('Französisch (fr)');
            expect(mail.html).toContain('<html lang="de">');
        } finally {
            await bot.close();
        }
    });

    test('a language without a locale folder stops the bot with a clear message', () => {
        expect(loadConfig({}).helpdeskLocale).toBe('en');
        expect(loadConfig({ HELPDESK_LOCALE: 'es-ES' }).helpdeskLocale).toBe('es');
        expect(() => loadConfig({ HELPDESK_LOCALE: 'pl' })).toThrow(ConfigError);
        expect(() => loadConfig({ HELPDESK_LOCALE: 'pl' })).toThrow(/HELPDESK_LOCALE must be one of en, de, es, fr, it, ro, got "pl"/);
    });
});
