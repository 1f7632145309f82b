import Airtable from "airtable";
import { createAirtableStore } from "../../src/airtable/index.js";
import type { AirtableStore } from "../../src/airtable/store.js";
import type { AirtableStoreOptions } from "../../src/airtable/store-options.js";
import {
  type AirtableServer,
  type AirtableServerOptions,
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

/** Starts a local server holding the default schema (no rate limit unless given). */
export const startServer = (
  overrides: Partial<AirtableServerOptions> = {},
): Promise<AirtableServer> =>
  startAirtableServer({ bases: { [BASE]: defaultTestSchema() }, rateLimit: false, ...overrides });

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
    ...rest,
  });
  if (made.isErr()) throw new Error(made.error.message);
  return made.value;
};
