import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ConfigError, loadConfig, redactConfig } from '../src/config';
import { PROJECT_ROOT } from '../src/paths';

describe('loadConfig', () => {
    test('embedded defaults: port 3978, state under ./data, .eml outbox, the ReCONNET helpdesk mailbox', () => {
        const config = loadConfig({});
        expect(config.port).toBe(3978);
        expect(config.dataDir).toBe(path.join(PROJECT_ROOT, 'data'));
        expect(config.databaseFile).toBe(path.join(PROJECT_ROOT, 'data', 'bot.sqlite'));
        expect(config.outboxDir).toBe(path.join(PROJECT_ROOT, 'data', 'outbox'));
        expect(config.smtpUrl).toBe('');
        expect(config.helpdeskMailbox).toBe('helpdesk.reconnet@ao-pisa.toscana.it');
        expect(config.transcriptRetentionDays).toBe(30);
        expect(config.microsoftAppId).toBe('');
        expect(config.maxMessageLength).toBe(4000);
    });

    test('reads the standard Bot Framework variables and the documented ones', () => {
        const config = loadConfig({
            PORT: '8080',
            MicrosoftAppId: 'app-id',
            MicrosoftAppPassword: 'secret',
            MicrosoftAppType: 'singletenant',
            MicrosoftAppTenantId: 'tenant',
            DATA_DIR: '/tmp/cpms-data',
            SMTP_URL: 'smtp://user:pass@mail.example.org:587',
            HELPDESK_MAILBOX: 'desk@example.org',
            TRANSCRIPT_RETENTION_DAYS: '7',
        });
        expect(config).toMatchObject({
            port: 8080,
            microsoftAppId: 'app-id',
            microsoftAppType: 'SingleTenant',
            dataDir: '/tmp/cpms-data',
            outboxDir: '/tmp/cpms-data/outbox',
            helpdeskMailbox: 'desk@example.org',
            transcriptRetentionDays: 7,
        });
    });

    test.each([
        [{ PORT: 'abc' }, /PORT/],
        [{ PORT: '70000' }, /PORT/],
        [{ SMTP_URL: 'http://mail.example.org' }, /SMTP_URL/],
        [{ SMTP_URL: 'not a url' }, /SMTP_URL/],
        [{ HELPDESK_MAILBOX: 'nobody' }, /HELPDESK_MAILBOX/],
        [{ MicrosoftAppType: 'Something' }, /MicrosoftAppType/],
        [{ MicrosoftAppId: 'id', MicrosoftAppType: 'SingleTenant' }, /MicrosoftAppTenantId/],
        [{ TRANSCRIPT_RETENTION_DAYS: '0' }, /TRANSCRIPT_RETENTION_DAYS/],
        [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    ])('refuses %p naming the variable', (env, message) => {
        expect(() => loadConfig(env)).toThrow(ConfigError);
        expect(() => loadConfig(env)).toThrow(message);
    });

    test('secrets never appear in the loggable copy', () => {
        const config = loadConfig({ MicrosoftAppPassword: 'p4ss', SMTP_URL: 'smtp://user:pw@mail.example.org', DIRECT_LINE_SECRET: 'dl-secret' });
        const text = JSON.stringify(redactConfig(config));
        expect(text).not.toMatch(/p4ss|dl-secret|user:pw/);
    });
});

describe('starting with an invalid value', () => {
    const entry = path.join(PROJECT_ROOT, 'dist', 'src', 'index.js');

    test('prints a clear message and exits with code 1', () => {
        expect(fs.existsSync(entry)).toBe(true);
        const result = spawnSync(process.execPath, [entry], { env: { ...process.env, PORT: 'not-a-port' }, encoding: 'utf8', timeout: 20000 });
        expect(result.status).toBe(1);
        expect(result.stderr).toMatch(/Invalid configuration: PORT must be a whole number/);
    });
});
