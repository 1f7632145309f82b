import Airtable from "airtable";
import { createAirtableStore } from "../../src/airtable/index.js";
import type { AirtableStore } from "../../src/airtable/store.js";
import type { AirtableStoreOptions } from "../../src/airtable/store-options.js";
import { createSeededRandom } from "../../src/testing/seeded-random.js";
import {
  type AirtableServer,
  type AirtableServerOptions,
  type Fault,
  randomRecordIds,
  startAirtableServer,
} from "../support/airtable/index.js";
import { defaultTestSchema } from "../support/airtable-schema.js";

/** The base ID of every Airtable store test. */
export const BASE = "appRUNRECORDS0001";

/** A base built the way the store requires: no built-in 429 retry, a request timeout. */
export const makeBase = (server: AirtableServer, requestTimeout = 10_000): Airtable.Base =>
  new Airtable({
    apiKey: "patTEST",
    endpointUrl: server.url,
    noRetryIfRateLimited: true,
    requestTimeout,
  }).base(BASE);

/**
 * Server options that behave like real Airtable where commit order is concerned: random record IDs
 * and a clock frozen inside one second, so every event shares one createdTime and neither it nor
 * the record ID tells which event was committed first.
 * @param seed seed of the record ID generator
 */
export const sameSecondRandomIds = (seed: number): Partial<AirtableServerOptions> => ({
  idGenerator: randomRecordIds(createSeededRandom(seed)),
  now: () => Date.UTC(2025, 9, 7, 7, 4, 57, 500),
});

/**
 * A virtual clock for tests: it stands still until something sleeps, and a sleep moves it on and
 * resolves at once, so no test reads the wall clock and rate-limit or backoff waits cost nothing.
 */
export interface VirtualClock {
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

/** Makes a virtual clock starting at `start` (epoch ms). */
export const createVirtualClock = (start = Date.UTC(2025, 9, 7, 7, 4, 57)): VirtualClock => {
  let t = start;
  return {
    now: () => t,
    sleep: async (ms) => {
      t += Math.max(0, ms);
      await new Promise<void>((resolve) => setImmediate(resolve));
    },
  };
};

// The clock each server and the stores made on it share, unless a test brings its own.
const clocks = new WeakMap<AirtableServer, VirtualClock>();

/** Starts a local server holding the default schema (no rate limit unless given). */
export const startServer = async (
  overrides: Partial<AirtableServerOptions> = {},
): Promise<AirtableServer> => {
  const clock = createVirtualClock();
  const server = await startAirtableServer({
    bases: { [BASE]: defaultTestSchema() },
    rateLimit: false,
    now: clock.now,
    ...overrides,
  });
  clocks.set(server, clock);
  return server;
};

/** Makes a store on `server`; fast defaults for tests (high rate limit, no backoff waits). */
export const makeStore = (
  server: AirtableServer,
  options: Partial<AirtableStoreOptions> & { requestTimeout?: number } = {},
): AirtableStore => {
  const { requestTimeout, ...rest } = options;
  const made = createAirtableStore({
    base: makeBase(server, requestTimeout),
    rateLimit: 1000,
    retry: { attempts: 6, baseDelayMs: 1, maxDelayMs: 5, rateLimitedDelayMs: 5 },
    flushIntervalMs: 20,
    lingerMs: 1,
    ...clocks.get(server),
    ...rest,
  });
  if (made.isErr()) throw new Error(made.error.message);
  return made.value;
};

/**
 * Queues `count` faults on `server`: each request gets one of the fault kinds below with
 * probability `rate`, otherwise a zero delay (a no-fault placeholder, so the queue stays aligned).
 */
export const queueRandomFaults = (
  server: AirtableServer,
  random: () => number,
  count: number,
  rate = 0.3,
): void => {
  const kinds: Fault[] = [
    { kind: "status", status: 500 },
    { kind: "status", status: 503 },
    { kind: "status", status: 429 },
    { kind: "drop-after-apply" },
    { kind: "drop-before-apply" },
    { kind: "delay", ms: 700 },
  ];
  for (let i = 0; i < count; i++) {
    server.injectFault(
      random() < rate
        ? (kinds[Math.floor(random() * kinds.length)] as Fault)
        : { kind: "delay", ms: 0 },
    );
  }
};
