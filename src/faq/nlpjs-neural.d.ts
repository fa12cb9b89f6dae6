/** Types of `@nlpjs/neural` (NLP.js's neural network classifier), which ships none. */
declare module '@nlpjs/neural' {
    export interface NeuralNetworkSettings {
        iterations?: number;
        errorThresh?: number;
        deltaErrorThresh?: number;
        learningRate?: number;
        momentum?: number;
        alpha?: number;
        log?: boolean;
    }
    export interface TrainingItem {
        input: Record<string, number>;
        output: Record<string, number>;
    }
    export class NeuralNetwork {
        constructor(settings?: NeuralNetworkSettings);
        readonly isRunnable: boolean;
        train(corpus: TrainingItem[]): { error: number; iterations: number };
        run(input: Record<string, number>): Record<string, number> | undefined;
    }
}
