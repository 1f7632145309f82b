import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AirtableStore } from "../../src/airtable/store.js";
import { baseId, clientId, newClientRun, newJob, T0 } from "../../src/testing/fixtures.js";
import { must } from "../../src/testing/must.js";
import type { AirtableServer } from "../support/airtable/index.js";
import { makeStore, startServer } from "./harness.js";

let server: AirtableServer;
let store: AirtableStore;
beforeEach(async () => {
  server = await startServer();
  store = makeStore(server, { flushIntervalMs: 60_000 });
});
afterEach(async () => {
  await store.close();
  await server.close();
});

const job = baseId("251007-070457");
const guy = clientId("Guy-Wilson");

/** Resolves once the server has applied an events-table create that it is holding the answer of. */
const heldEventWrite = async (): Promise<void> => {
  const held = () =>
    server.requests.some((r) => r.table === "Run Events" && r.kind === "create" && r.fault);
  while (!held()) await new Promise((resolve) => setTimeout(resolve, 1));
};

describe("a create asked for while a flush of the same record is in flight", () => {
  it("waits for its own create event, not the flush that was already under way", async () => {
    await must(store.createJob(newJob(job, "j")));
    // A link to a client run not created yet: buffered under that client run's key.
    const link = { provider: "apify", externalId: "8MSTBAfqMzuXPvgB3", runId: job, linkedAt: T0 };
    await must(store.linkExternalRun({ ...link, clientId: guy }));
    server.injectFault({ kind: "delay", ms: 100 }, { table: "Run Events", kind: "create" });
    const flushed = store.flush();
    await heldEventWrite();
    const created = await store.createClientRun(newClientRun(job, guy, "c"));
    expect(created.isOk() && created.value.creationToken).toBe("c");
    await must(flushed);
    expect((await must(makeStore(server).getClientRun(job, guy)))?.creationToken).toBe("c");
  });
});
