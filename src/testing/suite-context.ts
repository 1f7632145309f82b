import { it } from "vitest";
import type { RunRecordStore, StoreCapabilities } from "../store/port.js";

/** Options of `describeRunRecordStore`. */
export interface DescribeRunRecordStoreOptions {
  /** The suite's title, usually the store's name. */
  readonly name: string;
  /** Makes a fresh, empty store; called once per test (and once per model-based run). */
  readonly create: () => RunRecordStore | Promise<RunRecordStore>;
  /** Releases a store made by `create` (closing connections, stopping servers). */
  readonly destroy?: (store: RunRecordStore) => void | Promise<void>;
  /** Overrides the store's declared capabilities when choosing which cases run. @default the store's own */
  readonly capabilities?: Partial<StoreCapabilities>;
  /** Names of cases (or whole groups) to skip, as shown in the test titles. @default [] */
  readonly skip?: readonly string[];
  /** Registers store-specific tests inside the suite. */
  readonly additionalTests?: (ctx: StoreSuiteContext) => void;
  /** Runs of the model-based test. @default 50 */
  readonly numRuns?: number;
  /** Seed of the model-based test, to replay a failure it printed. */
  readonly seed?: number;
  /** Writes fired at once in the heavy concurrency cases. @default 500 */
  readonly concurrency?: number;
  /** Metric names the store accepts; the cases use the first three. @default profiles_examined, posts_harvested, apify_cost */
  readonly metrics?: readonly string[];
  /**
   * Records created by the complete-lists case (`listClientRuns`, `listRunning`); keep it above 100 so a store that
   * stops after one 100-record page fails. @default 250
   */
  readonly listSize?: number;
  /** Writers of each kind in the conditional-update race (complete-if-running against stale-if-running). @default 50 */
  readonly racers?: number;
}

/** What a group of cases (and `additionalTests`) gets: the options, a store lifecycle, and a case registrar. */
export interface StoreSuiteContext {
  readonly options: DescribeRunRecordStoreOptions;
  /** Three metric names the store accepts. */
  readonly metrics: readonly [string, string, string];
  /** Runs `fn` with a fresh store, destroying it afterwards whatever happens. */
  withStore<T>(fn: (store: RunRecordStore) => Promise<T>): Promise<T>;
  /**
   * Registers a case that gets a fresh store; it is skipped when named in `skip`, or when the store lacks one of
   * the `requires` capabilities.
   */
  test(
    name: string,
    fn: (store: RunRecordStore) => Promise<void>,
    requires?: readonly (keyof StoreCapabilities)[],
  ): void;
}

const DEFAULT_METRICS = ["profiles_examined", "posts_harvested", "apify_cost"] as const;

/**
 * Builds the context shared by every case of one suite.
 * @param options - The suite's options.
 * @param group - The enclosing group's title, so `skip` can name a whole group.
 */
export function createSuiteContext(
  options: DescribeRunRecordStoreOptions,
  group: string,
): StoreSuiteContext {
  const skip = new Set(options.skip ?? []);
  const [m0, m1, m2] = options.metrics ?? DEFAULT_METRICS;
  const metrics: [string, string, string] = [
    m0 ?? DEFAULT_METRICS[0],
    m1 ?? DEFAULT_METRICS[1],
    m2 ?? DEFAULT_METRICS[2],
  ];
  const withStore = async <T>(fn: (store: RunRecordStore) => Promise<T>): Promise<T> => {
    const store = await options.create();
    try {
      return await fn(store);
    } finally {
      await options.destroy?.(store);
    }
  };
  return {
    options,
    metrics,
    withStore,
    test(name, fn, requires = []) {
      const skipped = skip.has(name) || skip.has(group);
      it.skipIf(skipped)(name, async (ctx) => {
        await withStore(async (store) => {
          const capabilities = { ...store.capabilities, ...options.capabilities };
          const missing = requires.filter((flag) => !capabilities[flag]);
          if (missing.length > 0) ctx.skip(`${store.name} lacks ${missing.join(", ")}`);
          await fn(store);
        });
      });
    },
  };
}
