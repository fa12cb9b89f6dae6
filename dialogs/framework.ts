/**
 * The parts of botbuilder-dialogs this bot uses, imported from their own modules.
 *
 * Why not `import … from 'botbuilder-dialogs'`: the package index also loads every built-in prompt
 * (number, date-time, confirm, choice…) and with them Microsoft's Recognizers-Text suites. This
 * bot's prompts recognise with its own word lists (`./choicePrompt`), so those suites were dead
 * weight: measured on Node 20, about 33 MB of resident memory and half a second of start-up.
 * The classes are the very same objects the index exports (it re-exports these files), so tests
 * that import from the package index see identical classes. `test/moduleFootprint.test.ts` keeps
 * the recognizers out of the running bot.
 */
export { ComponentDialog } from 'botbuilder-dialogs/lib/componentDialog';
export { Dialog, DialogTurnStatus } from 'botbuilder-dialogs/lib/dialog';
export type { DialogTurnResult } from 'botbuilder-dialogs/lib/dialog';
export { DialogContext } from 'botbuilder-dialogs/lib/dialogContext';
export type { DialogState } from 'botbuilder-dialogs/lib/dialogContext';
export { DialogSet } from 'botbuilder-dialogs/lib/dialogSet';
export { Prompt } from 'botbuilder-dialogs/lib/prompts/prompt';
export type { PromptOptions, PromptRecognizerResult, PromptValidator, PromptValidatorContext } from 'botbuilder-dialogs/lib/prompts/prompt';
export { WaterfallDialog } from 'botbuilder-dialogs/lib/waterfallDialog';
export { WaterfallStepContext } from 'botbuilder-dialogs/lib/waterfallStepContext';
