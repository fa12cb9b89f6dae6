/**
 * The language detection behind the offer to switch language (src/languageDetection.ts), measured
 * on the texts of the labelled FAQ sets, each written in a known language: the `tune` split chose
 * MIN_WORDS_FOR_DETECTION and MIN_DETECTION_ACCURACY, the `unseen` split is only measured.
 *
 * For every text: as if the bot spoke its language (an offer would be a false one), and as if it
 * spoke each of the five others (an offer of the text's language is right, of another one wrong).
 */
import * as fs from 'fs';
import * as path from 'path';
import { detectLanguage, languageWords } from '../src/languageDetection';
import { SUPPORTED_LANGUAGES } from '../src/i18n';

interface Row {
    lang: string;
    text: string;
    split: 'tune' | 'unseen';
}

const FAQ_SETS = ['labelled-fr-de-es.json', 'labelled-conversational.json'];

function rows(): Row[] {
    return FAQ_SETS.flatMap((file) => (JSON.parse(fs.readFileSync(path.join(__dirname, 'faq', file), 'utf8')) as { rows: Row[] }).rows);
}

interface Figures {
    texts: number;
    /** Texts the detector names at all (enough words, confident). */
    named: number;
    /** Of those, named right. */
    right: number;
    /** The bot speaks the text's language and would still offer another one. */
    falseOffers: number;
    /** The bot speaks another language and would offer the text's language. */
    offersRight: number;
    offersWrong: number;
    otherPairs: number;
}

function measure(subset: readonly Row[]): Figures {
    const f: Figures = { texts: subset.length, named: 0, right: 0, falseOffers: 0, offersRight: 0, offersWrong: 0, otherPairs: 0 };
    for (const row of subset) {
        const detected = detectLanguage(row.text);
        if (detected) f.named++;
        if (detected === row.lang) f.right++;
        if (detected && detected !== row.lang) f.falseOffers++;
        for (const current of SUPPORTED_LANGUAGES.filter((l) => l !== row.lang)) {
            f.otherPairs++;
            if (detected === row.lang) f.offersRight++;
            else if (detected && detected !== current) f.offersWrong++;
        }
    }
    return f;
}

const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)} %`;

function report(split: string, f: Figures): string {
    return `${split}: ${f.texts} texts, named ${pct(f.named, f.texts)}, right when named ${pct(f.right, f.named)}; false offers ${pct(f.falseOffers, f.texts)}, offer of the written language when the bot speaks another ${pct(f.offersRight, f.otherPairs)}, offer of a third language ${pct(f.offersWrong, f.otherPairs)}`;
}

describe('language detection on the labelled FAQ texts', () => {
    const all = rows();

    test('the sets cover the six languages in both splits', () => {
        for (const split of ['tune', 'unseen'] as const) {
            const langs = new Set(all.filter((r) => r.split === split).map((r) => r.lang));
            expect([...langs].sort()).toEqual(['de', 'en', 'es', 'fr', 'it', 'ro']);
        }
    });

    test.each(['tune', 'unseen'] as const)('%s split: few false offers, most texts in another language recognised', (split) => {
        const figures = measure(all.filter((r) => r.split === split));
        console.log(report(split, figures));
        // Measured: tune 2.3 % false offers, 66 % of the written language offered; unseen 3.4 % and 70 %.
        expect(figures.falseOffers / figures.texts).toBeLessThan(0.04);
        expect(figures.right / figures.named).toBeGreaterThan(0.94);
        expect(figures.offersRight / figures.otherPairs).toBeGreaterThan(0.6);
    });

    test.each([
        ['Hallo, wie bekomme ich Zugang zu CPMS?', 'de'],
        ["Bonjour, je n'arrive pas à ajouter mon téléphone dans EU Login", 'fr'],
        ['¿Cuánto tiempo tarda la aprobación de la solicitud?', 'es'],
        ['Buongiorno, come posso richiedere un account ospite?', 'it'],
        ['Bună ziua, nu primesc codul prin SMS de la EU Login', 'ro'],
        ['How long does it take before my request is approved?', 'en'],
    ])('"%s" is %s', (text, lng) => {
        expect(detectLanguage(text)).toBe(lng);
    });

    test.each(['ok merci', 'Sprache', 'EU Login', 'Azienda Ospedaliero Universitaria Careggi Firenze', 'IT13 AOU Careggi', 'name@hospital.org https://cpms.ern-net.eu/login/'])(
        '"%s" says too little to guess',
        (text) => {
            expect(detectLanguage(text)).toBeUndefined();
        },
    );

    test('names of hospitals and cities do not count as words of a language', () => {
        expect(languageWords('Ich arbeite im Universitätsklinikum München')).toEqual(['ich', 'arbeite', 'im']);
    });
});
