import { TurnContext } from 'botbuilder';
import { ChoiceIntent, ChoiceOption } from '../src/conversation/recognizer';
import { WordKey } from '../src/conversation/lexicon';
import { turnT } from '../src/turnState';

/**
 * A button whose title comes from the locale and which also accepts the typed words of `words`
 * (looked up in the turn's language when the answer arrives, so dialog state stays small).
 */
export function option(context: TurnContext, value: string, titleKey: string, words?: WordKey | WordKey[], intent?: ChoiceIntent): ChoiceOption {
    const keys = words === undefined ? [] : Array.isArray(words) ? words : [words];
    return { value, title: turnT(context)(titleKey), words: keys, intent };
}

export const yesOption = (context: TurnContext, titleKey = 'common:buttons.yes'): ChoiceOption => option(context, 'yes', titleKey, 'yes', 'yes');
export const noOption = (context: TurnContext, titleKey = 'common:buttons.no'): ChoiceOption => option(context, 'no', titleKey, 'no', 'no');
export const doneOption = (context: TurnContext, titleKey = 'common:buttons.done'): ChoiceOption => option(context, 'done', titleKey, 'done', 'done');
export const stuckOption = (context: TurnContext): ChoiceOption => option(context, 'stuck', 'common:buttons.stuck', 'stuck', 'stuck');
