import { BotState, calculateChangeHash, ConversationState, Storage, TurnContext, UserState } from 'botbuilder';

/** What this turn read from storage for one state object. */
interface LoadedVersion {
    /** The eTag read; `undefined` when the item did not exist yet. */
    eTag: string | undefined;
    /** Change hash of the state as read (botbuilder's, which leaves the eTag out). */
    hash: string;
}

/**
 * Optimistic concurrency for bot state, which botbuilder's `BotState.saveChanges` leaves out: it
 * always writes with eTag `*` (last writer wins), so two turns of one conversation on two
 * instances would silently lose one turn's changes. Here a changed state is written with the
 * eTag it was read with; if another turn wrote it meanwhile, the storage refuses the write with
 * `ETagConflictError` and {@link StateConflictMiddleware} tells the user.
 *
 * @remarks
 * Everything else is botbuilder's (keys, caching, `clear`, `delete`). A state that did not exist
 * when read is written without an eTag (created). A second save in the same turn, after a
 * successful one, overwrites: the storage does not return the new eTag, and the turn already
 * proved it held the latest version.
 */
class ETagSaver {
    private readonly loaded = Symbol('cpms.etagState.loaded');

    constructor(
        private readonly state: BotState,
        private readonly storage: Storage,
        private readonly key: (context: TurnContext) => string | Promise<string>,
    ) {}

    /** Records the version just read from storage (call after `super.load` actually read). */
    remember(context: TurnContext, state: Record<string, unknown>): void {
        const eTag = typeof state.eTag === 'string' && state.eTag !== '' && state.eTag !== '*' ? state.eTag : undefined;
        context.turnState.set(this.loaded, { eTag, hash: calculateChangeHash(state) } satisfies LoadedVersion);
    }

    isRemembered(context: TurnContext): boolean {
        return context.turnState.get(this.loaded) !== undefined;
    }

    async save(context: TurnContext, force: boolean): Promise<void> {
        const current = this.state.get(context) as Record<string, unknown> | undefined;
        const version = context.turnState.get(this.loaded) as LoadedVersion | undefined;
        if (!force && (current === undefined || calculateChangeHash(current) === version?.hash)) return;
        const key = await this.key(context);
        const { eTag: _read, ...value } = current ?? {};
        await this.storage.write({ [key]: version?.eTag ? { ...value, eTag: version.eTag } : value });
        context.turnState.set(this.loaded, { eTag: undefined, hash: calculateChangeHash(value) } satisfies LoadedVersion);
    }
}

/** `ConversationState` whose writes are refused when another turn changed the conversation meanwhile. */
export class ETagConversationState extends ConversationState {
    private readonly saver: ETagSaver;

    constructor(storage: Storage, namespace = '') {
        super(storage, namespace);
        this.saver = new ETagSaver(this, storage, (context) => this.getStorageKey(context) ?? '');
    }

    override async load(context: TurnContext, force = false): Promise<Record<string, unknown>> {
        const reads = force || this.get(context) === undefined || !this.saver.isRemembered(context);
        const state: Record<string, unknown> = await super.load(context, force || !this.saver.isRemembered(context));
        if (reads) this.saver.remember(context, state);
        return state;
    }

    override saveChanges(context: TurnContext, force = false): Promise<void> {
        return this.saver.save(context, force);
    }
}

/** `UserState` whose writes are refused when another turn changed the user meanwhile. */
export class ETagUserState extends UserState {
    private readonly saver: ETagSaver;

    constructor(storage: Storage, namespace = '') {
        super(storage, namespace);
        this.saver = new ETagSaver(this, storage, (context) => this.getStorageKey(context) ?? '');
    }

    override async load(context: TurnContext, force = false): Promise<Record<string, unknown>> {
        const reads = force || this.get(context) === undefined || !this.saver.isRemembered(context);
        const state: Record<string, unknown> = await super.load(context, force || !this.saver.isRemembered(context));
        if (reads) this.saver.remember(context, state);
        return state;
    }

    override saveChanges(context: TurnContext, force = false): Promise<void> {
        return this.saver.save(context, force);
    }
}
