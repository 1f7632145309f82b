import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAirtableStore } from "../../src/airtable/index.js";
import type { AirtableStore } from "../../src/airtable/store.js";
import { baseId, clientId, newClientRun, newJob, T0 } from "../../src/testing/fixtures.js";
import { must } from "../../src/testing/must.js";
import type { AirtableServer } from "../support/airtable/index.js";
import { BASE, makeBase, makeStore, sameSecondRandomIds, startServer } from "./harness.js";

const job = baseId("251007-070457");
const guy = clientId("Guy-Wilson");

// The second mode is real Airtable's: record IDs random, many events per createdTime second.
describe.each([
  { mode: "increasing record IDs", server: () => ({}) },
  { mode: "random record IDs in one second", server: () => sameSecondRandomIds(5) },
])("two store instances sharing one base ($mode)", ({ server: serverOptions }) => {
  // Two stores on one base stand for two server processes: they share nothing but the base.
  let server: AirtableServer;
  let a: AirtableStore;
  let b: AirtableStore;
  beforeEach(async () => {
    server = await startServer(serverOptions());
    a = makeStore(server, { name: "a" });
    b = makeStore(server, { name: "b" });
  });
  afterEach(async () => {
    await a.close();
    await b.close();
    await server.close();
  });

  it("racing to create one job leave one record, and both answer with the same winner", async () => {
    const calls = Array.from({ length: 20 }, (_, i) =>
      (i % 2 === 0 ? a : b).createJob(newJob(job, `token-${i}`)),
    );
    const stored = await Promise.all(calls.map((c) => must(c)));
    const winners = new Set(stored.map((j) => j.creationToken));
    expect(winners.size).toBe(1);
    await must(a.flush());
    await must(b.flush());
    expect(server.records(BASE, "Job Tracking")).toHaveLength(1);
    const fresh = makeStore(server);
    expect((await must(fresh.getJob(job)))?.creationToken).toBe([...winners][0]);
  });

  it("racing to create the same client runs leave one record each", async () => {
    await must(a.createJob(newJob(job, "j")));
    const clients = Array.from({ length: 15 }, (_, i) => clientId(`Client-${i}`));
    const results = await Promise.all(
      clients.flatMap((c) => [
        must(a.createClientRun(newClientRun(job, c, `a-${c}`))),
        must(b.createClientRun(newClientRun(job, c, `b-${c}`))),
      ]),
    );
    for (let i = 0; i < clients.length; i++) {
      expect(results[2 * i]?.creationToken).toBe(results[2 * i + 1]?.creationToken);
    }
    await must(a.flush());
    await must(b.flush());
    const rows = server.records(BASE, "Client Run Results");
    expect(rows).toHaveLength(clients.length);
    expect(new Set(rows.map((r) => r.fields["Client ID"])).size).toBe(clients.length);
  });

  it("racing increments and progress lines from both lose nothing and apply a shared token once", async () => {
    await must(a.createJob(newJob(job, "j")));
    await must(a.createClientRun(newClientRun(job, guy, "c")));
    expect(await must(b.getClientRun(job, guy))).toBeDefined();
    const sends = [];
    for (let i = 0; i < 100; i++) {
      const store = i % 2 === 0 ? a : b;
      sends.push(
        store.updateClientRun(job, guy, {
          token: `inc-${i}`,
          at: T0 + i,
          increments: { posts_harvested: 1, apify_cost: 0.125 },
          progress: [{ at: T0 + i, message: `line ${i}` }],
        }),
      );
      // A retried webhook delivered to the other process: same token, must count once.
      if (i % 10 === 0) {
        sends.push(
          (store === a ? b : a).updateClientRun(job, guy, {
            token: `inc-${i}`,
            at: T0 + i,
            increments: { posts_harvested: 1, apify_cost: 0.125 },
            progress: [{ at: T0 + i, message: `line ${i}` }],
          }),
        );
      }
    }
    await Promise.all(sends.map((s) => must(s)));
    await Promise.all([must(a.flush()), must(b.flush())]);
    const fresh = makeStore(server);
    const run = await must(fresh.getClientRun(job, guy));
    expect(run?.metrics.posts_harvested).toBe(100);
    expect(run?.metrics.apify_cost).toBe(12.5);
    expect(run?.progress).toHaveLength(100);
    // The projection catches up with the other process's events on this process's next write.
    await must(
      fresh.updateClientRun(job, guy, {
        token: "last",
        at: T0 + 500,
        increments: { posts_harvested: 0 },
      }),
    );
    await must(fresh.flush());
    const rows = server.records(BASE, "Client Run Results");
    expect(rows).toHaveLength(1);
    expect(rows[0]?.fields["Total Posts Harvested"]).toBe(100);
    expect(String(rows[0]?.fields["Progress Log"]).split("\n")).toHaveLength(100);
  });

  it("a link made by one instance is the answer the other gets, and its own link loses", async () => {
    await must(a.createJob(newJob(job, "j")));
    await must(a.createClientRun(newClientRun(job, guy, "c")));
    const dean = clientId("Dean-Hobin");
    await must(a.createClientRun(newClientRun(job, dean, "d")));
    const first = {
      provider: "apify",
      externalId: "8MSTBAfqMzuXPvgB3",
      runId: job,
      clientId: guy,
      linkedAt: T0,
    };
    await must(a.linkExternalRun(first));
    await must(a.flush());
    const second = await must(b.linkExternalRun({ ...first, clientId: dean, linkedAt: T0 + 1 }));
    expect(second.clientId).toBe(guy);
    expect(
      await must(makeStore(server).resolveExternalRun("apify", first.externalId)),
    ).toMatchObject({ clientId: guy });
  });

  it("duplicate rows from racing upserts (a base has no unique constraint) are merged into the earliest", async () => {
    await must(a.createJob(newJob(job, "j")));
    await must(a.flush());
    server.injectFault({ kind: "upsert-duplicate" }, { table: "Job Tracking" });
    await must(a.updateJob(job, { token: "n1", at: T0 + 1, notes: ["one"] }));
    await must(a.flush());
    expect(server.records(BASE, "Job Tracking")).toHaveLength(2);
    await must(a.updateJob(job, { token: "n2", at: T0 + 2, notes: ["two"] }));
    await must(a.flush());
    const rows = server.records(BASE, "Job Tracking");
    expect(rows).toHaveLength(1);
    expect(rows[0]?.fields["System Notes"]).toBe("one\ntwo");
  });

  it("refuses a base that retries 429s itself", async () => {
    const Airtable = (await import("airtable")).default;
    const base = new Airtable({
      apiKey: "k",
      endpointUrl: server.url,
      noRetryIfRateLimited: false,
    }).base(BASE);
    const made = createAirtableStore({ base });
    expect(made.isErr() && made.error.message).toMatch(/noRetryIfRateLimited/);
    expect(createAirtableStore({ base: makeBase(server) }).isOk()).toBe(true);
  });
});
