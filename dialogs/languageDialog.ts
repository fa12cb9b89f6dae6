import { MessageFactory, TurnContext } from 'botbuilder';
import { ComponentDialog, DialogTurnResult, WaterfallDialog, WaterfallStepContext } from './framework';
import { isLanguage, Language, SUPPORTED_LANGUAGES, translator, wordList } from '../src/i18n';
import { ChoiceAnswer, ChoiceOption, choicePromptOptions, WordChoicePrompt } from './choicePrompt';
import { StateAccessors } from '../src/services';
import { setTurnLanguage, turnT } from '../src/turnState';

export const LANGUAGE_DIALOG = 'language';
const WATERFALL = 'language.waterfall';
const LANGUAGE_PROMPT = 'language.prompt';

/** Buttons for every supported language, titled in that language, with the names users type. */
export function languageOptions(): ChoiceOption[] {
    return SUPPORTED_LANGUAGES.map((lng) => {
        const t = translator(lng);
        return { value: lng, title: t('common:language.name'), synonyms: [lng, ...wordList(t, 'common:language.names')] };
    });
}

/** Saves the language and switches this very turn to it. */
export async function applyLanguage(context: TurnContext, state: StateAccessors, lng: Language): Promise<void> {
    const profile = await state.profile.get(context, {});
    profile.language = lng;
    setTurnLanguage(context, lng);
    await context.sendActivity(MessageFactory.text(translator(lng)('common:language.changed')));
}

/** Lets the user choose the bot's language; the choice is kept across conversations. */
export class LanguageDialog extends ComponentDialog {
    constructor(private readonly state: StateAccessors) {
        super(LANGUAGE_DIALOG);
        this.addDialog(new WordChoicePrompt(LANGUAGE_PROMPT));
        this.addDialog(new WaterfallDialog(WATERFALL, [this.askStep.bind(this), this.applyStep.bind(this)]));
        this.initialDialogId = WATERFALL;
    }

    /** Asks which language. */
    private async askStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
        const t = turnT(step.context);
        return step.prompt(LANGUAGE_PROMPT, choicePromptOptions(t('common:language.ask'), languageOptions(), t('common:language.ask')));
    }

    /** Saves it. */
    private async applyStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
        const value = (step.result as ChoiceAnswer).value;
        if (isLanguage(value)) await applyLanguage(step.context, this.state, value);
        return step.endDialog(value);
    }
}
