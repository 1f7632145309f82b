/** Runs async tasks one at a time per key; a key's entry is removed as soon as its queue drains. */
export interface KeyedLock {
  /** Runs `task` after every earlier task of `key` has settled. */
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
  /** Keys with a task queued or running (for tests and the memory benchmark). */
  readonly size: () => number;
}

/** Creates an in-process keyed lock whose map holds only keys that are busy right now. */
export const createKeyedLock = (): KeyedLock => {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, task: () => Promise<T>): Promise<T> {
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.then(task, task);
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, tail);
      // Only the last task of a queue may delete the entry; an earlier one would drop a later waiter.
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
    size: () => tails.size,
  };
};
