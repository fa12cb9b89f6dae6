import {
    ActivityTypes,
    Channels,
    ConversationState,
    MessageFactory,
    StatePropertyAccessor,
    TeamsActivityHandler,
    TurnContext,
    UserState,
} from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import { StateAccessors, UserProfile } from './services';
import { JourneyState } from './journey';
import { setTurnLanguage, turnLanguage, turnT } from './turnState';
import { messageText } from './conversation/recognizer';
import { isLanguage, resolveLanguage } from './i18n';
import { LanguageOffers } from './languageDetection';

/** After this long without a message, the next one starts the conversation afresh (journey kept). */
export const IDLE_RESTART_MS = 12 * 60 * 60 * 1000;

/** The root dialog as the bot uses it: continue a turn, or start the welcome flow. */
export interface RootDialog {
    run(context: TurnContext, dialogState: StatePropertyAccessor<DialogState>): Promise<void>;
    start(context: TurnContext, dialogState: StatePropertyAccessor<DialogState>): Promise<void>;
}

export interface BotOptions {
    /** Longer messages get a polite refusal instead of reaching the dialogs. */
    maxMessageLength: number;
}

/**
 * The CPMS access bot. Owns the state accessors, picks the turn's language, welcomes new users and
 * hands every message to the main dialog; state is saved after every turn.
 */
export class CpmsBot extends TeamsActivityHandler {
    private readonly dialogState: StatePropertyAccessor<DialogState>;
    private readonly lastActive: StatePropertyAccessor<number>;
    readonly accessors: StateAccessors;
    private readonly dialog: RootDialog;
    private readonly languageOffers: LanguageOffers;

    constructor(
        private readonly conversationState: ConversationState,
        private readonly userState: UserState,
        createDialog: (accessors: StateAccessors) => RootDialog,
        private readonly options: BotOptions,
    ) {
        super();
        if (!conversationState) throw new Error("[CpmsBot] missing 'conversationState'");
        if (!userState) throw new Error("[CpmsBot] missing 'userState'");
        this.dialogState = conversationState.createProperty<DialogState>('dialogState');
        this.lastActive = conversationState.createProperty<number>('lastActive');
        this.accessors = {
            journey: userState.createProperty<JourneyState>('journey'),
            profile: userState.createProperty<UserProfile>('profile'),
        };
        this.dialog = createDialog(this.accessors);
        this.languageOffers = new LanguageOffers(userState);

        this.onMessage(async (context, next) => {
            await this.handleMessage(context);
            await next();
        });
        this.onMembersAdded(async (context, next) => {
            if (this.shouldWelcome(context)) await this.welcome(context);
            await next();
        });
    }

    override async run(context: TurnContext): Promise<void> {
        const profile = await this.accessors.profile.get(context, {});
        setTurnLanguage(context, isLanguage(profile.language) ? profile.language : resolveLanguage(context.activity.locale));
        await this.restartIfIdle(context);
        await super.run(context);
        // Offers to switch language (issue 12, src/languageDetection.ts), after the dialogs' replies.
        if (context.activity.type === ActivityTypes.Message || this.shouldWelcome(context)) {
            const chosen = (await this.accessors.profile.get(context, {})).language;
            await this.languageOffers.afterTurn(context, turnLanguage(context), chosen);
        }
        await this.conversationState.saveChanges(context, false);
        await this.userState.saveChanges(context, false);
    }

    /**
     * A conversation idle for days (Teams keeps one chat forever) starts again with the welcome
     * flow, which offers to continue the journey, instead of a stale question.
     */
    private async restartIfIdle(context: TurnContext): Promise<void> {
        if (context.activity.type !== ActivityTypes.Message) return;
        const now = Date.now();
        const last = await this.lastActive.get(context);
        if (last !== undefined && now - last > IDLE_RESTART_MS) await this.dialogState.delete(context);
        await this.lastActive.set(context, now);
    }

    private async handleMessage(context: TurnContext): Promise<void> {
        if (context.activity.channelId === Channels.Msteams) TurnContext.removeRecipientMention(context.activity);
        const t = turnT(context);
        const text = messageText(context.activity);
        if (text.length > this.options.maxMessageLength) {
            await context.sendActivity(MessageFactory.text(t('common:errors.tooLong', { max: this.options.maxMessageLength })));
            return;
        }
        if (text === '' && context.activity.value === undefined) {
            await context.sendActivity(MessageFactory.text(t('common:errors.empty')));
            return;
        }
        await this.dialog.run(context, this.dialogState);
    }

    /** Teams: welcome in personal chats only (not every member of a team); elsewhere when the user joins. */
    private shouldWelcome(context: TurnContext): boolean {
        const added = context.activity.membersAdded ?? [];
        if (context.activity.channelId === Channels.Msteams) {
            return context.activity.conversation.conversationType === 'personal' && added.length > 0;
        }
        return added.some((m) => m.id !== context.activity.recipient?.id);
    }

    private async welcome(context: TurnContext): Promise<void> {
        await context.sendActivity(MessageFactory.text(turnT(context)('common:welcome')));
        await this.dialog.start(context, this.dialogState);
    }
}
