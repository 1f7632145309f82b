import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AirtableStore } from "../../src/airtable/store.js";
import { createRunRecordService } from "../../src/service/index.js";
import { baseId, clientId, newClientRun, newJob, T0 } from "../../src/testing/fixtures.js";
import { must, mustFail } from "../../src/testing/must.js";
import { createSeededRandom } from "../../src/testing/seeded-random.js";
import { runStandardRun } from "../../src/testing/standard-run.js";
import type { AirtableServer, Fault } from "../support/airtable/index.js";
import { BASE, makeStore, queueRandomFaults, startServer } from "./harness.js";

let server: AirtableServer;
let store: AirtableStore;
beforeEach(async () => {
  server = await startServer();
  store = makeStore(server, { requestTimeout: 300 });
});
afterEach(async () => {
  await store.close();
  await server.close();
});

const job = baseId("251007-070457");
const guy = clientId("Guy-Wilson");
const EVENTS = "Run Events";

const tokensOnce = () => {
  const tokens = server.records(BASE, EVENTS).map((r) => r.fields.Token);
  expect(new Set(tokens).size).toBe(tokens.length);
};

const transient: [string, Fault][] = [
  ["500", { kind: "status", status: 500 }],
  ["502", { kind: "status", status: 502 }],
  ["503", { kind: "status", status: 503 }],
  ["429", { kind: "status", status: 429 }],
  ["a delay past the request timeout (applied)", { kind: "delay", ms: 700 }],
  ["a connection dropped after the write was applied", { kind: "drop-after-apply" }],
  ["a connection dropped before anything was applied", { kind: "drop-before-apply" }],
];

describe("faults on every kind of request are retried without duplicating anything", () => {
  for (const [name, fault] of transient) {
    it(`${name} on an event write, a read back and a row upsert`, async () => {
      server.injectFault(fault, { table: EVENTS, kind: "create" });
      server.injectFault(fault, { table: EVENTS, kind: "list" });
      server.injectFault(fault, { table: "Job Tracking", kind: "upsert" });
      const created = await must(store.createJob(newJob(job, "j")));
      expect(created.creationToken).toBe("j");
      server.injectFault(fault, { table: EVENTS, kind: "create" });
      server.injectFault(fault, { table: "Client Run Results" });
      await must(store.createClientRun(newClientRun(job, guy, "c")));
      server.injectFault(fault, { table: EVENTS, kind: "create" });
      await must(
        store.updateClientRun(job, guy, {
          token: "t1",
          at: T0 + 1,
          increments: { posts_harvested: 3 },
        }),
      );
      await must(store.flush());
      expect(server.requests.some((r) => r.fault === fault.kind)).toBe(true);
      tokensOnce();
      expect(server.records(BASE, "Job Tracking")).toHaveLength(1);
      const rows = server.records(BASE, "Client Run Results");
      expect(rows).toHaveLength(1);
      expect(rows[0]?.fields["Total Posts Harvested"]).toBe(3);
      const fresh = makeStore(server);
      expect((await must(fresh.getClientRun(job, guy)))?.metrics.posts_harvested).toBe(3);
    });
  }
});

describe("permanent failures", () => {
  for (const status of [422, 403, 404] as const) {
    it(`${status} is rejected, not retried, and nothing accepted is lost`, async () => {
      await must(store.createJob(newJob(job, "j")));
      await must(store.flush());
      await must(store.updateJob(job, { token: "n", at: T0 + 1, notes: ["kept"] }));
      server.injectFault({ kind: "status", status }, { table: EVENTS, kind: "create" });
      const before = server.requests.length;
      const failed = await mustFail(store.flush());
      expect(failed.type).toBe("rejected");
      expect(server.requests.length - before).toBe(1);
      await must(store.flush());
      const fresh = makeStore(server);
      expect((await must(fresh.getJob(job)))?.notes).toEqual(["kept"]);
    });
  }

  it("a create whose event table is unknown fails with a non-retryable error", async () => {
    server.injectFault({ kind: "status", status: 403 }, { table: EVENTS });
    const failed = await mustFail(store.createJob(newJob(job, "j")));
    expect(failed.type).toBe("rejected");
    expect(failed.message).toMatch(/403/);
  });
});

describe("the standard run under 30% injected faults", () => {
  it("ends exact, with one row per record and no event written twice", async () => {
    queueRandomFaults(server, createSeededRandom(5), 2000);
    let t = Date.UTC(2025, 9, 7, 7, 4, 57);
    const faulty = makeStore(server, {
      requestTimeout: 300,
      now: () => t,
      retry: { attempts: 10, baseDelayMs: 1, maxDelayMs: 5, rateLimitedDelayMs: 5 },
    });
    const service = createRunRecordService({
      store: faulty,
      now: () => t++,
      sleep: async () => {},
      random: createSeededRandom(3),
      retry: { attempts: 10, baseDelayMs: 1, maxDelayMs: 4 },
    });
    const result = await runStandardRun(service, { seed: 11 });
    expect(result.mismatches).toEqual([]);
    expect((await faulty.close()).isOk()).toBe(true);
    const injected = server.requests.filter(
      (r) => r.fault !== undefined && !(r.fault === "delay" && r.status !== 0 && r.status < 400),
    ).length;
    expect(
      server.requests.filter((r) => r.status === 0 || r.status >= 500 || r.status === 429).length,
    ).toBeGreaterThan(5);
    expect(injected).toBeGreaterThan(0);
    const nonDelay = server.requests.filter(
      (r) => r.fault !== undefined && r.fault !== "delay",
    ).length;
    console.log(
      `requests ${server.requests.length}, non-delay faults ${nonDelay}, failed answers ${server.requests.filter((r) => r.status === 0 || r.status >= 429).length}`,
    );
    // About 30% of requests draw a fault; five of the six kinds are not delays.
    expect(nonDelay / server.requests.length).toBeGreaterThan(0.15);
    tokensOnce();
    expect(server.records(BASE, "Job Tracking")).toHaveLength(1);
    expect(server.records(BASE, "Client Run Results")).toHaveLength(50);
    const runs = server.records(BASE, "Client Run Results");
    const harvested = runs.reduce((n, r) => n + Number(r.fields["Total Posts Harvested"] ?? 0), 0);
    expect(harvested).toBe(result.expected.metrics.posts_harvested);
  });
});
