import { TurnContext } from 'botbuilder';
import { JourneyState, newJourney, Position, StepId, stepNumber, stepOf, STEP_IDS } from '../src/journey';
import { Translate } from '../src/i18n';
import { StateAccessors } from '../src/services';

/** The user's journey, created on first use. */
export async function getJourney(context: TurnContext, state: StateAccessors): Promise<JourneyState> {
    const journey = await state.journey.get(context, newJourney());
    return journey;
}

/** Records where the user is, so "back", resume and escalations know it. */
export async function markPosition(context: TurnContext, state: StateAccessors, position: Position): Promise<JourneyState> {
    const journey = await getJourney(context, state);
    journey.position = position;
    journey.currentStep = stepOf(position);
    journey.updatedAt = new Date().toISOString();
    return journey;
}

export async function markCompleted(context: TurnContext, state: StateAccessors, step: StepId): Promise<void> {
    const journey = await getJourney(context, state);
    if (!journey.completed.includes(step)) journey.completed.push(step);
    journey.skipped = journey.skipped.filter((s) => s !== step);
    journey.updatedAt = new Date().toISOString();
}

/** "Step 2 of 4: Second factor" in the turn's language. */
export function stepHeader(t: Translate, step: StepId): string {
    return t('guide:progress', { n: stepNumber(step), total: STEP_IDS.length, title: t(`guide:steps.${step}.title`) });
}

/** The progress line above each screen of a step: "_Step 3 of 4: Request access to CPMS_". */
export function progressLine(t: Translate, step: StepId): string {
    return `_${stepHeader(t, step)}_`;
}

/** True when the journey was started and is not finished: the bot offers to continue. */
export function inProgress(journey: JourneyState | undefined): journey is JourneyState & { position: Position } {
    return !!journey && !!journey.position && !journey.finished;
}
