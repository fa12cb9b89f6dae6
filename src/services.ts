import { StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { JourneyState } from './journey';
import type { Language } from './i18n';
import type { CatalogueSearch } from './catalogue';
import type { FaqMatcher, FeedbackStore } from './faq';
import type { EscalationRequest } from './escalation';

/** What the user told the bot about themselves; kept in user state. */
export interface UserProfile {
    language?: Language;
    name?: string;
    email?: string;
}

/** State accessors, created once by the bot and passed to every dialog. */
export interface StateAccessors {
    journey: StatePropertyAccessor<JourneyState>;
    profile: StatePropertyAccessor<UserProfile>;
}

/** Services the dialogs use, behind small interfaces so storage and transport can change. */
export interface DialogServices {
    catalogue: { readonly search: CatalogueSearch };
    faq: FaqMatcher;
    feedback: FeedbackStore;
    escalations: { submit(request: EscalationRequest): Promise<{ reference: string }> };
    /** Marks the turn so the user's data is deleted once the turn (and its transcript) is done. */
    requestForget(context: TurnContext): void;
}
