/**
 * Pure recognisers of what a user typed or clicked: an answer to the prompt on screen, or a command
 * that works anywhere. No dialog state and no I/O: every rule here is table-tested
 * (test/conversation/recognizer.test.ts) and measured on labelled replies by `npm run bench`.
 */
import damerauLevenshtein from 'damerau-levenshtein';
import { Language, SUPPORTED_LANGUAGES } from '../i18n';
import { normalizeText } from '../text/normalize';
import { Lexicon, languageNames, lexiconFor, MIN_BARE_NAME, WordKey } from './lexicon';
import { anyPattern, findPattern, Pattern } from './patterns';

/** What a button means, so that typed sentences of that sense pick it ("yes it is", "ok done", "which ones are there?"). */
export type ChoiceIntent = 'yes' | 'no' | 'done' | 'stuck' | 'list';

/** One answer a prompt accepts: the value the step receives, the button title, and what else may be typed. */
export interface ChoiceOption {
    value: string;
    /** Button title; undefined for an answer that is typed only (no button). */
    title?: string;
    /** Extra phrases (codes, names) accepted as the whole answer. */
    synonyms?: string[];
    /** Word lists (`words.<key>` of the locale) accepted as the whole answer. */
    words?: WordKey[];
    intent?: ChoiceIntent;
    /** A button that is a command ("Contact the helpdesk" under a question): the command runs. */
    command?: CommandKind;
}

/** Longest answer still read as "yes, I have one" from its first words. */
const MAX_PREFIX_ANSWER_WORDS = 5;
/** Longest sentence read as an answer from its cues; longer text is a message, not an answer. */
export const MAX_SENTENCE_ANSWER_WORDS = 14;
/**
 * Longest sentence read as an answer when it names a choice by its own words ("no, my hospital
 * isn't part of ReCONNET so I'll come in as a guest") or reports a problem; yes/no/done cue words
 * alone are not enough that far ("I have a question about roles and the approval of ...").
 */
export const MAX_NAMED_ANSWER_WORDS = 20;
/** Longest sentence searched for a command ("I would like to talk to a person about ..."). */
export const MAX_SENTENCE_COMMAND_WORDS = 30;
/** Longest one-word answer read with its repeated letters collapsed (see {@link heldKeyWord}). */
const MAX_HELD_KEY_LENGTH = 10;
/** Short commands ("go back please") are taken even when phrased as a question. */
const MAX_SHORT_COMMAND_WORDS = 6;
/** One-letter words ("y", "n") only count as whole answers, never inside a sentence. */
const MIN_SENTENCE_WORD_LENGTH = 2;
/** Typos are forgiven in answers of at most this many words ("dnoe", "hepldesk", "fato") ... */
const MAX_TYPO_ANSWER_WORDS = 2;
/** ... of at least this many letters, against words of at least {@link MIN_TYPO_TARGET_LENGTH} ... */
const MIN_TYPO_LENGTH = 3;
const MIN_TYPO_TARGET_LENGTH = 4;
/** ... by one edit (a swap of two letters counts as one), or two from this length on. */
const TWO_TYPOS_LENGTH = 8;
/** Clause separators: "no idea, how can I check?" answers with its first clause. */
const CLAUSE_RE = /[,;:.!…—–]|\s-\s/;

const tokensOf = (normalized: string): string[] => (normalized === '' ? [] : normalized.split(' '));

/** True when the whole text is one of the phrases, or (allowPrefix) starts with one in a short answer. */
export function matchesPhrases(normalized: string, phrases: readonly string[], allowPrefix: boolean): boolean {
    if (normalized === '') return false;
    if (phrases.includes(normalized)) return true;
    return allowPrefix && prefixLength(normalized, phrases) > 0;
}

/** Words of the longest phrase of `phrases` that starts the text (0 when none does; see {@link matchesPhrases}). */
function prefixLength(normalized: string, phrases: readonly string[]): number {
    const parts = normalized.split(' ');
    if (parts.length > MAX_PREFIX_ANSWER_WORDS) return 0;
    let longest = 0;
    for (const phrase of phrases) {
        const words = phrase.split(' ');
        if (words.length < parts.length && words.length > longest && words.every((w, i) => parts[i] === w)) longest = words.length;
    }
    return longest;
}

/**
 * The choice whose phrase starts a short answer, the longest phrase winning: "no idea tbh" is
 * "not sure" ("no idea"), not "no"; two choices with phrases of the same length say nothing.
 */
function longestPrefixChoice(normalized: string, all: readonly ChoiceWords[]): { choice: ChoiceOption; words: number } | undefined {
    let best: ChoiceOption | undefined;
    let bestLength = 0;
    let tie = false;
    for (const c of all) {
        const length = prefixLength(normalized, c.phrases);
        if (length > bestLength) [best, bestLength, tie] = [c.choice, length, false];
        else if (length > 0 && length === bestLength) tie = true;
    }
    return tie || !best ? undefined : { choice: best, words: bestLength };
}

/**
 * Commands that leave the prompt: after an answer word they are what the message asks ("ok, go
 * back", "hai, înapoi la pasul dinainte" opens with "hai", a Romanian "come on" read as yes).
 * Skip, stuck, help, the helpdesk and start are left to the answer: "yes, skip it", "da, la
 * helpdesk" and "no, show me how" (which asks for the guide) still answer the question.
 */
const LEAVING_COMMANDS: ReadonlySet<CommandKind> = new Set(['back', 'menu', 'forget', 'language', 'cancel']);

/** The text without polite words around it ("helpdesk please", "da, vă rog" → "helpdesk", "da"). */
function withoutPoliteness(tokens: readonly string[], lexicon: Lexicon): string {
    let kept = [...tokens];
    for (const pattern of lexicon.cues.polite) {
        const found = findPattern(kept, pattern);
        if (found && (found.start === 0 || found.end === kept.length - 1)) kept = [...kept.slice(0, found.start), ...kept.slice(found.end + 1)];
    }
    return kept.join(' ');
}

/** Edits allowed between a typed word and a known one of this length (0: none). */
function typoBudget(typed: string, known: string): number {
    if (typed.length < MIN_TYPO_LENGTH || known.length < MIN_TYPO_TARGET_LENGTH) return 0;
    return Math.min(typed.length, known.length) >= TWO_TYPOS_LENGTH ? 2 : 1;
}

/** The phrase list closest to a short typed answer within the typo budget, when only one is. */
function closestByTypo<T>(normalized: string, candidates: readonly { item: T; phrases: readonly string[] }[]): T | undefined {
    if (normalized.split(' ').length > MAX_TYPO_ANSWER_WORDS) return undefined;
    let best: { item: T; steps: number } | undefined;
    let tie = false;
    for (const { item, phrases } of candidates) {
        for (const phrase of phrases) {
            const budget = typoBudget(normalized, phrase);
            if (budget === 0 || Math.abs(phrase.length - normalized.length) > budget) continue;
            const steps = damerauLevenshtein(normalized, phrase).steps;
            if (steps > budget) continue;
            if (!best || steps < best.steps) {
                best = { item, steps };
                tie = false;
            } else if (steps === best.steps && best.item !== item) {
                tie = true;
            }
        }
    }
    return best && !tie ? best.item : undefined;
}

/** True when the whole text is a command word of the language: a command, not a name or an answer. */
export function isExactCommand(lng: Language, text: string): boolean {
    return isCommandWord(lexiconFor(lng), normalizeText(text));
}

/** True when the whole text is a command word of the language ("stuck", "nu merge", "helpdesk"). */
function isCommandWord(lexicon: Lexicon, normalized: string): boolean {
    return WORD_COMMANDS.some((kind) => lexicon.words[kind].includes(normalized)) || lexicon.words.stuck.includes(normalized);
}

/** "no idea, how can I check?" → "no idea": an answer that goes on with a question. */
function firstClause(text: string): string {
    return text.split(CLAUSE_RE)[0].trim();
}

/** A question rather than an answer: a question mark, or a question word first. */
export function isQuestionLike(text: string, lexicon: Lexicon): boolean {
    if (text.includes('?') || text.includes('¿')) return true;
    const tokens = tokensOf(normalizeText(text));
    if (tokens.length < 2) return false;
    return lexicon.cues.question.some((p) => findPattern(tokens, p)?.start === 0);
}

/** The words of a choice: its value, title, extra synonyms and word lists. */
function ownPhrasesOf(choice: ChoiceOption, lexicon: Lexicon): string[] {
    const phrases = [normalizeText(choice.value)];
    if (choice.title) phrases.push(normalizeText(choice.title));
    for (const s of choice.synonyms ?? []) phrases.push(normalizeText(s));
    for (const key of choice.words ?? []) phrases.push(...lexicon.words[key]);
    return phrases.filter((p) => p !== '');
}

/** The yes or no words of a choice that means yes or no. */
function intentPhrasesOf(choice: ChoiceOption, lexicon: Lexicon): readonly string[] {
    return choice.intent === 'yes' || choice.intent === 'no' ? lexicon.words[choice.intent] : [];
}

interface ChoiceWords {
    choice: ChoiceOption;
    /** Its own words first; a sentence naming them beats one that only says "yes". */
    own: string[];
    phrases: string[];
}

/** Where a phrase occurs as whole consecutive words of the tokens. */
function containsPhrase(tokens: readonly string[], phrase: string): boolean {
    const words = phrase.split(' ');
    if (words.length === 1 && words[0].length < MIN_SENTENCE_WORD_LENGTH) return false;
    return phraseAt(tokens, phrase) !== undefined;
}

/** Index of the first token where the phrase's words follow one another. */
function phraseAt(tokens: readonly string[], phrase: string): number | undefined {
    const words = phrase.split(' ');
    outer: for (let i = 0; i + words.length <= tokens.length; i++) {
        for (let j = 0; j < words.length; j++) if (tokens[i + j] !== words[j]) continue outer;
        return i;
    }
    return undefined;
}

export interface RecognizeChoiceOptions {
    /** Read sentences ("we're an affiliated partner", "ok found it, done now"), not only whole answers. */
    sentences: boolean;
    /**
     * Take a short answer by its first words ("yes I have one"). Off where a command word may start
     * a longer command ("language ro" at the menu is not the "Change language" button).
     */
    prefix?: boolean;
    /** Forgive a typo in a short answer ("dnoe"); defaults to `sentences`. */
    typos?: boolean;
    /** The message's command read as a sentence, when the caller has already read it (else read here). */
    command?: () => Command | undefined;
}

/**
 * The choice a message picks, in order: the button's value (a click), the whole text as a title or
 * word of a choice, its first words in a short answer, then (with `sentences`) a choice named inside
 * a sentence or the sense of the sentence (affirmative, negative, done, stuck) when a choice has that
 * intent. Questions are never read as answers from their cues.
 */
export function recognizeChoice(
    lng: Language,
    text: string,
    value: unknown,
    choices: readonly ChoiceOption[],
    options: RecognizeChoiceOptions,
): ChoiceOption | undefined {
    const clicked = clickedValue(value);
    if (clicked !== undefined) {
        const byValue = choices.find((c) => c.value === clicked);
        if (byValue) return byValue;
    }
    const lexicon = lexiconFor(lng);
    const normalized = normalizeText(text);
    if (normalized === '') return undefined;
    const all: ChoiceWords[] = choices.map((choice) => {
        const own = ownPhrasesOf(choice, lexicon);
        return { choice, own, phrases: [...own, ...intentPhrasesOf(choice, lexicon)] };
    });
    const polite = withoutPoliteness(tokensOf(normalized), lexicon);
    const exact = all.find((c) => c.phrases.includes(normalized) || (polite !== '' && c.phrases.includes(polite)));
    if (exact) return exact.choice;
    const held = heldKeyWord(normalized);
    if (held) {
        const stretched = all.find((c) => c.phrases.some((p) => !p.includes(' ') && collapseRepeats(p) === held));
        if (stretched) return stretched.choice;
    }
    // a command word ("nu merge", "helpdesk") is not "nu" plus more: the command takes it
    if (isCommandWord(lexicon, normalized)) return undefined;
    const leaves = (words: string) => {
        const command = words === text && options.command ? options.command() : recognizeCommand(lng, words, { sentences: true });
        return command !== undefined && LEAVING_COMMANDS.has(command.kind);
    };
    const prefixed = options.prefix !== false ? longestPrefixChoice(normalized, all) : undefined;
    if (prefixed && leaves(normalized.split(' ').slice(prefixed.words).join(' '))) return undefined;
    const prefix = prefixed?.choice;
    // "no, it doesn't work", "done but no SMS" start with an answer but report a problem: the
    // sentence reading decides
    if (prefix && !(isPlainAnswer(prefix) && reportsProblem(tokensOf(normalized), lexicon))) return prefix;
    const typo = (options.typos ?? options.sentences) ? closestByTypo(polite || normalized, all.map((c) => ({ item: c.choice, phrases: c.phrases }))) : undefined;
    if (typo) return typo;
    if (!options.sentences) return undefined;
    // The cues of a sentence are the weakest reading: a sentence that leaves the prompt beats them,
    // unless it reports a problem ("non trovo il mio ospedale nel menu a tendina" is no "menu").
    if (leaves(text) && !reportsProblem(tokensOf(normalized), lexicon)) return undefined;
    const sentence = sentenceChoice(lexicon, text, tokensOf(normalized), all);
    if (sentence || !isQuestionLike(text, lexicon)) return sentence;
    // "not yet, how do I do that?": the answer comes first, the question after it
    const clause = firstClause(text);
    return clause !== '' && clause !== text.trim() ? recognizeChoice(lng, clause, undefined, choices, { sentences: true }) : undefined;
}

/**
 * The words report a problem ("it doesn't work", "no SMS"); polite words around them do not
 * ("yes, no problem", "done, no worries").
 */
function reportsProblem(tokens: readonly string[], lexicon: Lexicon): boolean {
    return anyPattern(tokensOf(withoutPoliteness(tokens, lexicon)), lexicon.cues.stuck);
}

/** A plain yes, no or done choice (not one with words of its own, like "member" or "guest"). */
function isPlainAnswer(choice: ChoiceOption): boolean {
    return choice.intent === 'yes' || choice.intent === 'no' || choice.intent === 'done';
}

/** Runs of one letter read as one ("daa" → "da", "yesss" → "yes"). */
function collapseRepeats(word: string): string {
    return word.replace(/(.)\1+/gu, '$1');
}

/**
 * A one-word answer typed with a held key ("daa", "siii", "yesss", "okk"), collapsed for comparing
 * with the words of the choices collapsed alike; undefined when the text is not one such word.
 */
function heldKeyWord(normalized: string): string | undefined {
    if (normalized.includes(' ') || normalized.length > MAX_HELD_KEY_LENGTH) return undefined;
    const collapsed = collapseRepeats(normalized);
    return collapsed !== normalized ? collapsed : undefined;
}

/** The text of a message: typed text, a button's text, or an Adaptive Card's `choice`. */
export function messageText(activity: { text?: string; value?: unknown }): string {
    const text = (activity.text ?? '').trim();
    if (text !== '') return text;
    return clickedValue(activity.value) ?? '';
}

/** The value of a clicked button (`messageBack`/Adaptive Card data `{ choice }`). */
export function clickedValue(value: unknown): string | undefined {
    const choice = (value as { choice?: unknown } | null | undefined)?.choice;
    return typeof choice === 'string' ? choice : undefined;
}

function sentenceChoice(lexicon: Lexicon, text: string, tokens: string[], all: ChoiceWords[]): ChoiceOption | undefined {
    if (tokens.length > MAX_NAMED_ANSWER_WORDS) return undefined;
    if (tokens.length > MAX_SENTENCE_ANSWER_WORDS) return longSentenceChoice(lexicon, text, tokens, all);
    const has = (patterns: readonly Pattern[]) => anyPattern(tokens, patterns);
    // "which networks are there?", "show me the list": a list button takes questions too
    const list = all.find((c) => c.choice.intent === 'list' || c.choice.words?.includes('list'))?.choice;
    if (list && has(lexicon.cues.list)) return list;
    if (isQuestionLike(text, lexicon)) return undefined;
    const negative = has(lexicon.cues.negative);
    const problem = reportsProblem(tokens, lexicon);
    const withIntent = (intent: ChoiceIntent) => all.find((c) => c.choice.intent === intent)?.choice;

    // A choice named inside the sentence: its own words first, then yes/no words; the longest phrase
    // wins, and a tie between choices says nothing.
    const named = namedChoice(tokens, all.map((c) => ({ choice: c.choice, phrases: c.own })));
    const { best, tie } = named.best ? named : namedChoice(tokens, all.map((c) => ({ choice: c.choice, phrases: c.phrases })));
    if (best && !tie) {
        // "I tried but it doesn't work", "lo intenté pero no funciona": a problem, not the "no"
        // (or "yes", "done") its words contain; without a stuck button the stuck command takes it.
        if (isPlainAnswer(best.choice) && problem) return withIntent('stuck');
        // "not a member" names the member choice but means the other one.
        if (negative && best.choice.intent === 'yes' && !containsNegatedPhrase(best.choice, lexicon)) return withIntent('no') ?? undefined;
        if (negative && best.choice.intent === 'done') return undefined;
        return best.choice;
    }
    const stuck = withIntent('stuck');
    if (problem) {
        // "it doesn't work" is not a "no": without a stuck button the stuck command takes it
        return stuck;
    }
    if (negative) return withIntent('no');
    const done = has(lexicon.cues.done);
    const affirmative = has(lexicon.cues.affirmative);
    if (done) return withIntent('done') ?? withIntent('yes');
    if (affirmative) return withIntent('yes') ?? withIntent('done');
    return undefined;
}

/** Word lists every yes/no/done prompt shares: cue words rather than a choice's own name. */
const GENERIC_ANSWER_WORDS: readonly WordKey[] = ['yes', 'no', 'done'];

/** A long sentence's answer: a choice named by its own words, or the stuck choice for a problem (see {@link MAX_NAMED_ANSWER_WORDS}). */
function longSentenceChoice(lexicon: Lexicon, text: string, tokens: string[], all: ChoiceWords[]): ChoiceOption | undefined {
    if (isQuestionLike(text, lexicon)) return undefined;
    const stuck = all.find((c) => c.choice.intent === 'stuck')?.choice;
    if (reportsProblem(tokens, lexicon)) return stuck;
    const { best, tie } = namedChoice(tokens, all.map((c) => ({ choice: c.choice, phrases: c.own })));
    // Only words of their own: the yes, no and done word lists are cues, too weak that far.
    if (!best || tie || (isPlainAnswer(best.choice) && GENERIC_ANSWER_WORDS.some((w) => best.choice.words?.includes(w)))) return undefined;
    // "not a member" names the member choice but means the other one: read as the short rule does.
    return anyPattern(tokens, lexicon.cues.negative) && best.choice.intent === 'yes' && !containsNegatedPhrase(best.choice, lexicon) ? undefined : best.choice;
}

function namedChoice(tokens: readonly string[], all: { choice: ChoiceOption; phrases: readonly string[] }[]): { best?: { choice: ChoiceOption; length: number }; tie: boolean } {
    let best: { choice: ChoiceOption; length: number } | undefined;
    let tie = false;
    for (const { choice, phrases } of all) {
        for (const phrase of phrases) {
            if (!containsPhrase(tokens, phrase) && !containsAllWords(tokens, phrase)) continue;
            const length = phrase.split(' ').length;
            if (!best || length > best.length) {
                best = { choice, length };
                tie = false;
            } else if (length === best.length && best.choice !== choice) {
                tie = true;
            }
        }
    }
    return { best, tie };
}

/**
 * Every word of a phrase of several words, in any order ("HCP panel manager" names "panel manager
 * hcp", "manager de panel pentru ERN" names "manager panel ern").
 */
function containsAllWords(tokens: readonly string[], phrase: string): boolean {
    const words = phrase.split(' ');
    if (words.length < 2 || words.some((w) => w.length < MIN_SENTENCE_WORD_LENGTH)) return false;
    return words.every((w) => tokens.includes(w));
}

/** A choice whose own words are negative ("No, show me how") is not flipped by a negation. */
function containsNegatedPhrase(choice: ChoiceOption, lexicon: Lexicon): boolean {
    return choice.title !== undefined && anyPattern(tokensOf(normalizeText(choice.title)), lexicon.cues.negative);
}

/** Commands that work at any prompt; back, skip and stuck act only inside the guide. */
export type CommandKind = 'menu' | 'start' | 'forget' | 'helpdesk' | 'help' | 'back' | 'skip' | 'stuck' | 'cancel' | 'language';

export interface Command {
    kind: CommandKind;
    /** For `language`: the language named, when one was. */
    language?: Language;
}

export interface RecognizeCommandOptions {
    /** Read whole sentences ("can I speak to someone?"), not only command words. */
    sentences: boolean;
}

/** Exact command words, in the order they are tried. */
const WORD_COMMANDS: readonly CommandKind[] = ['menu', 'start', 'forget', 'helpdesk', 'help', 'back', 'skip', 'cancel'];
/** Sentence intents, in priority order: a person first ("I'm stuck, can I talk to someone?"). */
const SENTENCE_COMMANDS: readonly { kind: CommandKind; intents: ('start' | 'startWish' | 'helpdesk' | 'forget' | 'menu' | 'back' | 'skip' | 'stuck' | 'cancel' | 'help')[]; asQuestion: boolean }[] = [
    { kind: 'helpdesk', intents: ['helpdesk'], asQuestion: true },
    { kind: 'forget', intents: ['forget'], asQuestion: true },
    { kind: 'start', intents: ['start'], asQuestion: true },
    { kind: 'start', intents: ['startWish'], asQuestion: false },
    { kind: 'menu', intents: ['menu'], asQuestion: false },
    { kind: 'back', intents: ['back'], asQuestion: false },
    { kind: 'skip', intents: ['skip'], asQuestion: false },
    { kind: 'stuck', intents: ['stuck'], asQuestion: false },
    { kind: 'cancel', intents: ['cancel'], asQuestion: false },
    { kind: 'help', intents: ['help'], asQuestion: true },
];

/**
 * A command in the message: its exact words ("menu", "helpdesk", "language it", "italiano"), or
 * (with `sentences`) a sentence that asks for it ("can you walk me through getting access?",
 * "vreau să vorbesc cu un operator"). Undefined for anything else.
 */
export function recognizeCommand(lng: Language, text: string, options: RecognizeCommandOptions): Command | undefined {
    const lexicon = lexiconFor(lng);
    const normalized = normalizeText(text);
    if (normalized === '' && !text.includes('?')) return undefined;
    const polite = withoutPoliteness(tokensOf(normalized), lexicon);
    for (const kind of WORD_COMMANDS) if (lexicon.words[kind].includes(normalized) || (polite !== '' && lexicon.words[kind].includes(polite))) return { kind };
    if (text.trim() === '?') return { kind: 'help' };
    // typos only where text is not taken as typed (a name "Mena" is not "menu")
    const typo = options.sentences ? closestByTypo(polite || normalized, WORD_COMMANDS.map((kind) => ({ item: kind, phrases: lexicon.words[kind] }))) : undefined;
    if (typo) return { kind: typo };
    if (matchesPhrases(normalized, lexicon.words.stuck, true)) return { kind: 'stuck' };
    const language = languageCommand(lexicon, normalized) ?? namedInOwnWords(lng, normalized);
    if (language) return language;
    if (!options.sentences) return undefined;
    const tokens = tokensOf(normalized);
    if (tokens.length > MAX_SENTENCE_COMMAND_WORDS) return undefined;
    const question = isQuestionLike(text, lexicon);
    for (const rule of SENTENCE_COMMANDS) {
        if (question && !rule.asQuestion && (rule.intents.includes('startWish') || tokens.length > MAX_SHORT_COMMAND_WORDS)) continue;
        if (rule.intents.some((key) => anyPattern(tokens, lexicon.intents[key]))) return { kind: rule.kind };
    }
    if (anyPattern(tokens, lexicon.intents.language)) return { kind: 'language', language: namedLanguage(tokens) };
    return undefined;
}

/** "language", "language ro", "limba italiana", a language's own name alone, "speak italian please". */
function languageCommand(lexicon: Lexicon, normalized: string): Command | undefined {
    const words = lexicon.words.language;
    if (words.includes(normalized)) return { kind: 'language' };
    const prefix = words.find((w) => normalized.startsWith(`${w} `));
    if (prefix) {
        const named = languageNames().find((n) => n.name === normalized.slice(prefix.length + 1));
        if (named) return { kind: 'language', language: named.language };
    }
    // A language's own name alone, or with a please around it ("Englisch bitte", "română vă rog").
    const polite = withoutPoliteness(tokensOf(normalized), lexicon);
    const bare = languageNames().find((n) => (n.name === normalized || n.name === polite) && n.name.length >= MIN_BARE_NAME);
    if (bare) return { kind: 'language', language: bare.language };
    const tokens = tokensOf(normalized);
    if (tokens.length <= MAX_SHORT_COMMAND_WORDS && anyPattern(tokens, lexicon.intents.languageCue)) {
        const named = requestedLanguage(lexicon, tokens);
        if (named) return { kind: 'language', language: named };
    }
    return undefined;
}

/**
 * A language asked for in its own words while the conversation is in another one ("je parle
 * français", "Ich spreche Deutsch", "Deutsch bitte" to the English bot): only when a language is
 * named, so another language's bare command word never counts.
 */
function namedInOwnWords(lng: Language, normalized: string): Command | undefined {
    for (const other of SUPPORTED_LANGUAGES) {
        if (other === lng) continue;
        const command = languageCommand(lexiconFor(other), normalized);
        if (command?.language !== undefined) return command;
    }
    return undefined;
}

/** Longest word that may stand between a cue and a language's name ("speak to me in German", "parlez-vous anglais"). */
const MAX_LINK_WORD_LENGTH = 4;

/**
 * The language a short sentence asks for: its name next to a cue ("in German", "Deutsch
 * sprechen", "je préfère le français"), at most one short word between them, and no noun after
 * it. "I work in a German hospital" and "lavoro in un ospedale tedesco" name a country's
 * hospital, not the language to speak.
 */
function requestedLanguage(lexicon: Lexicon, tokens: readonly string[]): Language | undefined {
    const cue = (i: number) => i >= 0 && i < tokens.length && anyPattern([tokens[i]], lexicon.intents.languageCue);
    const link = (i: number) => tokens[i].length <= MAX_LINK_WORD_LENGTH;
    const free = (i: number) => i >= tokens.length || cue(i) || link(i) || anyPattern([tokens[i]], lexicon.cues.polite);
    for (const n of languageNames()) {
        if (n.name.length < MIN_BARE_NAME) continue;
        const at = phraseAt(tokens, n.name);
        if (at === undefined) continue;
        const after = at + n.name.split(' ').length;
        const cued = cue(at - 1) || (cue(at - 2) && link(at - 1)) || cue(after);
        if (cued && free(after)) return n.language;
    }
    return undefined;
}

/** A language named by one of its long names inside the tokens. */
function namedLanguage(tokens: readonly string[]): Language | undefined {
    return languageNames().find((n) => n.name.length >= MIN_BARE_NAME && containsPhrase(tokens, n.name))?.language;
}

/** True for a greeting ("hi", "buongiorno", "hello there"). */
export function isGreeting(lng: Language, text: string): boolean {
    return matchesPhrases(normalizeText(text), lexiconFor(lng).words.greeting, true);
}

/**
 * True for thanks or a goodbye as the whole message ("thanks!", "merci beaucoup", "danke,
 * tschüss"): never a prefix, so "thanks, but how do I log in?" is still a question.
 */
export function isThanks(lng: Language, text: string): boolean {
    return !text.includes('?') && matchesPhrases(normalizeText(text), lexiconFor(lng).words.thanks, false);
}

/** True when the whole text is one of a word list ("cancel", "anulează"). */
export function isWord(lng: Language, key: WordKey, text: string | undefined, allowPrefix = false): boolean {
    return text !== undefined && matchesPhrases(normalizeText(text), lexiconFor(lng).words[key], allowPrefix);
}
