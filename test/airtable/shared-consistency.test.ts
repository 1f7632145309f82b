import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AirtableStore } from "../../src/airtable/store.js";
import { createRunRecordService } from "../../src/service/index.js";
import type { RunRecordService } from "../../src/service/run-record-service.js";
import { baseId, clientId, newClientRun, newJob, T0 } from "../../src/testing/fixtures.js";
import { must, mustFail } from "../../src/testing/must.js";
import { createSeededRandom } from "../../src/testing/seeded-random.js";
import { runStandardRun } from "../../src/testing/standard-run.js";
import type { AirtableServer, AirtableServerOptions } from "../support/airtable/index.js";
import { BASE, makeStore, queueRandomFaults, sameSecondRandomIds, startServer } from "./harness.js";

let server: AirtableServer;
let a: AirtableStore;
let b: AirtableStore;
let serverOptions: () => Partial<AirtableServerOptions> = () => ({});
beforeEach(async () => {
  server = await startServer(serverOptions());
  a = makeStore(server, { consistency: "shared", name: "a" });
  b = makeStore(server, { consistency: "shared", name: "b" });
});
afterEach(async () => {
  await a.close();
  await b.close();
  await server.close();
});

const job = baseId("251007-070457");
const guy = clientId("Guy-Wilson");

// The second mode is real Airtable's: record IDs random, many events per createdTime second.
describe.each([
  { mode: "increasing record IDs", options: () => ({}) },
  { mode: "random record IDs in one second", options: () => sameSecondRandomIds(8) },
])("shared consistency: answers exact across processes ($mode)", ({ options }) => {
  beforeAll(() => {
    serverOptions = options;
  });
  afterAll(() => {
    serverOptions = () => ({});
  });

  it("declares multiProcess", () => {
    expect(a.capabilities.multiProcess).toBe(true);
    expect(makeStore(server).capabilities.multiProcess).toBe(false);
  });

  it("ifStatus sees another process's status change", async () => {
    await must(a.createJob(newJob(job, "j")));
    await must(a.createClientRun(newClientRun(job, guy, "c")));
    expect((await must(b.getClientRun(job, guy)))?.status).toBe("running");
    await must(a.updateClientRun(job, guy, { token: "stale", at: T0 + 1, status: "stale" }));
    const refused = await mustFail(
      b.updateClientRun(job, guy, {
        token: "end",
        at: T0 + 2,
        ifStatus: ["running"],
        status: "completed",
        increments: { apify_cost: 1 },
      }),
    );
    expect(refused).toMatchObject({ type: "precondition-failed", status: "stale" });
    const run = await must(makeStore(server).getClientRun(job, guy));
    expect(run).toMatchObject({ status: "stale", metrics: {} });
  });

  it("a token applied by one process is a repeat for the other", async () => {
    await must(a.createJob(newJob(job, "j")));
    await must(a.createClientRun(newClientRun(job, guy, "c")));
    const change = { token: "webhook-1", at: T0, increments: { apify_cost: 0.5 } };
    expect((await must(a.updateClientRun(job, guy, change))).applied).toBe(true);
    const again = await must(b.updateClientRun(job, guy, change));
    expect(again.applied).toBe(false);
    expect(again.record.metrics.apify_cost).toBe(0.5);
  });

  it("racing conditional completions from both processes: exactly one applies", async () => {
    await must(a.createJob(newJob(job, "j")));
    await must(a.createClientRun(newClientRun(job, guy, "c")));
    await must(b.getClientRun(job, guy));
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 === 0 ? a : b).updateClientRun(job, guy, {
          token: `end-${i}`,
          at: T0 + i,
          ifStatus: ["running"],
          status: "completed",
          notes: [`ended by ${i}`],
        }),
      ),
    );
    expect(results.filter((r) => r.isOk())).toHaveLength(1);
    expect(results.filter((r) => r.isErr() && r.error.type === "precondition-failed")).toHaveLength(
      9,
    );
    const run = await must(makeStore(server, { consistency: "shared" }).getClientRun(job, guy));
    expect(run?.notes).toHaveLength(1);
  });

  it("racing links of one external run to two client runs: both processes get the same winner", async () => {
    await must(a.createJob(newJob(job, "j")));
    const dean = clientId("Dean-Hobin");
    await must(a.createClientRun(newClientRun(job, guy, "g")));
    await must(a.createClientRun(newClientRun(job, dean, "d")));
    const link = { provider: "apify", externalId: "OYkC0ZbuWPOvwkLid", runId: job, linkedAt: T0 };
    const [x, y] = await Promise.all([
      must(a.linkExternalRun({ ...link, clientId: guy })),
      must(b.linkExternalRun({ ...link, clientId: dean })),
    ]);
    expect(x).toEqual(y);
    expect(await must(makeStore(server).resolveExternalRun("apify", link.externalId))).toEqual(x);
  });
});

/** A service whose every call lands on one of two processes at random, as behind a load balancer. */
const balanced = (services: readonly RunRecordService[], random: () => number): RunRecordService =>
  new Proxy(services[0] as RunRecordService, {
    get: (_, name) => {
      const target = services[Math.floor(random() * services.length)] as RunRecordService;
      const value = target[name as keyof RunRecordService];
      return typeof value === "function" ? value.bind(target) : value;
    },
  });

describe("the standard run split across two processes", () => {
  it("is exact when every call may land on either process", async () => {
    let t = Date.UTC(2025, 9, 7, 7, 4, 57);
    const service = (store: AirtableStore, seed: number) =>
      createRunRecordService({
        store,
        now: () => t++,
        sleep: async () => {},
        random: createSeededRandom(seed),
      });
    const result = await runStandardRun(
      balanced([service(a, 1), service(b, 2)], createSeededRandom(9)),
      {
        seed: 11,
        clients: 20,
      },
    );
    expect(result.mismatches).toEqual([]);
    await must(a.close());
    await must(b.close());
    expect(server.records(BASE, "Job Tracking")).toHaveLength(1);
    expect(server.records(BASE, "Job Tracking")[0]?.fields.Status).toBe("Completed");
    const runs = server.records(BASE, "Client Run Results");
    expect(runs).toHaveLength(20);
    const harvested = runs.reduce((n, r) => n + Number(r.fields["Total Posts Harvested"] ?? 0), 0);
    expect(harvested).toBe(result.expected.metrics.posts_harvested);
  });
});

describe("the split standard run under 30% injected faults", () => {
  it("is exact, with one row per record and no event written twice", async () => {
    queueRandomFaults(server, createSeededRandom(21), 5000);
    const retry = { attempts: 10, baseDelayMs: 1, maxDelayMs: 5, rateLimitedDelayMs: 5 };
    const x = makeStore(server, { consistency: "shared", requestTimeout: 300, retry });
    const y = makeStore(server, { consistency: "shared", requestTimeout: 300, retry });
    let t = Date.UTC(2025, 9, 7, 7, 4, 57);
    const service = (store: AirtableStore, seed: number) =>
      createRunRecordService({
        store,
        now: () => t++,
        sleep: async () => {},
        random: createSeededRandom(seed),
        retry: { attempts: 10, baseDelayMs: 1, maxDelayMs: 4 },
      });
    const result = await runStandardRun(
      balanced([service(x, 1), service(y, 2)], createSeededRandom(4)),
      {
        seed: 13,
        clients: 10,
      },
    );
    expect(result.mismatches).toEqual([]);
    expect((await x.close()).isOk()).toBe(true);
    expect((await y.close()).isOk()).toBe(true);
    const faulted = server.requests.filter(
      (r) => r.fault !== undefined && r.fault !== "delay",
    ).length;
    expect(faulted / server.requests.length).toBeGreaterThan(0.15);
    const tokens = server.records(BASE, "Run Events").map((r) => r.fields.Token);
    expect(new Set(tokens).size).toBe(tokens.length);
    expect(server.records(BASE, "Job Tracking")).toHaveLength(1);
    expect(server.records(BASE, "Client Run Results")).toHaveLength(10);
  });
});
