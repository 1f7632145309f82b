import { describeRunRecordStore } from "../../src/testing/index.js";
import type { AirtableServer } from "../support/airtable/index.js";
import { makeStore, startServer } from "./harness.js";

const servers = new WeakMap<object, AirtableServer>();

describeRunRecordStore({
  name: "airtable (local server, real airtable client)",
  create: async () => {
    const server = await startServer();
    const store = makeStore(server);
    servers.set(store, server);
    return store;
  },
  destroy: async (store) => {
    await store.close?.();
    await servers.get(store)?.close();
  },
  numRuns: 15,
  concurrency: 200,
});

describeRunRecordStore({
  name: "airtable, shared consistency (local server, real airtable client)",
  create: async () => {
    const server = await startServer();
    const store = makeStore(server, { consistency: "shared" });
    servers.set(store, server);
    return store;
  },
  destroy: async (store) => {
    await store.close?.();
    await servers.get(store)?.close();
  },
  numRuns: 10,
  concurrency: 100,
});
