import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { EventOp } from "../../src/airtable/event-codec.js";
import type { AirtableStore } from "../../src/airtable/store.js";
import { baseId, clientId, newClientRun, newJob, T0 } from "../../src/testing/fixtures.js";
import { must } from "../../src/testing/must.js";
import { type AirtableServer, startAirtableServer } from "../support/airtable/index.js";
import { defaultTestSchema } from "../support/airtable-schema.js";
import {
  BASE,
  createVirtualClock,
  makeStore,
  sameSecondRandomIds,
  startServer,
} from "./harness.js";

// Random record IDs and one createdTime for every event: only the Seq autoNumber tells the commit
// order, which the server's rows (kept in creation order) show the test.
let server: AirtableServer;
let a: AirtableStore;
let b: AirtableStore;
beforeEach(async () => {
  server = await startServer(sameSecondRandomIds(3));
});
afterEach(async () => {
  await a.close();
  await b.close();
  await server.close();
});

const job = baseId("251007-070457");
const N = 12;

/** Every op in the events table, in the order the base committed them. */
const committedOps = (): EventOp[] =>
  server
    .records(BASE, "Run Events")
    .flatMap((row) => JSON.parse(String(row.fields.Changes)) as EventOp[]);

describe("events committed in the same second fold in commit order, whatever their record IDs", () => {
  it("is what the server shows: one createdTime, IDs out of order, Seq in order", async () => {
    a = makeStore(server);
    b = makeStore(server);
    for (let i = 0; i < N; i++)
      await must(a.createJob(newJob(baseId(`251007-0705${10 + i}`), "j")));
    const rows = server.records(BASE, "Run Events");
    expect(new Set(rows.map((r) => r.createdTime)).size).toBe(1);
    expect(rows.map((r) => r.fields.Seq)).toEqual(rows.map((_, i) => i + 1));
    const ids = rows.map((r) => r.id);
    expect([...ids].sort()).not.toEqual(ids);
  });

  it("racing creates: every answer and a fresh reader name the first committed create", async () => {
    a = makeStore(server, { name: "a" });
    b = makeStore(server, { name: "b" });
    const jobs = Array.from({ length: N }, (_, i) => baseId(`251007-0706${10 + i}`));
    const answers = await Promise.all(
      jobs.flatMap((id) => [
        must(a.createJob(newJob(id, `a-${id}`))),
        must(b.createJob(newJob(id, `b-${id}`))),
      ]),
    );
    const fresh = makeStore(server);
    const creates = committedOps().filter((op) => op.t === "create");
    for (const [i, id] of jobs.entries()) {
      const first = creates.find((op) => op.record.runId === id)?.token;
      expect(first).toBeDefined();
      expect([answers[2 * i]?.creationToken, answers[2 * i + 1]?.creationToken]).toEqual([
        first,
        first,
      ]);
      expect((await must(fresh.getJob(id)))?.creationToken).toBe(first);
    }
    await fresh.close();
  });

  it("racing links (shared consistency): every answer and a fresh reader name the first committed claim", async () => {
    a = makeStore(server, { name: "a", consistency: "shared" });
    b = makeStore(server, { name: "b", consistency: "shared" });
    const guy = clientId("Guy-Wilson");
    const dean = clientId("Dean-Hobin");
    await must(a.createJob(newJob(job, "j")));
    await must(a.createClientRun(newClientRun(job, guy, "g")));
    await must(a.createClientRun(newClientRun(job, dean, "d")));
    const externalIds = Array.from({ length: N }, (_, i) => `run${i}XqMzuXPvgB3`);
    const link = { provider: "apify", runId: job, linkedAt: T0 };
    const answers = await Promise.all(
      externalIds.flatMap((externalId) => [
        must(a.linkExternalRun({ ...link, externalId, clientId: guy })),
        must(b.linkExternalRun({ ...link, externalId, clientId: dean })),
      ]),
    );
    const fresh = makeStore(server);
    const claims = committedOps().filter((op) => op.t === "link");
    for (const [i, externalId] of externalIds.entries()) {
      const first = claims.find((op) => op.link.externalId === externalId)?.link.clientId;
      expect(first).toBeDefined();
      expect([answers[2 * i]?.clientId, answers[2 * i + 1]?.clientId]).toEqual([first, first]);
      expect((await must(fresh.resolveExternalRun("apify", externalId)))?.clientId).toBe(first);
    }
    await fresh.close();
  });

  it("racing ifStatus completions (shared consistency): exactly the first committed one applies", async () => {
    a = makeStore(server, { name: "a", consistency: "shared" });
    b = makeStore(server, { name: "b", consistency: "shared" });
    await must(a.createJob(newJob(job, "j")));
    const clients = Array.from({ length: N }, (_, i) => clientId(`Client-${i}`));
    for (const c of clients) await must(a.createClientRun(newClientRun(job, c, `c-${c}`)));
    for (const c of clients) await must(b.getClientRun(job, c));
    const end = (store: AirtableStore, c: (typeof clients)[number], who: string) =>
      store.updateClientRun(job, c, {
        token: `end-${who}-${c}`,
        at: T0 + 1,
        ifStatus: ["running"],
        status: who === "a" ? "completed" : "failed",
      });
    const results = await Promise.all(clients.flatMap((c) => [end(a, c, "a"), end(b, c, "b")]));
    const fresh = makeStore(server, { consistency: "shared" });
    const changes = committedOps().filter((op) => op.t === "change");
    for (const [i, c] of clients.entries()) {
      const first = changes.find((op) => op.token === `end-a-${c}` || op.token === `end-b-${c}`);
      const winner = first?.token.startsWith("end-a-") ? 0 : 1;
      expect(first).toBeDefined();
      const pair = [results[2 * i], results[2 * i + 1]];
      expect(pair.map((r) => r?.isOk() ?? false)).toEqual([winner === 0, winner === 1]);
      const loser = pair[1 - winner];
      expect(loser?.isErr() && loser.error.type).toBe("precondition-failed");
      expect((await must(fresh.getClientRun(job, c)))?.status).toBe(
        winner === 0 ? "completed" : "failed",
      );
    }
    await fresh.close();
  });
});

describe("a base whose events table has no Seq field", () => {
  it("still works, folding by createdTime then record ID", async () => {
    await server.close();
    const schema = defaultTestSchema();
    const { Seq: _, ...fields } = schema["Run Events"]?.fields ?? {};
    const clock = createVirtualClock();
    server = await startAirtableServer({
      bases: { [BASE]: { ...schema, "Run Events": { fields } } },
      rateLimit: false,
      now: clock.now,
    });
    a = makeStore(server, { name: "a", ...clock });
    b = makeStore(server, { name: "b", ...clock });
    const first = await must(a.createJob(newJob(job, "a")));
    expect(first.creationToken).toBe("a");
    // Increasing record IDs: the fallback order is the commit order here.
    expect((await must(b.createJob(newJob(job, "b")))).creationToken).toBe("a");
    expect(server.records(BASE, "Run Events").every((r) => r.fields.Seq === undefined)).toBe(true);
  });
});
