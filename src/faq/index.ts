/**
 * The FAQ service: knowledge base (`locales/<lng>/faq.json`), matcher, redaction, feedback store.
 * The CLI commands live in `./cli` (imported by `src/cli.ts` only).
 */
export {
    discoverLanguages as discoverFaqLanguages,
    FAQ_FILE,
    FaqAction,
    FaqEntry,
    FaqKnowledgeBase,
    FaqSchemaError,
    parseFaqFile,
    REFERENCE_LANGUAGE,
} from './knowledgeBase';
export { Lexicon, LEXICON_FILE } from './lexicon';
export {
    ANSWER_MAX_SCORE,
    FaqMatcher,
    FaqOutcome,
    MatchOptions,
    MAX_SUGGESTIONS,
    RankedEntry,
    STRICT_STRONG_SCORE,
    SUGGEST_MAX_SCORE,
} from './matcher';
export { redactPersonalData, REDACTED } from './redact';
export { FeedbackReport, FeedbackStore, AskedEntry, HelpfulnessEntry, StuckStep, UnansweredQuestion } from './feedback';
