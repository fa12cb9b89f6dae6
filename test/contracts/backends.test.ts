/**
 * The same contract tests against both storage backends: SQLite (the embedded default) and Azure
 * Storage (Azurite, started here on free ports of 127.0.0.1 and stopped at the end).
 */
import { Backends, BackendFactory } from './fixtures';
import { storageContract } from './storageContract';
import { outboxContract } from './outboxContract';
import { transcriptContract } from './transcriptContract';
import { feedbackContract } from './feedbackContract';
import { azureOutboxExtras } from './azureOutboxExtras';
import { azureTurnLockExtras } from './azureTurnLockExtras';
import { azureRaceExtras } from './azureRaceExtras';

const backends = new Backends();
const factories: Record<'sqlite' | 'azure', () => BackendFactory> = {
    sqlite: () => backends.sqlite(),
    azure: () => backends.azure(),
};

beforeAll(() => backends.start(), 40_000);
afterAll(() => backends.stop());

describe.each(['sqlite', 'azure'] as const)('%s backend', (name) => {
    const backend = () => factories[name]();
    describe('Storage (conversation and user state)', () => storageContract(() => backend().storage()));
    describe('Outbox (escalation e-mails)', () => outboxContract(() => backend().outbox()));
    describe('TranscriptArchive', () => transcriptContract((now) => backend().transcripts(now)));
    describe('FAQ feedback', () => feedbackContract(() => backend().feedback()));
});

describe('azure backend only: the queue outbox never sends twice and parks what it cannot send', () => {
    azureOutboxExtras(() => backends.connectionString);
});

describe('azure backend only: turns of one conversation are serialised across instances', () => {
    azureTurnLockExtras(() => backends.connectionString);
    azureRaceExtras(() => backends.connectionString);
});
