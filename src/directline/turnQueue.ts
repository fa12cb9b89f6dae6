/**
 * Runs tasks one after another per key (conversation), so that two quick messages of one
 * visitor never run as concurrent turns over the same conversation state. Keys vanish from
 * memory as soon as their queue drains.
 */
export class TurnQueue {
    private readonly tails = new Map<string, Promise<void>>();

    run<T>(key: string, task: () => Promise<T>): Promise<T> {
        const previous = this.tails.get(key) ?? Promise.resolve();
        const result = previous.then(task);
        const tail = result.then(
            () => undefined,
            () => undefined,
        );
        this.tails.set(key, tail);
        void tail.then(() => {
            if (this.tails.get(key) === tail) this.tails.delete(key);
        });
        return result;
    }

    /** Number of conversations with a turn running or waiting. */
    get size(): number {
        return this.tails.size;
    }
}
