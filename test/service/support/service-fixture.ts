import { createMemoryStore } from "../../../src/memory/memory-store.js";
import {
  createRunRecordService,
  type RunRecordServiceOptions,
} from "../../../src/service/index.js";
import type { RunRecordStore } from "../../../src/store/port.js";

/** 2025-10-07T07:04:57Z, the moment of the base run ID used throughout. */
export const T0 = Date.UTC(2025, 9, 7, 7, 4, 57);
export const BASE = "251007-070457";
export const HOUR = 3_600_000;

/** A manual clock for tests: never reads the wall clock. */
export interface ManualClock {
  readonly now: () => number;
  set(ms: number): void;
  advance(ms: number): void;
}

/** A clock frozen at `start` until moved. */
export const manualClock = (start = T0): ManualClock => {
  let t = start;
  return {
    now: () => t,
    set: (ms) => {
      t = ms;
    },
    advance: (ms) => {
      t += ms;
    },
  };
};

/** A service over `store` (a fresh memory store by default) with a manual clock and instant retries. */
export const serviceFixture = (
  store: RunRecordStore = createMemoryStore(),
  options: Partial<RunRecordServiceOptions> = {},
) => {
  const clock = manualClock();
  let tokenCounter = 0;
  const service = createRunRecordService({
    store,
    now: clock.now,
    sleep: () => Promise.resolve(),
    random: () => 0.5,
    tokens: () => `t${++tokenCounter}`,
    ...options,
  });
  return { service, store, clock };
};

/** Unwraps an ok result, failing the test with the error otherwise. */
export const ok = async <T, E>(
  result: PromiseLike<import("neverthrow").Result<T, E>>,
): Promise<T> => {
  const r = await result;
  if (r.isErr()) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
};

/** Unwraps an error result, failing the test when it is ok. */
export const fail = async <T, E>(
  result: PromiseLike<import("neverthrow").Result<T, E>>,
): Promise<E> => {
  const r = await result;
  if (r.isOk()) throw new Error(`expected an error, got ${JSON.stringify(r.value)}`);
  return r.error;
};
