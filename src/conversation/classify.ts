/**
 * The interruption order, as one pure decision: what a message is at the prompt on screen.
 * 1. an answer of the prompt (a click by its value, its words, sentences of its sense, a name the
 *    catalogue knows at an organisation question);
 * 2. a command that works anywhere ("menu", "can I speak to someone?", "walk me through it");
 * 3. a clear question the FAQ answers confidently (only where questions may interrupt), or a
 *    question of several words it cannot answer (the bot says so instead of asking again as if
 *    the user had not spoken);
 * 4. otherwise not understood: the prompt asks again (or takes the text as free text).
 *
 * The root dialog acts on the result; `npm run bench` and the tests measure it on labelled replies.
 */
import type { CatalogueSearch, SearchOutcome } from '../catalogue';
import type { FaqMatcher, FaqOutcome } from '../faq';
import { Language } from '../i18n';
import { EntityQuery, EntityResult, namesCountryAsWritten, searchInSentence } from './entities';
import { lexiconFor } from './lexicon';
import { normalizeText } from '../text/normalize';
import { ChoiceOption, Command, isExactCommand, isQuestionLike, recognizeChoice, recognizeCommand } from './recognizer';

/** How a prompt reads messages (see dialogs/choicePrompt.ts `PromptKind`). */
export type PromptReading = 'choice' | 'menu' | 'text' | 'entity';

/** The prompt on screen, as far as the decision needs it. */
export interface PromptView {
    options: readonly ChoiceOption[];
    kind?: PromptReading;
    entity?: EntityQuery;
    freeText?: boolean;
}

export type Classified =
    | { kind: 'answer'; option?: ChoiceOption; entity?: EntityResult }
    | { kind: 'command'; command: Command }
    | { kind: 'question'; outcome: Extract<FaqOutcome, { kind: 'answer' | 'medical' | 'unknown' }> }
    | { kind: 'unknown' };

export interface ClassifyInput {
    lng: Language;
    text: string;
    /** The activity's value (a click's `{ choice }`). */
    value?: unknown;
    /** The prompt waiting for an answer, if any. */
    prompt?: PromptView;
    /** False inside the hand-over and the FAQ itself. */
    questionsAllowed: boolean;
    search: CatalogueSearch;
    faq: Pick<FaqMatcher, 'matchStrict'>;
}

/**
 * Fewest words of a question the FAQ cannot answer for the bot to say so at a prompt: shorter
 * question-like text ("Careggi?", "really?") is more likely an unsure answer than a question.
 */
const MIN_UNANSWERED_QUESTION_WORDS = 4;

/** A question of several words (a question mark, or a question word first). */
function isUnansweredQuestion(lng: Language, text: string): boolean {
    return isQuestionLike(text, lexiconFor(lng)) && normalizeText(text).split(' ').length >= MIN_UNANSWERED_QUESTION_WORDS;
}

/** `recognizeCommand` of one message, with or without sentences. */
type CommandReader = (sentences: boolean) => Command | undefined;

/**
 * Reads a message's command once per reading: at an organisation question the answer step asks
 * first (a command sentence beats a button's cue words) and the command step asks again.
 */
function commandReader(lng: Language, text: string): CommandReader {
    const read = new Map<boolean, Command | undefined>();
    return (sentences) => {
        if (!read.has(sentences)) read.set(sentences, recognizeCommand(lng, text, { sentences }));
        return read.get(sentences);
    };
}

/**
 * A name of the catalogue in a message at an organisation question. A language's name inside it
 * ("spital german, la Heidelberg", "ospedale tedesco") is a country's adjective unless the message
 * asks for a language ("switch to German please").
 */
export function searchAnswer(lng: Language, search: CatalogueSearch, query: EntityQuery, text: string, commandOf: CommandReader = commandReader(lng, text)): SearchOutcome<EntityResult> {
    return searchInSentence(search, query, text, { languageNames: commandOf(true)?.kind !== 'language' });
}

/** The button that shows the whole list (of networks, countries or hospitals). */
function isListChoice(option: ChoiceOption): boolean {
    return option.intent === 'list' || option.words?.includes('list') === true;
}

/** True when a prompt of this reading takes sentences as answers, and lets questions interrupt it. */
export function readsSentences(kind: PromptReading | undefined): boolean {
    return kind === undefined || kind === 'choice' || kind === 'entity';
}

/**
 * The answer a prompt takes: at an organisation question its buttons' words, then a name the
 * catalogue knows (a name beats the cues of a sentence: "no, it's ERN-EYE"), then the sense of the
 * sentence ("yes it is"); elsewhere its buttons, words and sentences.
 */
export function recognizeAnswer(
    lng: Language,
    text: string,
    value: unknown,
    prompt: PromptView,
    search: CatalogueSearch,
    commandOf: CommandReader = commandReader(lng, text),
): Extract<Classified, { kind: 'answer' }> | undefined {
    const sentences = readsSentences(prompt.kind);
    const entity = prompt.kind === 'entity' && prompt.entity;
    const sentenceCommand = () => commandOf(true);
    const option = recognizeChoice(lng, text, value, prompt.options, { sentences: sentences && !entity, prefix: sentences && !entity, command: sentenceCommand });
    if (option) return { kind: 'answer', option };
    if (!entity) return undefined;
    // "I can't find ReCONNET in the list, I'm stuck" names the network it cannot find: stuck, not an answer.
    if (text.trim() !== '' && !isQuestionLike(text, lexiconFor(lng)) && !isExactCommand(lng, text) && commandOf(true)?.kind !== 'stuck') {
        const found = searchAnswer(lng, search, entity, text, commandOf);
        // "salta questo" (skip this) is one letter from "Malta": a name read through a typo does
        // not beat a command the sentence asks for; a name as written does ("back to Italy").
        // A country's own name as written is neither ("in Italien" is Italy, not the language).
        const typo = (found.matches[0]?.score ?? 1) > 0 && !(found.matches[0] && namesCountryAsWritten(lng, text, found.matches[0].item));
        if (found.confidence !== 'none' && !(typo && commandOf(true))) return { kind: 'answer', entity: found.matches[0].item };
    }
    // The cues of a sentence are the weakest reading of an answer: a sentence that asks to leave
    // the prompt beats them ("please delete all my data" is forget-me, not the "all countries"
    // button). "I'm stuck" / "I don't know" stay with the prompt, which has its own way out.
    const command = commandOf(true);
    if (command && command.kind !== 'stuck' && command.kind !== 'help') return undefined;
    const byCues = recognizeChoice(lng, text, value, prompt.options, { sentences: true, command: sentenceCommand });
    // At an organisation question "I can't find it, I'm stuck" is not the "other network" of its
    // "not" (the stuck command takes it); "I don't know, can I see them all?" is still the list.
    if (command?.kind === 'stuck' && entity && byCues && byCues.intent !== 'stuck' && !isListChoice(byCues)) return undefined;
    return byCues ? { kind: 'answer', option: byCues } : undefined;
}

export function classifyMessage(input: ClassifyInput): Classified {
    const { lng, text, prompt } = input;
    const commandOf = commandReader(lng, text);
    if (prompt) {
        const answer = recognizeAnswer(lng, text, input.value, prompt, input.search, commandOf);
        if (answer?.option?.command) return { kind: 'command', command: { kind: answer.option.command } };
        // "can a human help me with this?" holds the stuck button's "help", but asks for a person:
        // the helpdesk is the more precise way out, and a sentence naming it takes it.
        if (answer?.option?.intent === 'stuck' && commandOf(true)?.kind === 'helpdesk') return { kind: 'command', command: { kind: 'helpdesk' } };
        if (answer) return answer;
    }
    const command = commandOf(prompt?.kind !== 'text');
    if (command) return { kind: 'command', command };
    if (prompt && readsSentences(prompt.kind) && input.questionsAllowed) {
        const outcome = input.faq.matchStrict(text, lng);
        if (outcome.kind === 'answer' || outcome.kind === 'medical') return { kind: 'question', outcome };
        if (isUnansweredQuestion(lng, text)) return { kind: 'question', outcome: { kind: 'unknown', score: 1 } };
    }
    return { kind: 'unknown' };
}
