import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BaseRunId } from "../../src/run-id/brand.js";
import { baseIdAt, clientId, newClientRun, newJob, T0 } from "../../src/testing/fixtures.js";
import { must } from "../../src/testing/must.js";
import type { AirtableServer } from "../support/airtable/index.js";
import { BASE, makeBase, makeStore, startServer } from "./harness.js";

const DAY = 24 * 60 * 60 * 1000;
const JOBS = "Job Tracking";

/** Requests to `table` sent while `fn` ran. */
const requestsTo = async (server: AirtableServer, table: string, fn: () => Promise<unknown>) => {
  server.clearRequests();
  await fn();
  return server.requests.filter((r) => r.table === table).length;
};

describe("listJobs and the complete lists of the Airtable store", () => {
  let server: AirtableServer;
  // 250 jobs, one second apart, ended; each of the first job's 250 client runs still running.
  const jobs: BaseRunId[] = Array.from({ length: 250 }, (_, i) => baseIdAt(T0 + i * 1000));
  const first = jobs[0] as BaseRunId;
  const clients = Array.from({ length: 250 }, (_, i) => clientId(`Client-${i}`));
  // A reader two days later: no creation is recent, so only rows (followed page by page) find jobs.
  const later = () => makeStore(server, { now: () => T0 + 2 * DAY });

  beforeAll(async () => {
    server = await startServer();
    const writer = makeStore(server);
    await Promise.all(
      jobs.map((runId, i) => must(writer.createJob(newJob(runId, `j${i}`, T0 + i * 1000)))),
    );
    await Promise.all(
      jobs
        .slice(1)
        .map((runId, i) =>
          must(writer.updateJob(runId, { token: `end${i}`, at: T0, status: "completed" })),
        ),
    );
    await Promise.all(
      clients.map((c, i) => must(writer.createClientRun(newClientRun(first, c, `c${i}`)))),
    );
    await must(writer.close());
  });
  afterAll(async () => {
    await server.close();
  });

  it("follows Job Tracking's 100-record pages: 250 jobs in one page of 500, and paged by 100", async () => {
    const store = later();
    const all = await must(store.listJobs({ limit: 500 }));
    expect(all.jobs.map((j) => j.runId)).toEqual([...jobs].reverse());
    expect(all.nextCursor).toBeUndefined();
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await must(store.listJobs({ limit: 100, ...(cursor ? { cursor } : {}) }));
      ids.push(...page.jobs.map((j) => j.runId));
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    expect(ids).toEqual([...jobs].reverse());
  });

  it("stops reading rows once the page is certain: the latest five cost one Job Tracking page", async () => {
    const store = later();
    let page: { jobs: readonly { runId: string }[] } = { jobs: [] };
    const reads = await requestsTo(server, JOBS, async () => {
      page = await must(store.listJobs({ limit: 5 }));
    });
    expect(page.jobs.map((j) => j.runId)).toEqual(jobs.slice(-5).reverse());
    expect(reads).toBe(1);
    // A cursor deep in the table starts its reading there (a bound in the formula), not at the top.
    const deep = await must(store.listJobs({ limit: 200 }));
    const next = await requestsTo(server, JOBS, () =>
      must(store.listJobs({ limit: 5, cursor: deep.nextCursor as string })),
    );
    expect(next).toBe(1);
  });

  it("a process holding many jobs re-reads only those in the query's window", async () => {
    const holder = makeStore(server, { now: () => T0 + 2 * DAY, keepEndedJobs: true });
    expect((await must(holder.listJobs({ limit: 500 }))).jobs.length).toBeGreaterThanOrEqual(250);
    let page: { jobs: readonly { runId: string }[] } = { jobs: [] };
    const reads = await requestsTo(server, "Run Events", async () => {
      page = await must(holder.listJobs({ startedBefore: T0 + 5000 }));
    });
    expect(page.jobs.map((j) => j.runId)).toEqual(jobs.slice(0, 5).reverse());
    // The recent creations, one read of the held jobs in the window, one of the rows' remainder (the
    // widened bound brings the next second's job); re-reading all 250 held jobs would take six more.
    expect(reads).toBe(3);
  });

  it("status and tags come from the events, not from a row edited by hand or lagging", async () => {
    const row = server.records(BASE, JOBS).find((r) => r.fields["Run ID"] === jobs[10]);
    await makeBase(server)(JOBS).update(row?.id as string, { Status: "Running" });
    const running = await must(later().listJobs({ status: "running", limit: 500 }));
    expect(running.jobs.map((j) => j.runId)).toEqual([first]);
  });

  it("a job created by another process moments ago is listed before its row is written", async () => {
    const runId = baseIdAt(T0 + 900_000);
    const other = makeStore(server, { flushIntervalMs: 60_000 });
    await must(other.createJob({ ...newJob(runId, "fresh", T0 + 900_000), tags: { k: "v" } }));
    expect(server.records(BASE, JOBS).some((r) => r.fields["Run ID"] === runId)).toBe(false);
    const page = await must(makeStore(server).listJobs({ tags: { k: "v" } }));
    expect(page.jobs.map((j) => j.runId)).toEqual([runId]);
    await must(other.close());
  });

  it("listClientRuns and listRunning return all 250 client runs (more than one page)", async () => {
    const store = later();
    const runs = await must(store.listClientRuns(first));
    expect(runs.map((r) => r.clientId).sort()).toEqual([...clients].sort());
    const running = await must(later().listRunning());
    expect(running.clientRuns).toHaveLength(250);
    expect(running.jobs.map((j) => j.runId)).toContain(first);
  });
});
