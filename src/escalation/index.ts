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
// The Azure Storage outbox and transcripts (STORAGE=azure) are imported from their own modules
// (./azureOutbox, ./azureTranscriptStore), so a SQLite process never loads the Azure SDKs.
