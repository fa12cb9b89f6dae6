import { TurnContext } from 'botbuilder';
import { ChoiceOption } from './choicePrompt';
import { synonyms, WordKey } from './words';
import { turnT } from './turnState';

/** A button whose title comes from the locale and which also accepts the typed words of `words`. */
export function option(context: TurnContext, value: string, titleKey: string, words?: WordKey | WordKey[], extra: string[] = []): ChoiceOption {
    const t = turnT(context);
    const keys = words === undefined ? [] : Array.isArray(words) ? words : [words];
    return { value, title: t(titleKey), synonyms: [...keys.flatMap((k) => synonyms(context, k)), ...extra] };
}

export const yesOption = (context: TurnContext, titleKey = 'common:buttons.yes'): ChoiceOption => option(context, 'yes', titleKey, 'yes');
export const noOption = (context: TurnContext, titleKey = 'common:buttons.no'): ChoiceOption => option(context, 'no', titleKey, 'no');
export const doneOption = (context: TurnContext, titleKey = 'common:buttons.done'): ChoiceOption => option(context, 'done', titleKey, 'done');
export const stuckOption = (context: TurnContext): ChoiceOption => option(context, 'stuck', 'common:buttons.stuck', 'stuck');
