import { ConfigError, loadConfig, redactConfig } from '../../src/config';

const CONNECTION = 'DefaultEndpointsProtocol=https;AccountName=cpmsbot;AccountKey=c2VjcmV0LWtleQ==;EndpointSuffix=core.windows.net';

describe('STORAGE and the Azure Storage settings', () => {
    test('SQLite is the default and needs no Azure setting', () => {
        const config = loadConfig({});
        expect(config.storage).toBe('sqlite');
        expect(config.azure.connectionString).toBe('');
        expect(config.outboxRetryBaseMs).toBe(30_000);
    });

    test('azure with a connection string gets the default container, queue and table names', () => {
        const config = loadConfig({ STORAGE: 'Azure', AZURE_STORAGE_CONNECTION_STRING: CONNECTION });
        expect(config.storage).toBe('azure');
        expect(config.azure).toEqual({
            connectionString: CONNECTION,
            stateContainer: 'bot-state',
            transcriptContainer: 'bot-transcripts',
            outboxContainer: 'escalation-outbox',
            outboxQueue: 'escalation-outbox',
            deadLetterQueue: 'escalation-outbox-poison',
            lockContainer: 'bot-turn-locks',
            feedbackTable: 'faqfeedback',
            outboxMaxAttempts: 20,
        });
    });

    test('azure without a connection string stops the bot naming the variable', () => {
        expect(() => loadConfig({ STORAGE: 'azure' })).toThrow(/AZURE_STORAGE_CONNECTION_STRING is required/);
    });

    test.each([
        [{ STORAGE: 'cosmos' }, /STORAGE must be one of sqlite, azure/],
        [{ AZURE_STATE_CONTAINER: 'Bot_State' }, /AZURE_STATE_CONTAINER must be 3-63 lower-case/],
        [{ AZURE_OUTBOX_QUEUE: 'a--b' }, /AZURE_OUTBOX_QUEUE must be 3-63 lower-case/],
        [{ AZURE_FEEDBACK_TABLE: '1table' }, /AZURE_FEEDBACK_TABLE must be 3-63 letters/],
        [{ OUTBOX_MAX_ATTEMPTS: '0' }, /OUTBOX_MAX_ATTEMPTS must be a whole number/],
        [{ OUTBOX_RETRY_BASE_SECONDS: 'soon' }, /OUTBOX_RETRY_BASE_SECONDS must be a whole number/],
    ])('%j is refused', (env, message) => {
        expect(() => loadConfig(env)).toThrow(ConfigError);
        expect(() => loadConfig(env)).toThrow(message);
    });

    test('the account key never reaches a log line', () => {
        const redacted = JSON.stringify(redactConfig(loadConfig({ STORAGE: 'azure', AZURE_STORAGE_CONNECTION_STRING: CONNECTION })));
        expect(redacted).not.toContain('c2VjcmV0LWtleQ');
        expect(redacted).toContain('AccountName=cpmsbot');
    });
});
