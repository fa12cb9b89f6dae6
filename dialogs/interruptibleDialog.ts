import { ActivityTypes, TurnContext } from 'botbuilder';
import { ComponentDialog, Dialog, DialogContext, DialogTurnResult } from './framework';
import { Classified, classifyMessage } from '../src/conversation/classify';
import { Command } from '../src/conversation/recognizer';
import { DialogServices } from '../src/services';
import { turnLanguage } from '../src/turnState';
import { answerText, ChoicePromptOptions, ChoiceValidations, choiceMessage, setDecidedAnswer } from './choicePrompt';

/** The innermost dialog context: the one whose active dialog is the prompt on screen. */
export function leafContext(dc: DialogContext): DialogContext {
    let leaf = dc;
    for (let child = leaf.child; child; child = leaf.child) leaf = child;
    return leaf;
}

/** The validations of the prompt waiting for an answer, if the innermost dialog is a {@link WordChoicePrompt}. */
export function activePrompt(dc: DialogContext): ChoiceValidations | undefined {
    const state = leafContext(dc).activeDialog?.state as { options?: Partial<ChoicePromptOptions> } | undefined;
    const validations = state?.options?.validations;
    return validations && Array.isArray(validations.options) ? validations : undefined;
}

/** The ids of every dialog on the stack, outermost first. */
export function stackIds(dc: DialogContext): string[] {
    const ids: string[] = [];
    for (let at: DialogContext | undefined = dc; at; at = at.child) ids.push(...at.stack.map((d) => d.id).reverse());
    return ids;
}

/**
 * A dialog that applies one interruption order to every message, whatever prompt is on screen
 * (decided by `classifyMessage` in src/conversation/classify.ts):
 * 1. the prompt's own answers (a click by its value, its words, sentences of its sense, a name the
 *    catalogue knows at an organisation question);
 * 2. commands that work anywhere (menu, help, language, helpdesk, forget me; back, skip, stuck);
 * 3. a clear question, answered from the FAQ, then the prompt in one line;
 * 4. otherwise the prompt's own retry, with a hint of what it expects.
 *
 * @remarks Subclasses say what a command and a question do; the order lives here only.
 */
export abstract class InterruptibleDialog extends ComponentDialog {
    protected constructor(dialogId: string, private readonly interruptionServices: Pick<DialogServices, 'catalogue' | 'faq'>) {
        super(dialogId);
        if (!interruptionServices?.catalogue || !interruptionServices.faq) throw new Error(`[${dialogId}] missing 'catalogue' or 'faq'`);
    }

    protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
        const context = innerDc.context;
        if (context.activity.type !== ActivityTypes.Message) return super.onContinueDialog(innerDc);
        const text = answerText(context.activity);
        if (text === '') return super.onContinueDialog(innerDc);
        const prompt = activePrompt(innerDc);
        const classified = classifyMessage({
            lng: turnLanguage(context),
            text,
            value: context.activity.value,
            prompt,
            questionsAllowed: this.questionsAllowed(innerDc),
            search: this.interruptionServices.catalogue.search,
            faq: this.interruptionServices.faq,
        });
        switch (classified.kind) {
            case 'answer':
                setDecidedAnswer(context, classified.option);
                return super.onContinueDialog(innerDc);
            case 'command': {
                const result = await this.onCommand(innerDc, classified.command);
                return result ?? super.onContinueDialog(innerDc);
            }
            case 'question':
                await this.onQuestion(innerDc, classified.outcome);
                await this.repromptShort(innerDc);
                return Dialog.EndOfTurn;
            case 'unknown':
                // a prompt that takes free text gets it (a name, a new search); others ask again
                if (prompt && (!prompt.freeText || prompt.kind === 'entity')) await this.onNotUnderstood(innerDc);
                return super.onContinueDialog(innerDc);
        }
    }

    /** Asks the prompt on screen again in one line with its buttons ("Back to step 1: …"). */
    protected async repromptShort(innerDc: DialogContext): Promise<void> {
        const prompt = activePrompt(innerDc);
        if (!prompt) {
            await innerDc.repromptDialog();
            return;
        }
        const line = await this.backToLine(innerDc.context, prompt);
        await innerDc.context.sendActivity(choiceMessage(line, prompt.options));
    }

    /** What a command does here; undefined lets the prompt have the message after all. */
    protected abstract onCommand(innerDc: DialogContext, command: Command): Promise<DialogTurnResult | undefined>;
    /** Answers a question the FAQ matched (or declines a medical one); the prompt follows in one line. */
    protected abstract onQuestion(innerDc: DialogContext, outcome: Extract<Classified, { kind: 'question' }>['outcome']): Promise<void>;
    /** False where questions must not interrupt (the hand-over, the FAQ itself). */
    protected abstract questionsAllowed(innerDc: DialogContext): boolean;
    /** The prompt is about to be asked again because the answer was not understood. */
    protected abstract onNotUnderstood(innerDc: DialogContext): Promise<void>;
    /** The one-line way back to the prompt after an interruption. */
    protected abstract backToLine(context: TurnContext, prompt: ChoiceValidations): Promise<string>;
}
