/**
 * Escalation to the helpdesk mailbox: reference numbers, transcripts, the e-mail, the durable
 * outbox and its sender.
 */
export { newReference, isReference, REFERENCE_PATTERN, REFERENCE_ALPHABET } from './reference';
export { EscalationRequest, EscalationValidationError, isValidEmail, validateRequest } from './request';
export { ConversationRef, SqliteTranscriptStore, TranscriptArchive } from './transcriptStore';
export { composeEscalationEmail, renderEscalationEmail, ComposedEscalationEmail, EscalationEmailInput } from './emailRenderer';
export { ClaimedMessage, DuplicateReferenceError, Outbox, OutboxMessage, OutboxStats, SqliteOutbox } from './outbox';
export { createDelivery, EmlFileDelivery, MailDelivery, SmtpDelivery } from './delivery';
export {
    EscalationHealth,
    FlushResult,
    OutboxSender,
    OutboxSenderOptions,
    retryDelayMs,
    RETRY_BASE_MS,
    RETRY_CAP_MS,
    RETRY_JITTER,
    LEASE_MS,
} from './outboxSender';
export { EscalationService, EscalationServiceDeps } from './escalationService';
export { consoleEscalationLogger, escalationLogger, EscalationLogger, EscalationLogLevel } from './log';
export { PurgeSchedule, PURGE_INTERVAL_MS, scheduleTranscriptPurge } from './retention';
// Several instances on Azure Storage (STORAGE=azure, chosen in src/storage/backends.ts).
export { AzureQueueOutbox, AzureQueueOutboxOptions, DeadLetter, DeliveryRecord, DeliveryStatus } from './azureOutbox';
export { AzureTranscriptStore, AzureTranscriptStoreOptions } from './azureTranscriptStore';
