import * as fs from 'fs';
import * as path from 'path';
import { z } from 'zod';
import { snowballAlgorithm } from './stemmer';

/** File name of a language's word lists inside its `locales/<lng>/` folder (optional). */
export const LEXICON_FILE = 'faq-lexicon.json';

/**
 * Language knowledge for FAQ matching, read from `locales/<lng>/faq-lexicon.json`: which words
 * carry no meaning, which words and phrases mean the same thing (mapped to one shared concept, so
 * "aprobare", "approval" and "approvazione" meet), what a clinical question or small talk looks
 * like, and what short prompt answers look like. Written in natural surface forms: the matcher
 * normalises and stems them with the same pipeline as the user's text.
 * @remarks A language without the file still works: no concepts or stopwords, only the words of
 * its knowledge base, stemmed by the Snowball stemmer its code maps to (see `stemmer.ts`).
 */
export interface Lexicon {
    /** Snowball algorithm name ("english", "romanian"...); absent = the code's default, if any. */
    stemmer?: string;
    /** Regular expression → replacement, applied to lower-cased text before punctuation is dropped (contractions). */
    rewrites: Array<[string, string]>;
    /** Words dropped before matching (after phrases were found). */
    stopwords: string[];
    /** Words that open a question; the strict matcher needs one of them (or a "?"). */
    questionWords: string[];
    /** Whole-message answers to prompts that must never be read as a question. */
    promptAnswers: string[];
    /** Concept → words and phrases in this language. Phrases of several words match in sequence. */
    concepts: Record<string, string[]>;
    /** Words that ask for clinical advice (treatment, dose, symptoms, diagnosis). */
    medicalTerms: string[];
    /** Drug names (besides the endings of {@link drugNamePattern}). */
    drugs: string[];
    /** Regular expression over a normalised word: drug-name endings with this language's inflections. */
    drugNamePattern?: string;
    /** Small talk and other topics the bot never answers. */
    offTopicTerms: string[];
    /**
     * Other software and systems (mail, Wi-Fi, office tools): a question about them is not about
     * CPMS even when it says "password" or "log in", unless it names CPMS, EU Login or the network.
     */
    otherSystems: string[];
    /**
     * Topics no answer covers, whatever else the message names (fees, prices, reimbursements): "how
     * much is the membership fee to be in the ERN?" names the network and membership, yet none of the
     * answers says a word about money, so the bot declines instead of answering about membership.
     */
    declinedTopics: string[];
    /**
     * Linking elements of compound words ("" and "s" in "Zugang|s|antrag"): when the list is not
     * empty, a word the language does not know that is made of two words it knows is read as those
     * two words. Empty in languages that do not write compounds as one word.
     */
    compoundLinks: string[];
    /**
     * Words that report a step as finished ("done", "ok", "sent", "selected"): a short clause
     * with one of them ("request sent", "EU Login ok") names a step behind the user, not what
     * they ask about, and weighs less (see `DONE_STEP_WEIGHT` in languageModel.ts).
     */
    doneMarkers: string[];
    /**
     * Words that turn from what is behind the user to what they ask ("but", "mais", "aber"): in
     * "EU Login and phone are set up, but I still don't get what an ERN is" the words before the
     * last one are context (see `CONTRAST_FOCUS` in languageModel.ts).
     */
    contrastMarkers: string[];
    /**
     * Words that introduce a place ("in", "aus"), for a language that capitalises nouns: a
     * capitalised word it does not know right after one ("in Obermoosach") is a place name.
     */
    placeWords: string[];
    /**
     * The language capitalises every noun (German): only a capitalised word after a place word is
     * read as a name. Elsewhere, any capitalised word inside a sentence that the language does not
     * know is a name (of a town, a person, a hospital) and says nothing about the question.
     */
    nounsCapitalised: boolean;
}

const words = z.array(z.string().trim().min(1));
const lexiconSchema = z.strictObject({
    stemmer: z.string().optional(),
    rewrites: z.array(z.tuple([z.string(), z.string()])).default([]),
    stopwords: words.default([]),
    questionWords: words.default([]),
    promptAnswers: words.default([]),
    concepts: z.record(z.string().regex(/^[a-z0-9]+$/), words).default({}),
    medicalTerms: words.default([]),
    drugs: words.default([]),
    drugNamePattern: z.string().optional(),
    offTopicTerms: words.default([]),
    otherSystems: words.default([]),
    declinedTopics: words.default([]),
    compoundLinks: z.array(z.string().regex(/^\p{L}*$/u)).default([]),
    doneMarkers: words.default([]),
    contrastMarkers: words.default([]),
    placeWords: words.default([]),
    nounsCapitalised: z.boolean().default(false),
});

/** A language with no lexicon file. */
export const EMPTY_LEXICON: Lexicon = lexiconSchema.parse({});

/** Reads `<localesDir>/<lng>/faq-lexicon.json`, or {@link EMPTY_LEXICON} when the language has none. */
export function loadLexicon(localesDir: string, lng: string): Lexicon {
    const file = path.join(localesDir, lng, LEXICON_FILE);
    if (!fs.existsSync(file)) return EMPTY_LEXICON;
    const result = lexiconSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')) as unknown);
    if (!result.success) throw new Error(`${file}: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    try {
        for (const [pattern] of result.data.rewrites) new RegExp(pattern, 'gu');
        if (result.data.drugNamePattern) new RegExp(result.data.drugNamePattern, 'u');
        snowballAlgorithm(lng, result.data.stemmer);
    } catch (err) {
        throw new Error(`${file}: ${(err as Error).message}`);
    }
    return result.data;
}

/*
 * The constants below name concepts (the keys of `concepts`), shared by every language; they are
 * the matcher's rules over concepts, not words of a language.
 */

/**
 * Concepts that make a message about CPMS access; with one of them, clinical words or small-talk
 * words do not make the question out of scope ("which diseases does ReCONNET treat"). Only
 * concepts clinical questions do not use: "ask for" / "order" (tests) appear in them too, so it
 * does not count ("ce analize cer", "che esami richiedo"). A hospital does count: hospital names
 * typed at the menu ("Cardiac Surgery Centre") must reach the catalogue, not the medical notice.
 */
export const DOMAIN_CONCEPTS = [
    'cpms', 'eulogin', 'ern', 'reconnet', 'helpdesk', 'panel', 'account', 'access', 'role', 'signin', 'password',
    'browser', 'guest', 'member', 'twofactor', 'phone', 'app', 'approval', 'privacy', 'platform', 'ecp', 'code', 'hospital',
    'video', 'cpms2', 'sms', 'form', 'hp', 'coordinator', 'dispatcher', 'panelmanager', 'researcher',
    'confirmemail', 'patientself',
] as const;

/**
 * Domain concepts that only say where or which network: small talk about the hospital or the
 * network ("is there parking near the hospital", "when is the next ReCONNET webinar") stays small
 * talk, so these alone do not lift the off-topic flag (they still keep a hospital name typed at the
 * menu out of the medical notice). ERN and ReCONNET joined the hospital on the second
 * conversational set (declines 89.0 → 89.7 %, top-1 unchanged).
 */
export const PLACE_CONCEPTS: readonly string[] = ['hospital', 'ern', 'reconnet'];

/** Concepts that name CPMS, its gate or the network: the goal a "what next?" clause may name. */
export const ANCHOR_CONCEPTS = ['cpms', 'cpms2', 'eulogin', 'ern', 'reconnet', 'ecp'] as const;

/**
 * CPMS and its gate by name: with one of them, another system's name is only context ("my Outlook
 * address for EU Login"). The network is no such anchor: "how do I set up Outlook for the
 * network's meetings" is about Outlook (sixth set: declines +1, top-1 −1 of 6,496 tune rows).
 */
export const SYSTEM_ANCHOR_CONCEPTS: readonly string[] = ['cpms', 'cpms2', 'eulogin'];

/**
 * The guide's steps in order, each an FAQ entry with the concepts that name it as done ("EU Login
 * created", "phone added", "request sent with HP"). A message that names steps behind the user
 * and asks only for the next one ("..., what now?") is answered with the entry after the last
 * step it names: the step it names is what the user no longer needs.
 */
export const JOURNEY: ReadonlyArray<{ entry: string; doneConcepts: readonly string[]; notWith?: readonly string[] }> = [
    { entry: 'eu-login-create', doneConcepts: ['eulogin', 'account', 'create', 'confirmemail', 'password'] },
    { entry: 'two-factor', doneConcepts: ['twofactor', 'phone', 'sms', 'app'] },
    { entry: 'request-access', doneConcepts: ['request', 'role', 'hp', 'form'] },
    // "Confirmed" or "validated" next to the account or the code is that step's, not the approval.
    { entry: 'approval-time', doneConcepts: ['approval'], notWith: ['account', 'create', 'confirmemail', 'password', 'twofactor', 'phone', 'sms', 'app', 'code'] },
    { entry: 'login', doneConcepts: [] },
];
/** The concept of "what now?", "next step" (see {@link JOURNEY}). */
export const NEXT_CONCEPT = 'next';
/** Concepts that say something went wrong ("isn't there", "can't", "lost"): see {@link JOURNEY}. */
export const PROBLEM_CONCEPTS = ['missing', 'cannot', 'not', 'lost', 'forgot', 'locked', 'display'] as const;

/**
 * Concepts that only qualify a topic ("old" CPMS or phone, "only" for doctors, the "link" to a
 * page): a message made of nothing else is never answered outright, at most "did you mean".
 */
export const QUALIFIER_CONCEPTS = ['old', 'only', 'url', 'rights', 'crossborder'] as const;

/**
 * Concepts with a negated form of their own: "not" followed within {@link NEGATION_WINDOW} words
 * by the concept means the negated one ("not an ERN member" → nonmember, not "member").
 */
export const NEGATED_CONCEPTS: Record<string, string> = { member: 'nonmember' };
export const NEGATION_CONCEPT = 'not';
export const NEGATION_WINDOW = 3;
/**
 * Concepts of network membership: "not" keeps its full weight only when one follows it within a
 * few words ("not in any ERN", "no network has my hospital"); elsewhere it weighs less (see
 * `UNSCOPED_NEGATION_WEIGHT` and `MEMBERSHIP_NEGATION_WINDOW` in languageModel.ts).
 */
export const MEMBERSHIP_CONCEPTS = ['ern', 'reconnet', 'member', 'nonmember'] as const;
