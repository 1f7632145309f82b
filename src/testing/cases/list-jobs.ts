import { describe, expect } from "vitest";
import type { BaseRunId } from "../../run-id/brand.js";
import type { ListJobsQuery } from "../../store/job-query.js";
import type { RunRecordStore } from "../../store/port.js";
import type { JobRecord, RunStatus } from "../../store/records.js";
import type { Tags } from "../../store/tags.js";
import { baseIdAt, newJob, T0 } from "../fixtures.js";
import { must, mustFail } from "../must.js";
import { createSuiteContext, type DescribeRunRecordStoreOptions } from "../suite-context.js";

const GROUP = "listJobs";
const SECOND = 1000;

/** `listJobs`: newest first (ties by run ID), each filter, limits, paging to the end, and refused queries. */
export function describeListJobsCases(options: DescribeRunRecordStoreOptions): void {
  describe(GROUP, () => {
    const t = createSuiteContext(options, GROUP);

    t.test("an empty store lists no jobs and no cursor", async (store) => {
      expect(await must(store.listJobs())).toEqual({ jobs: [] });
    });

    t.test(
      "newest first by start time, ties by run ID descending, each as getJob returns it",
      async (store) => {
        // Run IDs and start times disagree on purpose: the order is by start time, not by ID or insertion.
        const oldest = await addJob(store, baseIdAt(T0 + 2 * SECOND), T0 - 5 * SECOND);
        const tieLow = await addJob(store, baseIdAt(T0), T0);
        const tieMid = await addJob(store, baseIdAt(T0 + SECOND), T0);
        const newest = await addJob(store, baseIdAt(T0 - SECOND), T0 + 5 * SECOND, "completed");
        const tieHigh = await addJob(store, baseIdAt(T0 + 3 * SECOND), T0);
        const page = await must(store.listJobs());
        expect(page.nextCursor).toBeUndefined();
        expect(page.jobs.map((j) => j.runId)).toEqual([newest, tieHigh, tieMid, tieLow, oldest]);
        for (const job of page.jobs) expect(job).toEqual(await must(store.getJob(job.runId)));
      },
    );

    t.test(
      "filters: status (one or a list), tags (every pair, case-sensitive), start time bounds (exclusive)",
      async (store) => {
        const a = await addJob(store, baseIdAt(T0), T0, "running", { team: "red", source: "cron" });
        const b = await addJob(store, baseIdAt(T0 + SECOND), T0 + SECOND, "completed", {
          team: "red",
        });
        const c = await addJob(store, baseIdAt(T0 + 2 * SECOND), T0 + 2 * SECOND, "failed", {
          team: "blue",
          source: "cron",
        });
        const d = await addJob(store, baseIdAt(T0 + 3 * SECOND), T0 + 3 * SECOND, "stale");
        const e = await addJob(store, baseIdAt(T0 + 4 * SECOND), T0 + 4 * SECOND, "completed", {
          team: "Red",
        });
        const cases: [ListJobsQuery, BaseRunId[]][] = [
          [{ status: "completed" }, [e, b]],
          [{ status: ["failed", "stale"] }, [d, c]],
          [{ status: ["no_work"] }, []],
          [{ tags: { team: "red" } }, [b, a]],
          [{ tags: { team: "red", source: "cron" } }, [a]],
          [{ tags: { source: "cron" } }, [c, a]],
          [{ tags: { team: "RED" } }, []],
          [{ startedAfter: T0 + SECOND }, [e, d, c]],
          [{ startedBefore: new Date(T0 + 3 * SECOND) }, [c, b, a]],
          [
            {
              startedAfter: new Date(T0).toISOString(),
              startedBefore: T0 + 4 * SECOND,
            },
            [d, c, b],
          ],
          [{ status: ["completed", "running"], tags: { team: "red" } }, [b, a]],
          [{ status: "completed", startedBefore: T0 + 4 * SECOND }, [b]],
        ];
        for (const [query, expected] of cases) {
          const page = await must(store.listJobs(query));
          expect({ query, jobs: page.jobs.map((j) => j.runId) }).toEqual({ query, jobs: expected });
          expect(page.nextCursor).toBeUndefined();
        }
      },
    );

    t.test(
      "pages of at most limit jobs follow nextCursor to the end; the default limit is 50",
      async (store) => {
        // Start times tie in threes, so page boundaries fall inside ties.
        const jobs = Array.from({ length: 53 }, (_, i) => ({
          runId: baseIdAt(T0 + i * SECOND),
          startedAt: T0 + Math.floor(i / 3) * SECOND,
        }));
        for (let i = 0; i < jobs.length; i += 20) {
          await Promise.all(
            jobs
              .slice(i, i + 20)
              .map((j) => must(store.createJob(newJob(j.runId, j.runId, j.startedAt)))),
          );
        }
        const expected = [...jobs].sort(newestFirst).map((j) => j.runId);
        const first = await must(store.listJobs());
        expect(first.jobs.map((j) => j.runId)).toEqual(expected.slice(0, 50));
        expect(first.nextCursor).toBeDefined();
        const rest = await pageThrough(store, {}, first.nextCursor);
        expect(rest).toEqual(expected.slice(50));
        expect(await pageThrough(store, { limit: 7 })).toEqual(expected);
        const all = await must(store.listJobs({ limit: 500 }));
        expect(all.jobs.map((j) => j.runId)).toEqual(expected);
        expect(all.nextCursor).toBeUndefined();
        const filtered = { limit: 2, startedBefore: T0 + 4 * SECOND };
        expect(await pageThrough(store, filtered)).toEqual(expected.slice(-12));
      },
    );

    t.test(
      "a cursor survives inserts and changes between pages: no job that existed throughout repeats or is skipped",
      async (store) => {
        // Original run IDs are 10 s apart, so a newcomer can take an ID just above or below any of them.
        const originals: BaseRunId[] = [];
        for (let i = 0; i < 12; i++) {
          const runId = baseIdAt(T0 + i * 10 * SECOND);
          originals.push(await addJob(store, runId, T0 + Math.floor(i / 2) * SECOND));
        }
        const seen: JobRecord[] = [];
        let page = await must(store.listJobs({ limit: 5 }));
        let round = 0;
        while (round < 50) {
          seen.push(...page.jobs);
          if (page.nextCursor === undefined) break;
          const last = page.jobs[page.jobs.length - 1] as JobRecord;
          const near = (offset: number) => baseIdAt(runIdTime(last.runId) + offset);
          // Newcomers: newer than everything, tied with the cursor's job on both sides of its run ID, and older
          // than everything; plus a status change, which moves no job.
          round++;
          await addJob(store, near(SECOND), last.startedAt);
          await addJob(store, near(-SECOND), last.startedAt);
          await addJob(store, baseIdAt(T0 + (200 + round) * 10 * SECOND), T0 + 100 * SECOND);
          await addJob(store, baseIdAt(T0 - round * 10 * SECOND), T0 - 100 * SECOND);
          await must(
            store.updateJob(last.runId, { token: `touch-${round}`, at: T0, status: "completed" }),
          );
          page = await must(store.listJobs({ limit: 5, cursor: page.nextCursor }));
        }
        const ids = seen.map((j) => j.runId);
        expect(new Set(ids).size).toBe(ids.length);
        for (const runId of originals) expect(ids).toContain(runId);
        const order = seen.map((j) => ({ runId: j.runId, startedAt: j.startedAt }));
        expect(order).toEqual([...order].sort(newestFirst));
      },
    );

    t.test("a query that does not parse is rejected, naming the field", async (store) => {
      await addJob(store, baseIdAt(T0), T0, "completed");
      await addJob(store, baseIdAt(T0 + SECOND), T0 + SECOND, "completed");
      const cursor = (await must(store.listJobs({ status: "completed", limit: 1 }))).nextCursor;
      expect(cursor).toBeDefined();
      const bad: [unknown, string][] = [
        [{ status: "Running" }, "status"],
        [{ status: [] }, "status"],
        [{ status: ["running", "done"] }, "status"],
        [{ limit: 0 }, "limit"],
        [{ limit: 10_000 }, "limit"],
        [{ limit: 2.5 }, "limit"],
        [{ startedAfter: "yesterday" }, "startedAfter"],
        [{ startedBefore: Number.NaN }, "startedBefore"],
        [{ startedAfter: new Date(Number.NaN) }, "startedAfter"],
        [{ tags: { "": "x" } }, "tags"],
        [{ tags: { team: 5 } }, "tags"],
        [{ cursor: "not a cursor" }, "cursor"],
        [{ cursor: "bm90LWEtY3Vyc29y" }, "cursor"],
        // A cursor is only good for the query that made it.
        [{ status: "failed", limit: 1, cursor }, "cursor"],
        [{ limit: 1, cursor }, "cursor"],
      ];
      for (const [query, field] of bad) {
        const error = await mustFail(store.listJobs(query as ListJobsQuery));
        expect({ query, type: error.type }).toEqual({ query, type: "rejected" });
        expect(error.message).toContain(field);
      }
    });
  });
}

/** Creates a running job started at `startedAt`, then moves it to `status` and gives it `tags` if asked. */
async function addJob(
  store: RunRecordStore,
  runId: BaseRunId,
  startedAt: number,
  status: RunStatus = "running",
  tags: Tags = {},
): Promise<BaseRunId> {
  await must(store.createJob({ ...newJob(runId, runId, startedAt), tags }));
  if (status !== "running") {
    await must(store.updateJob(runId, { token: "status", at: startedAt + 1, status }));
  }
  return runId;
}

/** Follows `nextCursor` from `cursor` (or the first page) to the end; every page keeps the limit. */
async function pageThrough(
  store: RunRecordStore,
  query: ListJobsQuery,
  cursor?: string,
): Promise<BaseRunId[]> {
  const ids: BaseRunId[] = [];
  let next = cursor;
  do {
    const page = await must(
      store.listJobs({ ...query, ...(next === undefined ? {} : { cursor: next }) }),
    );
    expect(page.jobs.length).toBeLessThanOrEqual(query.limit ?? 50);
    ids.push(...page.jobs.map((j) => j.runId));
    next = page.nextCursor;
    // A page that ends exactly at the last job may still carry a cursor; the next one is then empty.
  } while (next !== undefined && ids.length <= 10_000);
  return ids;
}

function newestFirst(
  a: { runId: BaseRunId; startedAt: number },
  b: { runId: BaseRunId; startedAt: number },
): number {
  if (a.startedAt !== b.startedAt) return b.startedAt - a.startedAt;
  return a.runId < b.runId ? 1 : a.runId > b.runId ? -1 : 0;
}

/** The instant a canonical base run ID (`YYMMDD-HHMMSS`, UTC) names. */
function runIdTime(runId: BaseRunId): number {
  const n = (from: number) => Number(runId.slice(from, from + 2));
  return Date.UTC(2000 + n(0), n(2) - 1, n(4), n(7), n(9), n(11));
}
