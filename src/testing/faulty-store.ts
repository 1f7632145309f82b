import { errAsync, okAsync, ResultAsync } from "neverthrow";
import type { RunRecordStore } from "../store/port.js";
import type { StoreError } from "../store/store-error.js";
import { createSeededRandom } from "./seeded-random.js";

/** The store methods a {@link FaultyStore} can intercept. */
export type StoreMethod =
  | "createJob"
  | "getJob"
  | "updateJob"
  | "createClientRun"
  | "getClientRun"
  | "listClientRuns"
  | "updateClientRun"
  | "listJobs"
  | "listRunning"
  | "linkExternalRun"
  | "resolveExternalRun";

/** One intercepted call, as passed to a `delayMs` function. */
export interface FaultyCall {
  readonly method: StoreMethod;
  /** 0-based position of this call among all calls made through the wrapper. */
  readonly index: number;
  readonly write: boolean;
}

/** What to inject, and the randomness and sleep to do it with. */
export interface FaultOptions {
  /** Fraction of calls that fail before reaching the store (`unavailable`, outcome `not-applied`). @default 0 */
  readonly failRate?: number;
  /** Fraction of the remaining write calls applied to the store, then answered `unavailable` with outcome `unknown`. @default 0 */
  readonly failAfterWriteRate?: number;
  /** Delay before each call reaches the store, fixed or per call. @default 0 */
  readonly delayMs?: number | ((call: FaultyCall) => number);
  /** Source of randomness in [0, 1); one draw per call, plus one more per write that reaches the store. @default a PRNG seeded with `seed` */
  readonly random?: () => number;
  /** Seed of the default PRNG (ignored when `random` is given). @default 1 */
  readonly seed?: number;
  /** How to wait `delayMs`. @default a `setTimeout` promise */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Counts of what a {@link FaultyStore} did. */
export interface FaultStats {
  /** Calls received. */
  readonly calls: number;
  /** Calls failed before reaching the store. */
  readonly injectedFailures: number;
  /** Writes applied to the store but answered with an `unknown` outcome. */
  readonly unknownOutcomes: number;
}

/** A store that injects faults into another, with counts of what it injected. */
export interface FaultyStore extends RunRecordStore {
  /** A copy of the counts so far. */
  readonly stats: FaultStats;
  /** The wrapped store, for checking what really got written. */
  readonly inner: RunRecordStore;
}

const WRITES: ReadonlySet<StoreMethod> = new Set([
  "createJob",
  "updateJob",
  "createClientRun",
  "updateClientRun",
  "linkExternalRun",
]);

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Wraps a store so a fraction of calls fail, are delayed, or are applied and then reported as failed (unknown outcome),
 * for proving that the service's retries keep records exact.
 * @param store - The store to wrap; its capabilities are passed through unchanged.
 * @param options - Rates, delays, and injected randomness.
 * @returns The wrapping store.
 */
export function createFaultyStore(store: RunRecordStore, options: FaultOptions = {}): FaultyStore {
  const random = options.random ?? createSeededRandom(options.seed ?? 1);
  const sleep = options.sleep ?? defaultSleep;
  const failRate = options.failRate ?? 0;
  const failAfterWriteRate = options.failAfterWriteRate ?? 0;
  let calls = 0;
  let injectedFailures = 0;
  let unknownOutcomes = 0;

  // Injected functions (random, delayMs, sleep) and the wrapped store may throw synchronously;
  // the wrapper answers `rejected` instead, as every store must.
  function intercept<T>(
    method: StoreMethod,
    forward: () => ResultAsync<T, StoreError>,
  ): ResultAsync<T, StoreError> {
    try {
      return interceptUnguarded(method, () => {
        try {
          return forward();
        } catch (cause) {
          return errAsync(rejected(`${method}: the wrapped store threw`, cause));
        }
      });
    } catch (cause) {
      return errAsync(rejected(`${method}: an injected function threw`, cause));
    }
  }

  function interceptUnguarded<T>(
    method: StoreMethod,
    forward: () => ResultAsync<T, StoreError>,
  ): ResultAsync<T, StoreError> {
    const call: FaultyCall = { method, index: calls++, write: WRITES.has(method) };
    // Decide up front so the draws follow call order, not the order delays happen to finish in.
    const failBefore = random() < failRate;
    const failAfter = !failBefore && call.write && random() < failAfterWriteRate;
    if (failBefore) injectedFailures++;
    const delay =
      typeof options.delayMs === "function" ? options.delayMs(call) : (options.delayMs ?? 0);
    const waited =
      delay > 0
        ? ResultAsync.fromPromise(sleep(delay), (cause) =>
            unavailable(`${method}: sleep failed`, "not-applied", cause),
          )
        : okAsync(undefined);
    return waited.andThen(() => {
      if (failBefore) return errAsync(unavailable(`${method}: injected failure`, "not-applied"));
      return forward().andThen((value) => {
        if (!failAfter) return okAsync(value);
        unknownOutcomes++;
        return errAsync(unavailable(`${method}: injected failure after the write`, "unknown"));
      });
    });
  }

  const { flush, close } = store;
  return {
    name: `faulty(${store.name})`,
    capabilities: store.capabilities,
    inner: store,
    get stats(): FaultStats {
      return { calls, injectedFailures, unknownOutcomes };
    },
    createJob: (job) => intercept("createJob", () => store.createJob(job)),
    getJob: (runId) => intercept("getJob", () => store.getJob(runId)),
    updateJob: (runId, change) => intercept("updateJob", () => store.updateJob(runId, change)),
    createClientRun: (run) => intercept("createClientRun", () => store.createClientRun(run)),
    getClientRun: (runId, clientId) =>
      intercept("getClientRun", () => store.getClientRun(runId, clientId)),
    listClientRuns: (runId) => intercept("listClientRuns", () => store.listClientRuns(runId)),
    updateClientRun: (runId, clientId, change) =>
      intercept("updateClientRun", () => store.updateClientRun(runId, clientId, change)),
    listJobs: (query) => intercept("listJobs", () => store.listJobs(query)),
    listRunning: () => intercept("listRunning", () => store.listRunning()),
    linkExternalRun: (link) => intercept("linkExternalRun", () => store.linkExternalRun(link)),
    resolveExternalRun: (provider, externalId) =>
      intercept("resolveExternalRun", () => store.resolveExternalRun(provider, externalId)),
    ...(flush ? { flush: () => flush.call(store) } : {}),
    ...(close ? { close: () => close.call(store) } : {}),
  };
}

function rejected(message: string, cause: unknown): StoreError {
  return { type: "rejected", message, cause };
}

function unavailable(
  message: string,
  outcome: "not-applied" | "unknown",
  cause?: unknown,
): StoreError {
  return { type: "unavailable", message, outcome, ...(cause === undefined ? {} : { cause }) };
}
