import { NeuralNetwork } from '@nlpjs/neural';
import type { Analysis } from './languageModel';

/**
 * Training rounds of the classifier: 10, 30, 100 and 1000 rounds rank the tune sets alike
 * (measured with the band sweep of `npm run bench`); fewer rounds keep start-up short.
 */
export const CLASSIFIER_ITERATIONS = 20;

/** One training phrasing: its features and the entry it asks for. */
export interface TrainingExample {
    features: Record<string, number>;
    id: string;
}

/**
 * The features of a message: its concepts (`#approval`, shared by every language) and the stems
 * of knowledge-base words, each weighted by its clause (context clauses weigh less).
 */
export function featuresOf(analysis: Analysis): Record<string, number> {
    const features: Record<string, number> = {};
    for (const t of analysis.terms) features[t] = analysis.termWeights.get(t) ?? 1;
    return features;
}

/**
 * A text classifier over the matcher's features, trained at start-up on every phrasing and
 * keyword of the knowledge base in every language at once: concepts are shared, so a French
 * phrasing also teaches the Romanian reading. NLP.js's neural network (one perceptron per entry).
 */
export class IntentClassifier {
    private readonly net: NeuralNetwork;

    constructor(examples: readonly TrainingExample[], iterations: number = CLASSIFIER_ITERATIONS) {
        this.net = new NeuralNetwork({ log: false, iterations });
        const corpus = examples
            .filter((e) => Object.keys(e.features).length > 0)
            .map((e) => ({ input: e.features, output: { [e.id]: 1 } }));
        if (corpus.length > 0) this.net.train(corpus);
    }

    /** Each entry's share of the network's output for these features (sums to 1, or empty). */
    classify(features: Record<string, number>): Map<string, number> {
        const shares = new Map<string, number>();
        if (!this.net.isRunnable || Object.keys(features).length === 0) return shares;
        const out = this.net.run(features) ?? {};
        const total = Object.values(out).reduce((a, b) => a + b, 0);
        if (total <= 0) return shares;
        for (const [id, v] of Object.entries(out)) shares.set(id, v / total);
        return shares;
    }
}
