import { ComponentDialog, DialogTurnResult, WaterfallDialog, WaterfallStepContext } from './framework';
import { TurnContext } from 'botbuilder';
import { ChoiceAnswer, ChoiceOption, choicePromptOptions, WordChoicePrompt } from './choicePrompt';
import { wordList } from '../src/i18n';
import { turnT } from '../src/turnState';
import { progressLine } from './journeyState';

export const ACCESS_PROFILE_DIALOG = 'accessProfile';
const WATERFALL = 'accessProfile.waterfall';
const PROFILE_PROMPT = 'accessProfile.prompt';

/** The six access profiles of the CPMS wizard, as CPMS names them. HP is what clinicians need. */
export const ACCESS_PROFILES = ['HP', 'Coordinator', 'Dispatcher', 'Panel Manager ERN', 'Panel Manager HCP', 'Researcher'] as const;
export type AccessProfile = (typeof ACCESS_PROFILES)[number];
export const RECOMMENDED_PROFILE: AccessProfile = 'HP';

/** Locale key of a profile: "Panel Manager ERN" → "panelManagerErn". */
export function profileKey(profile: AccessProfile): string {
    return profile
        .split(' ')
        .map((w, i) => (i === 0 ? w.toLowerCase() : w[0] + w.slice(1).toLowerCase()))
        .join('');
}

/** Screen 3 of the CPMS wizard: the access profile, with the six profiles explained. */
export class AccessProfileDialog extends ComponentDialog {
    constructor() {
        super(ACCESS_PROFILE_DIALOG);
        this.addDialog(new WordChoicePrompt(PROFILE_PROMPT));
        this.addDialog(new WaterfallDialog(WATERFALL, [this.askProfileStep.bind(this), this.confirmProfileStep.bind(this)]));
        this.initialDialogId = WATERFALL;
    }

    /** Explains the profiles and recommends HP. */
    private async askProfileStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
        const t = turnT(step.context);
        const lines = ACCESS_PROFILES.map((p) => `- **${p}**: ${t(`guide:profiles.${profileKey(p)}.description`)}`);
        const text = `${progressLine(t, 'requestAccess')}\n\n${t('guide:profiles.intro')}\n\n${lines.join('\n')}\n\n${t('guide:profiles.recommend')}`;
        return step.prompt(PROFILE_PROMPT, choicePromptOptions(text, profileOptions(step.context), t('guide:profiles.retry'), false, { short: t('guide:profiles.short'), guide: true }));
    }

    /** Says what to tick in CPMS and ends with the profile. */
    private async confirmProfileStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
        const answer = step.result as ChoiceAnswer;
        return step.endDialog(answer.value as AccessProfile);
    }
}

/** The six profiles; "ok" / "yes" take the recommended one, which the question recommends. */
export function profileOptions(context: TurnContext): ChoiceOption[] {
    const t = turnT(context);
    return ACCESS_PROFILES.map((p): ChoiceOption => ({
        value: p,
        title: p === RECOMMENDED_PROFILE ? t('guide:profiles.recommendedButton', { profile: p }) : p,
        synonyms: [p, ...wordList(t, `guide:profiles.${profileKey(p)}.synonyms`)],
        intent: p === RECOMMENDED_PROFILE ? 'yes' : undefined,
    }));
}
