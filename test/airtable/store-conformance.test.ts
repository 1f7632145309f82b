import { describeRunRecordStore } from "../../src/testing/index.js";
import type { AirtableServer, AirtableServerOptions } from "../support/airtable/index.js";
import { makeStore, sameSecondRandomIds, startServer } from "./harness.js";

const servers = new WeakMap<object, AirtableServer>();
let seed = 0;

const suite = (
  name: string,
  consistency: "process" | "shared",
  server: () => Partial<AirtableServerOptions>,
  runs: { numRuns: number; concurrency: number },
) =>
  describeRunRecordStore({
    name,
    create: async () => {
      const started = await startServer(server());
      const store = makeStore(started, { consistency });
      servers.set(store, started);
      return store;
    },
    destroy: async (store) => {
      await store.close?.();
      await servers.get(store)?.close();
    },
    ...runs,
  });

suite("airtable (local server, real airtable client)", "process", () => ({}), {
  numRuns: 15,
  concurrency: 200,
});

suite("airtable, shared consistency (local server, real airtable client)", "shared", () => ({}), {
  numRuns: 10,
  concurrency: 100,
});

// As on real Airtable: random record IDs and many events per createdTime second, so only the
// Seq autoNumber orders them.
suite(
  "airtable, random record IDs in one second (local server, real airtable client)",
  "process",
  () => sameSecondRandomIds(++seed),
  { numRuns: 10, concurrency: 100 },
);

suite(
  "airtable, shared consistency, random record IDs in one second (local server, real airtable client)",
  "shared",
  () => sameSecondRandomIds(1000 + ++seed),
  { numRuns: 10, concurrency: 100 },
);
