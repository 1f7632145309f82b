import Airtable from "airtable";
import {
  type AirtableServer,
  type AirtableServerOptions,
  startAirtableServer,
  type TableSchema,
} from "../../support/airtable/index.js";

/** The base ID the tests use. */
export const BASE = "appTESTBASE000001";

/** A table like Client Run Results, trimmed to one field of each type. */
export const RUNS: TableSchema = {
  fields: {
    "Run ID": { type: "singleLineText" },
    "Client ID": { type: "singleLineText" },
    Status: { type: "singleSelect", options: { choices: ["Running", "Completed", "Failed"] } },
    Stream: { type: "number" },
    "Start Time": { type: "dateTime" },
    "Progress Log": { type: "multilineText" },
    Done: { type: "checkbox" },
    Label: { type: "formula", options: { formula: '{Run ID} & "/" & {Client ID}' } },
  },
};

/** A manual clock for rate-limit windows and createdTime. */
export const manualClock = (start = Date.UTC(2025, 9, 7, 7, 4, 57)) => {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
};

/** Starts a server with the RUNS table (no rate limit unless given) and a client table for it. */
export const startWithClient = async (
  overrides: Partial<AirtableServerOptions> = {},
  clientOptions: { requestTimeout?: number } = {},
): Promise<{
  server: AirtableServer;
  table: Airtable.Table<Airtable.FieldSet>;
  base: Airtable.Base;
}> => {
  const server = await startAirtableServer({
    bases: { [BASE]: { Runs: RUNS } },
    rateLimit: false,
    now: () => Date.UTC(2025, 9, 7, 7, 4, 57), // a fixed clock: no test reads the wall clock
    ...overrides,
  });
  const base = new Airtable({
    apiKey: "patTEST",
    endpointUrl: server.url,
    noRetryIfRateLimited: true,
    requestTimeout: clientOptions.requestTimeout ?? 10_000,
  }).base(BASE);
  return { server, table: base.table("Runs"), base };
};

/** Runs a promise that must reject and returns what it rejected with. */
export const rejection = async (p: Promise<unknown>): Promise<Record<string, unknown>> => {
  try {
    await p;
  } catch (e) {
    return e as Record<string, unknown>;
  }
  throw new Error("expected a rejection");
};
