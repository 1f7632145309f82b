import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAirtableStore } from "../../src/airtable/index.js";
import type { AirtableStore } from "../../src/airtable/store.js";
import type { BaseRunId, ClientId } from "../../src/run-id/brand.js";
import { baseId, clientId, newClientRun, newJob, T0 } from "../../src/testing/fixtures.js";
import { must, mustFail } from "../../src/testing/must.js";
import type { AirtableServer } from "../support/airtable/index.js";
import { BASE, makeBase, makeStore, startServer } from "./harness.js";

let server: AirtableServer;
let store: AirtableStore;
beforeEach(async () => {
  server = await startServer();
  store = makeStore(server);
});
afterEach(async () => {
  await store.close();
  await server.close();
});

const job = baseId("251007-070457");
const guy = clientId("Guy-Wilson");

describe("formula injection through the store", () => {
  it("keys that bypass the branded types are matched literally, never as formula code", async () => {
    await must(store.createJob(newJob(job, "real")));
    await must(store.flush());
    const attacks = [
      "x' OR TRUE() OR 'x",
      "251007-070457', TRUE(), '",
      "\\' & '",
      "2510",
      "251007-070457 ",
    ];
    for (const attack of attacks) {
      const fresh = makeStore(server);
      expect(await must(fresh.getJob(attack as BaseRunId))).toBeUndefined();
      expect(await must(fresh.getClientRun(job, attack as ClientId))).toBeUndefined();
      expect(await must(fresh.listClientRuns(attack as BaseRunId))).toEqual([]);
      expect(await must(fresh.resolveExternalRun(attack, attack))).toBeUndefined();
    }
    // Such a key is stored and found as the exact text it is.
    const odd = 'it\'s a "run"\n\\' as BaseRunId;
    await must(store.createJob(newJob(odd, "odd")));
    await must(store.flush());
    expect((await must(makeStore(server).getJob(odd)))?.creationToken).toBe("odd");
    expect(
      server
        .records(BASE, "Job Tracking")
        .map((r) => r.fields["Run ID"])
        .sort(),
    ).toEqual([job, odd].sort());
  });

  it("non-string keys and malformed records are rejected, not thrown", async () => {
    const any = store as unknown as Record<
      string,
      (...args: unknown[]) => PromiseLike<{ isErr(): boolean }>
    >;
    for (const [method, args] of [
      ["getJob", [42]],
      ["createJob", [null]],
      ["createClientRun", [{ baseRunId: 1 }]],
      ["updateJob", [{}, { token: "t", at: 1 }]],
      ["updateClientRun", [job, guy, null]],
      ["linkExternalRun", ["nope"]],
      ["resolveExternalRun", [undefined, 3]],
      ["listClientRuns", [Symbol("x")]],
    ] as const) {
      const result = await any[method]?.(...args);
      expect(result?.isErr(), method).toBe(true);
    }
    for (const options of [
      undefined,
      null,
      {},
      { base: 3 },
      { base: makeBase(server), rateLimit: -1 },
    ]) {
      expect(createAirtableStore(options as never).isErr()).toBe(true);
    }
  });

  it("records and changes of the wrong shape are rejected before anything is written", async () => {
    await must(store.createJob(newJob(job, "j")));
    await must(store.createClientRun(newClientRun(job, guy, "c")));
    await must(store.flush());
    const before = server.records(BASE, "Run Events").length;
    const jobs = [{ ...newJob(baseId("251007-070458"), "x"), notes: "n" }];
    const runs = [{ ...newClientRun(job, clientId("Dean-Hobin"), "y"), progress: 5 }];
    const changes = [
      { token: "a", at: T0, notes: 5 },
      { token: "b", at: T0, progress: "line" },
      { token: "c", at: T0, increments: { posts_examined: "9" } },
      { token: "d", at: T0, ifStatus: "running" },
      { token: "e", at: T0, operations: { scrape: 3 } },
    ];
    for (const bad of jobs) expect((await store.createJob(bad as never)).isErr()).toBe(true);
    for (const bad of runs) expect((await store.createClientRun(bad as never)).isErr()).toBe(true);
    for (const change of changes) {
      const failed = await mustFail(store.updateClientRun(job, guy, change as never));
      expect(failed.type, JSON.stringify(change)).toBe("rejected");
    }
    await must(store.flush());
    expect(server.records(BASE, "Run Events")).toHaveLength(before);
  });
});

describe("values Airtable cannot show", () => {
  it("a time outside Date's range is left blank in the row, and the store keeps working", async () => {
    await must(store.createJob(newJob(job, "j")));
    await must(store.updateJob(job, { token: "t", at: 1e20, endedAt: 9e15, notes: ["far"] }));
    await must(store.flush());
    expect(server.records(BASE, "Job Tracking")[0]?.fields["End Time"]).toBeUndefined();
    await must(store.createClientRun(newClientRun(job, guy, "c")));
    await must(
      store.updateClientRun(job, guy, {
        token: "p",
        at: T0,
        progress: [{ at: -1e17, message: "x" }],
      }),
    );
    await must(store.close());
    expect(server.records(BASE, "Client Run Results")[0]?.fields["Progress Log"]).toBe("? x");
    expect((await must(makeStore(server).getJob(job)))?.endedAt).toBe(9e15);
  });
});

describe("memory in a long-running process", () => {
  const endJob = async (s: AirtableStore) => {
    await must(s.createJob(newJob(job, "j")));
    await must(s.createClientRun(newClientRun(job, guy, "c")));
    await must(
      s.linkExternalRun({
        provider: "apify",
        externalId: "X1",
        runId: job,
        clientId: guy,
        linkedAt: T0,
      }),
    );
    await must(
      s.updateClientRun(job, guy, {
        token: "m",
        at: T0,
        increments: { apify_cost: 2 },
        status: "completed",
      }),
    );
    await must(s.updateJob(job, { token: "e", at: T0 + 1, status: "completed", endedAt: T0 + 1 }));
    await must(s.flush());
  };

  it("an ended job is forgotten once written, and read back intact when asked for", async () => {
    await endJob(store);
    const before = server.requests.length;
    expect((await must(store.getJob(job)))?.status).toBe("completed");
    expect((await must(store.getClientRun(job, guy)))?.metrics).toEqual({ apify_cost: 2 });
    expect(await must(store.resolveExternalRun("apify", "X1"))).toMatchObject({ clientId: guy });
    expect(await must(store.listClientRuns(job))).toHaveLength(1);
    expect(server.requests.length).toBeGreaterThan(before);
  });

  it("keepEndedJobs keeps them (answered without a request)", async () => {
    await store.close();
    store = makeStore(server, { keepEndedJobs: true });
    await endJob(store);
    const before = server.requests.length;
    expect((await must(store.getClientRun(job, guy)))?.metrics).toEqual({ apify_cost: 2 });
    expect(await must(store.resolveExternalRun("apify", "X1"))).toMatchObject({ clientId: guy });
    expect(server.requests.length).toBe(before);
  });
});

describe("metrics without a mapped field", () => {
  it("are refused with a non-retryable error naming them, and nothing is written", async () => {
    await must(store.createJob(newJob(job, "j")));
    await must(store.createClientRun(newClientRun(job, guy, "c")));
    await must(store.flush());
    const before = server.records(BASE, "Run Events").length;
    const failed = await mustFail(
      store.updateClientRun(job, guy, {
        token: "t",
        at: T0,
        increments: { posts_harvested: 1, likes_given: 2 },
      }),
    );
    expect(failed.type).toBe("rejected");
    expect(failed.message).toContain('"likes_given"');
    expect(failed.message).not.toContain("posts_harvested");
    await must(store.flush());
    expect(server.records(BASE, "Run Events")).toHaveLength(before);
    expect((await must(store.getClientRun(job, guy)))?.metrics).toEqual({});
    const set = await mustFail(
      store.updateClientRun(job, guy, { token: "u", at: T0, set: { shares: 1 } }),
    );
    expect(set.message).toContain('"shares"');
  });

  it("are accepted once mapped, and land in the mapped field", async () => {
    await store.close();
    store = makeStore(server, { metrics: { likes_given: "Profiles Examined for Scoring" } });
    await must(store.createJob(newJob(job, "j")));
    await must(store.createClientRun(newClientRun(job, guy, "c")));
    await must(
      store.updateClientRun(job, guy, { token: "t", at: T0, increments: { likes_given: 2 } }),
    );
    expect(
      (
        await mustFail(
          store.updateClientRun(job, guy, {
            token: "u",
            at: T0,
            increments: { posts_harvested: 1 },
          }),
        )
      ).message,
    ).toContain("posts_harvested");
    await must(store.flush());
    expect(
      server.records(BASE, "Client Run Results")[0]?.fields["Profiles Examined for Scoring"],
    ).toBe(2);
  });

  it("an unknown field in the base is a non-retryable error that names it", async () => {
    await store.close();
    store = makeStore(server, { fields: { systemNotes: "Sytem Notes" } });
    await must(store.createJob(newJob(job, "j")));
    const failed = await mustFail(store.flush());
    expect(failed.type).toBe("rejected");
    expect(failed.message).toContain('"Sytem Notes"');
  });
});

describe("batching", () => {
  it("never sends more than 10 records in one write", async () => {
    await must(store.createJob(newJob(job, "j")));
    await Promise.all(
      Array.from({ length: 37 }, (_, i) =>
        must(store.createClientRun(newClientRun(job, clientId(`C-${i}`), `c${i}`))),
      ),
    );
    for (let i = 0; i < 37; i++) {
      await must(
        store.updateClientRun(job, clientId(`C-${i}`), {
          token: `t${i}`,
          at: T0,
          increments: { posts_harvested: i },
        }),
      );
    }
    await must(store.flush());
    const writes = server.requests.filter((r) => r.kind !== "list" && r.kind !== "get");
    expect(writes.length).toBeGreaterThan(0);
    expect(Math.max(...writes.map((r) => r.recordCount))).toBe(10);
    expect(server.records(BASE, "Client Run Results")).toHaveLength(37);
  });

  it("coalesces many changes of one record into one event", async () => {
    await must(store.createJob(newJob(job, "j")));
    await must(store.createClientRun(newClientRun(job, guy, "c")));
    await must(store.flush());
    const before = server.records(BASE, "Run Events").length;
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        must(
          store.updateClientRun(job, guy, {
            token: `t${i}`,
            at: T0 + i,
            increments: { posts_harvested: 1 },
            progress: [{ at: T0 + i, message: `l${i}` }],
          }),
        ),
      ),
    );
    await must(store.close());
    expect(server.records(BASE, "Run Events").length - before).toBe(1);
    const row = server.records(BASE, "Client Run Results")[0];
    expect(row?.fields["Total Posts Harvested"]).toBe(50);
    expect(String(row?.fields["Progress Log"]).split("\n")[0]).toBe("2025-10-07T07:04:57.000Z l0");
  });
});
