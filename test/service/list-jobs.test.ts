import { fc, test as fcTest } from "@fast-check/vitest";
import { errAsync, type ResultAsync } from "neverthrow";
import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../../src/memory/memory-store.js";
import type { RunRecordService } from "../../src/service/index.js";
import type { ListJobsQuery } from "../../src/store/job-query.js";
import type { RunRecordStore } from "../../src/store/port.js";
import type { StoreError } from "../../src/store/store-error.js";
import { fail, type ManualClock, ok, serviceFixture, T0 } from "./support/service-fixture.js";

const MINUTE = 60_000;

/** A base run ID for the n-th second of 2025-10-07 (n < 86,400), unique per n. */
const runIdAt = (n: number): string => {
  const hh = String(Math.floor(n / 3600)).padStart(2, "0");
  const mm = String(Math.floor(n / 60) % 60).padStart(2, "0");
  const ss = String(n % 60).padStart(2, "0");
  return `251007-${hh}${mm}${ss}`;
};

/** Starts a job whose start time is exactly `at` (the service stamps `startedAt` from its clock). */
const startAt = async (
  service: RunRecordService,
  clock: ManualClock,
  runId: string,
  at: number,
  extra: { tags?: Record<string, string> } = {},
) => {
  clock.set(at);
  return (await ok(service.startJob({ runId, ...extra }))).job;
};

const ids = (page: { jobs: readonly { runId: string }[] }) => page.jobs.map((j) => j.runId);

/** Every page of a query, following `nextCursor` to the end. */
const allPages = async (service: RunRecordService, query: ListJobsQuery) => {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await ok(service.listJobs({ ...query, ...(cursor ? { cursor } : {}) }));
    pages.push(ids(page));
    cursor = page.nextCursor;
  } while (cursor !== undefined && pages.length < 1000);
  return pages;
};

describe("service.listJobs", () => {
  it("lists newest first by start time, ties broken by run ID (descending)", async () => {
    const { service, clock } = serviceFixture();
    await startAt(service, clock, runIdAt(10), T0);
    await startAt(service, clock, runIdAt(20), T0 + MINUTE);
    await startAt(service, clock, runIdAt(30), T0 - MINUTE);
    // Same start time: the larger run ID comes first.
    await startAt(service, clock, runIdAt(40), T0);
    await startAt(service, clock, runIdAt(5), T0);
    const page = await ok(service.listJobs());
    expect(ids(page)).toEqual([runIdAt(20), runIdAt(40), runIdAt(10), runIdAt(5), runIdAt(30)]);
    expect(page.nextCursor).toBeUndefined();
  });

  it("answers an empty store with an empty page and no cursor", async () => {
    const { service } = serviceFixture();
    expect(await ok(service.listJobs({ status: "failed" }))).toEqual({ jobs: [] });
  });

  it("filters by one status or a list of statuses", async () => {
    const { service, clock } = serviceFixture();
    for (let n = 0; n < 4; n++) await startAt(service, clock, runIdAt(n), T0 + n);
    await ok(service.completeJob(runIdAt(0), { status: "completed" }));
    await ok(service.completeJob(runIdAt(1), { status: "failed" }));
    await ok(service.completeJob(runIdAt(2), { status: "completed" }));
    expect(ids(await ok(service.listJobs({ status: "completed" })))).toEqual([
      runIdAt(2),
      runIdAt(0),
    ]);
    expect(ids(await ok(service.listJobs({ status: ["failed", "running"] })))).toEqual([
      runIdAt(3),
      runIdAt(1),
    ]);
    expect(ids(await ok(service.listJobs({ status: ["no_work"] })))).toEqual([]);
  });

  it("filters by tags, every given pair must match (byte-exactly)", async () => {
    const { service, clock } = serviceFixture();
    await startAt(service, clock, runIdAt(1), T0 + 1, { tags: { source: "cron", lane: "a" } });
    await startAt(service, clock, runIdAt(2), T0 + 2, { tags: { source: "cron", lane: "b" } });
    await startAt(service, clock, runIdAt(3), T0 + 3, { tags: { source: "manual", lane: "a" } });
    await startAt(service, clock, runIdAt(4), T0 + 4, { tags: { source: "Cron" } });
    await startAt(service, clock, runIdAt(5), T0 + 5);
    expect(ids(await ok(service.listJobs({ tags: { source: "cron" } })))).toEqual([
      runIdAt(2),
      runIdAt(1),
    ]);
    expect(ids(await ok(service.listJobs({ tags: { source: "cron", lane: "a" } })))).toEqual([
      runIdAt(1),
    ]);
    expect(ids(await ok(service.listJobs({ tags: { lane: "c" } })))).toEqual([]);
    // An empty filter holds for every job.
    expect(ids(await ok(service.listJobs({ tags: {} })))).toHaveLength(5);
  });

  it("bounds start times exclusively, from a Date, epoch ms or an ISO string", async () => {
    const { service, clock } = serviceFixture();
    for (let n = 0; n < 5; n++) await startAt(service, clock, runIdAt(n), T0 + n * MINUTE);
    const after = T0 + MINUTE;
    const before = T0 + 4 * MINUTE;
    const expected = [runIdAt(3), runIdAt(2)];
    for (const [a, b] of [
      [after, before],
      [new Date(after), new Date(before)],
      [new Date(after).toISOString(), new Date(before).toISOString()],
    ] as const) {
      expect(ids(await ok(service.listJobs({ startedAfter: a, startedBefore: b })))).toEqual(
        expected,
      );
    }
    expect(ids(await ok(service.listJobs({ startedAfter: T0 + 3 * MINUTE })))).toEqual([
      runIdAt(4),
    ]);
    expect(ids(await ok(service.listJobs({ startedBefore: T0 + MINUTE })))).toEqual([runIdAt(0)]);
  });

  it("pages 50 jobs by default, at most 500, with a cursor while more follow", async () => {
    const { service, clock } = serviceFixture();
    for (let n = 0; n < 501; n++) await startAt(service, clock, runIdAt(n), T0 + n);
    const first = await ok(service.listJobs());
    expect(ids(first)).toEqual(Array.from({ length: 50 }, (_, i) => runIdAt(500 - i)));
    expect(first.nextCursor).toEqual(expect.any(String));
    const biggest = await ok(service.listJobs({ limit: 500 }));
    expect(biggest.jobs).toHaveLength(500);
    const rest = await ok(service.listJobs({ limit: 500, cursor: biggest.nextCursor }));
    expect(ids(rest)).toEqual([runIdAt(0)]);
    expect(rest.nextCursor).toBeUndefined();
    const pages = await allPages(service, { limit: 7 });
    expect(pages.flat()).toEqual(Array.from({ length: 501 }, (_, i) => runIdAt(500 - i)));
    expect(pages.slice(0, -1).every((p) => p.length === 7)).toBe(true);
  });

  it("gives jobs as stored, without metric totals; getJob has the totals", async () => {
    const { service, clock } = serviceFixture();
    await startAt(service, clock, runIdAt(1), T0);
    await ok(service.startClientRun({ runId: runIdAt(1), clientId: "Guy-Wilson" }));
    await ok(service.recordMetrics(runIdAt(1), "Guy-Wilson", { profiles_scored: 40 }));
    const [listed] = (await ok(service.listJobs())).jobs;
    expect(listed).toMatchObject({ runId: runIdAt(1), status: "running", tags: {} });
    expect(listed).not.toHaveProperty("metrics");
    expect((await ok(service.getJob(runIdAt(1)))).metrics).toEqual({ profiles_scored: 40 });
  });

  describe("refuses a bad query with invalid-argument naming the field", () => {
    const cases: readonly [string, unknown, string][] = [
      ["limit 0", { limit: 0 }, "limit"],
      ["limit 10,000", { limit: 10_000 }, "limit"],
      ["limit 501", { limit: 501 }, "limit"],
      ["limit 1.5", { limit: 1.5 }, "limit"],
      ["limit NaN", { limit: Number.NaN }, "limit"],
      ["limit as a string", { limit: "50" }, "limit"],
      ["an unknown status", { status: "done" }, "status"],
      ["an unknown status in a list", { status: ["running", "Completed"] }, "status"],
      ["an empty status list", { status: [] }, "status"],
      ["an Invalid Date", { startedAfter: new Date(Number.NaN) }, "startedAfter"],
      ["a word for a date", { startedAfter: "yesterday" }, "startedAfter"],
      ["NaN for a date", { startedBefore: Number.NaN }, "startedBefore"],
      ["Infinity for a date", { startedBefore: Number.POSITIVE_INFINITY }, "startedBefore"],
      ["a date-shaped string that is no date", { startedBefore: "2025-13-45" }, "startedBefore"],
      ["a garbage cursor", { cursor: "not a cursor!" }, "cursor"],
      ["a base64 cursor of nonsense", { cursor: "eyJ2IjoyfQ" }, "cursor"],
      ["an empty cursor", { cursor: "" }, "cursor"],
      ["a tag value that is not a string", { tags: { source: 1 } }, "tags.source"],
      ["a tag filter with null", { tags: { source: null } }, "tags.source"],
      ["a control character in a tag", { tags: { source: "a\u0000b" } }, "tags.source"],
      ["tags that are not an object", { tags: "source=cron" }, "tags"],
      ["a query that is not an object", "newest", "query"],
      ["a query that is an array", [], "query"],
    ];
    for (const [name, query, field] of cases) {
      it(name, async () => {
        const { service } = serviceFixture();
        const error = await fail(service.listJobs(query as ListJobsQuery));
        expect(error).toMatchObject({ type: "invalid-argument", field });
      });
    }

    it("a query whose getter throws", async () => {
      const { service } = serviceFixture();
      const query = {
        get limit(): number {
          throw new Error("boom");
        },
      };
      expect(await fail(service.listJobs(query))).toMatchObject({
        type: "invalid-argument",
        field: "query",
      });
    });
  });

  it("refuses a cursor from another query, and accepts it for the same filters written another way", async () => {
    const { service, clock } = serviceFixture();
    for (let n = 0; n < 5; n++) await startAt(service, clock, runIdAt(n), T0 + n);
    const page = await ok(service.listJobs({ status: "running", limit: 2 }));
    expect(page.nextCursor).toBeDefined();
    const others: ListJobsQuery[] = [
      {},
      { status: "completed" },
      { tags: { a: "b" } },
      { startedAfter: 0 },
    ];
    for (const other of others) {
      const error = await fail(service.listJobs({ ...other, cursor: page.nextCursor }));
      expect(error).toMatchObject({ type: "invalid-argument", field: "cursor" });
    }
    // The same filters as a one-element list, with another page size: the same query.
    const next = await ok(
      service.listJobs({ status: ["running"], limit: 10, cursor: page.nextCursor }),
    );
    expect(ids(next)).toEqual([runIdAt(2), runIdAt(1), runIdAt(0)]);
  });

  it("checks the query before the store is called", async () => {
    const { store, calls } = countingStore(createMemoryStore(), () => undefined);
    const { service } = serviceFixture(store);
    await fail(service.listJobs({ limit: 0 }));
    expect(calls()).toBe(0);
  });

  it("sends the store a plain query: epoch ms, a status list, the caller's cursor", async () => {
    const sent: ListJobsQuery[] = [];
    const inner = createMemoryStore();
    const store: RunRecordStore = {
      ...inner,
      listJobs: (query) => {
        sent.push(query as ListJobsQuery);
        return inner.listJobs(query);
      },
    };
    const { service } = serviceFixture(store);
    await ok(service.listJobs({ status: "running", startedAfter: new Date(T0) }));
    expect(sent).toEqual([{ status: ["running"], startedAfter: T0, limit: 50 }]);
    expect(Object.isFrozen(sent[0])).toBe(true);
  });

  it("retries a transient store failure as any read, and gives up after the policy's attempts", async () => {
    const transient: StoreError = { type: "unavailable", message: "503", outcome: "unknown" };
    let failures = 2;
    const flaky = countingStore(createMemoryStore(), () =>
      failures-- > 0 ? transient : undefined,
    );
    const { service } = serviceFixture(flaky.store);
    expect(await ok(service.listJobs())).toEqual({ jobs: [] });
    expect(flaky.calls()).toBe(3);

    const down = countingStore(createMemoryStore(), () => transient);
    const { service: downService } = serviceFixture(down.store, { retry: { attempts: 4 } });
    expect(await fail(downService.listJobs())).toMatchObject({
      type: "store-unavailable",
      attempts: 4,
    });
    expect(down.calls()).toBe(4);
  });

  it("does not retry a store that refuses the query", async () => {
    const refused = countingStore(createMemoryStore(), () => ({
      type: "rejected",
      message: "listJobs is not implemented",
    }));
    const { service } = serviceFixture(refused.store);
    expect(await fail(service.listJobs())).toMatchObject({ type: "store-rejected" });
    expect(refused.calls()).toBe(1);
  });
});

/** Wraps a store's listJobs: `failWith` may answer a call with an error instead of the store. */
const countingStore = (inner: RunRecordStore, failWith: () => StoreError | undefined) => {
  let calls = 0;
  const store: RunRecordStore = {
    ...inner,
    listJobs: (query): ResultAsync<import("../../src/store/job-query.js").JobPage, StoreError> => {
      calls++;
      const error = failWith();
      return error === undefined ? inner.listJobs(query) : errAsync(error);
    },
  };
  return { store, calls: () => calls };
};

// Paging while jobs are inserted between pages (newer, older and tied start times): every job that
// existed before the first page appears exactly once, no job appears twice, and pages stay in order.
const startTime = fc.integer({ min: 0, max: 12 }).map((n) => T0 + n * 1000);
fcTest.prop(
  [
    fc.uniqueArray(fc.integer({ min: 0, max: 86_399 }), { minLength: 0, maxLength: 40 }),
    fc.array(startTime, { minLength: 40, maxLength: 40 }),
    fc.array(fc.array(startTime, { maxLength: 4 }), { maxLength: 20 }),
    fc.integer({ min: 1, max: 5 }),
  ],
  { numRuns: 60 },
)(
  "paging across inserts never repeats or skips a job that existed throughout",
  async (seconds, times, insertsPerPage, limit) => {
    const { service, clock } = serviceFixture();
    const initial = seconds.slice(0, 20);
    const spare = seconds.slice(20);
    for (const [i, n] of initial.entries()) {
      await startAt(service, clock, runIdAt(n), times[i] ?? T0);
    }
    const seen: string[] = [];
    const order: { startedAt: number; runId: string }[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 200; page++) {
      const got = await ok(service.listJobs({ limit, ...(cursor ? { cursor } : {}) }));
      expect(got.jobs.length).toBeLessThanOrEqual(limit);
      seen.push(...ids(got));
      order.push(...got.jobs);
      cursor = got.nextCursor;
      if (cursor === undefined) break;
      for (const at of insertsPerPage[page] ?? []) {
        const n = spare.shift();
        if (n !== undefined) await startAt(service, clock, runIdAt(n), at);
      }
    }
    expect(cursor).toBeUndefined();
    expect(new Set(seen).size).toBe(seen.length);
    for (const n of initial) expect(seen).toContain(runIdAt(n));
    for (const [i, b] of order.entries()) {
      const a = order[i - 1];
      if (a === undefined) continue;
      expect(a.startedAt > b.startedAt || (a.startedAt === b.startedAt && a.runId > b.runId)).toBe(
        true,
      );
    }
  },
);
