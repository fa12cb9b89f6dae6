/** Types of the `snowball-stemmers` package (JavaScript ports of the Snowball stemmers), which ships none. */
declare module 'snowball-stemmers' {
    export interface SnowballStemmer {
        stem(word: string): string;
    }
    /** Algorithm names: "english", "romanian", "italian", "french", "german", "spanish"... */
    export function algorithms(): string[];
    export function newStemmer(algorithm: string): SnowballStemmer;
}
