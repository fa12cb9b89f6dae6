import { TurnContext } from 'botbuilder';
import { DEFAULT_LANGUAGE, Language, translator, Translate } from './i18n';

const LANGUAGE_KEY = Symbol('cpms.language');

/** The bot sets the turn's language once (user choice, else activity locale); dialogs read it here. */
export function setTurnLanguage(context: TurnContext, lng: Language): void {
    context.turnState.set(LANGUAGE_KEY, lng);
}

export function turnLanguage(context: TurnContext): Language {
    return (context.turnState.get(LANGUAGE_KEY) as Language | undefined) ?? DEFAULT_LANGUAGE;
}

/** A translator fixed to this turn's language: never a global `changeLanguage`. */
export function turnT(context: TurnContext): Translate {
    return translator(turnLanguage(context));
}
