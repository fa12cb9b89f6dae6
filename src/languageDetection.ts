/**
 * Language offers (issue 12): a user who writes several words in another language the bot speaks
 * is offered to switch to it, and a user whose channel locale the bot does not speak (`pl-PL`,
 * `nl-NL`) gets, once, one line that names every language the bot speaks, each in itself.
 *
 * Detection uses tinyld (a maintained n-gram language detector, CommonJS build, no model download),
 * restricted to the languages of `locales/`. Measured on the labelled FAQ sets (test/faq/labelled-*),
 * see test/languageDetection.test.ts: the thresholds below were chosen on the `tune` split.
 */
import { ActionTypes, Activity, ActivityTypes, CardFactory, InputHints, MessageFactory, StatePropertyAccessor, TurnContext, UserState } from 'botbuilder';
import type * as Tinyld from 'tinyld';
import { isFillerWord, isStopWord, tokenize } from './catalogue/normalize';
import { cityNames } from './catalogue/places';
import { DEFAULT_LANGUAGE, isLanguage, isSpokenLocale, Language, SUPPORTED_LANGUAGES, translator } from './i18n';

let tinyld: typeof Tinyld | undefined;

/**
 * tinyld, loaded on first use: its n-gram tables take about a third of a second and 18 MB to
 * load, which the process should not pay before it can greet its first visitor.
 */
export function languageDetector(): typeof Tinyld {
    return (tinyld ??= require('tinyld') as typeof Tinyld);
}

/** Fewer words than this say too little about their language ("ok merci", "EU Login perdu"). */
export const MIN_WORDS_FOR_DETECTION = 4;
/** tinyld's score (0..1) below which the guess is not worth an offer. */
export const MIN_DETECTION_ACCURACY = 0.5;

/**
 * The text as the detector reads it: lower case, punctuation as spaces. tinyld scores "Buongiorno,
 * come posso…?" far lower than the same words without "," and "?"; on the tune split this reading
 * gave fewer false offers and more right ones than the raw text.
 */
function detectorText(text: string): string {
    return text.toLowerCase().replace(/[^\p{L}\p{N}\s]/gu, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * Words that name an institution or a place ("Ospedale San Camillo Roma", "Universitätsklinikum
 * München") say nothing about the language the user writes in: a hospital name typed at the
 * hospital prompt must not bring an offer to switch to Italian.
 */
function isNameWord(word: string): boolean {
    return (isStopWord(word) && !isFillerWord(word)) || cityNames(word) !== undefined;
}

/** The words of a message that can tell its language: letters only, no names of places or institutions. */
export function languageWords(text: string): string[] {
    const withoutLinks = text.replace(/\S+@\S+|https?:\/\/\S+|www\.\S+/gi, ' ');
    return tokenize(withoutLinks).filter((w) => /\p{L}/u.test(w) && !/\d/.test(w) && !isNameWord(w));
}

/**
 * The language the text is written in, among `languages`, when it has enough words and the
 * detector is confident; undefined otherwise. Languages tinyld does not know are never guessed.
 */
export function detectLanguage(text: string, languages: readonly Language[] = SUPPORTED_LANGUAGES): Language | undefined {
    if (languageWords(text).length < MIN_WORDS_FOR_DETECTION) return undefined;
    const best = languageDetector().detectAll(detectorText(text), { only: [...languages] })[0];
    return best && best.accuracy >= MIN_DETECTION_ACCURACY && languages.includes(best.lang) ? best.lang : undefined;
}

/** A language's own name ("Français"), as written on its buttons and typed to switch. */
export function languageName(lng: Language): string {
    return translator(lng)('common:language.name');
}

/** Buttons that post a language's own name: the name alone, typed or sent, switches to it. */
function nameButtons(text: string, languages: readonly Language[]): Partial<Activity> {
    const card = CardFactory.heroCard(
        '',
        undefined,
        languages.map((lng) => ({ type: ActionTypes.ImBack, title: languageName(lng), value: languageName(lng) })),
    );
    return MessageFactory.attachment(card, text, undefined, InputHints.IgnoringInput);
}

/** "It looks like you write in French...", written in French, with the buttons Français and (current). */
export function switchOfferMessage(target: Language, current: Language): Partial<Activity> {
    return nameButtons(translator(target)('common:language.switchOffer'), [target, current]);
}

/** English (or `lng`) plus one line naming every language the bot speaks, each in itself, with a button each. */
export function allLanguagesOfferMessage(lng: Language = DEFAULT_LANGUAGE): Partial<Activity> {
    const others = SUPPORTED_LANGUAGES.filter((l) => l !== lng);
    const text = translator(lng)('common:language.offerAll', { languages: others.map(languageName).join(' · ') });
    return nameButtons(text, SUPPORTED_LANGUAGES);
}

/** What the bot remembers per user so that each offer is made once. */
export interface LanguageOfferState {
    /** The unknown-locale offer was made. */
    allOffered?: boolean;
    /** Languages a switch was already offered to or from. */
    switchOffered?: Language[];
}

/**
 * Makes the offers at the end of a turn, after the dialogs replied (so the answer comes first).
 * Each offer is made once per user: declining is simply carrying on in the current language.
 */
export class LanguageOffers {
    private readonly state: StatePropertyAccessor<LanguageOfferState>;

    constructor(userState: UserState) {
        if (!userState) throw new Error("[LanguageOffers] missing 'userState'");
        this.state = userState.createProperty<LanguageOfferState>('languageOffers');
    }

    /**
     * Called for the turns the user sees: messages and the welcome.
     * @param current the language the turn ended in
     * @param chosen the language the user chose explicitly, if any (the channel locale is not a choice)
     */
    async afterTurn(context: TurnContext, current: Language, chosen: Language | undefined): Promise<void> {
        const activity = context.activity;
        const offers = await this.state.get(context, {});
        if (!chosen && !offers.allOffered && activity.locale && !isSpokenLocale(activity.locale)) {
            offers.allOffered = true;
            await context.sendActivity(allLanguagesOfferMessage(current));
            return;
        }
        if (activity.type !== ActivityTypes.Message || typeof activity.text !== 'string' || activity.value !== undefined) return;
        const written = detectLanguage(activity.text);
        if (!written || written === current || !isLanguage(written)) return;
        const offered = offers.switchOffered ?? [];
        if (offered.includes(written)) return;
        // Both languages of the offer: whatever the user answers, the pair is not offered again.
        offers.switchOffered = [...new Set([...offered, written, current])];
        await context.sendActivity(switchOfferMessage(written, current));
    }
}
