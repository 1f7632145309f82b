import { describe, expect } from "vitest";
import { baseId, baseIdAt, clientId, newClientRun, newJob, T0 } from "../fixtures.js";
import { must } from "../must.js";
import { createSuiteContext, type DescribeRunRecordStoreOptions } from "../suite-context.js";

const GROUP = "listRunning";

/** `listRunning` returns exactly the jobs and client runs whose status is `running`; lists are never cut short. */
export function describeRunningCases(options: DescribeRunRecordStoreOptions): void {
  describe(GROUP, () => {
    const t = createSuiteContext(options, GROUP);

    t.test("lists running jobs and client runs only", async (store) => {
      const a = baseId("251007-070457");
      const b = baseId("250926-124530");
      const guy = clientId("Guy-Wilson");
      const dean = clientId("Dean-Hobin");
      await must(store.createJob(newJob(a, "a")));
      await must(store.createJob(newJob(b, "b")));
      await must(store.createClientRun(newClientRun(a, guy, "a-guy")));
      await must(store.createClientRun(newClientRun(a, dean, "a-dean")));
      await must(store.createClientRun(newClientRun(b, guy, "b-guy")));
      await must(
        store.updateJob(b, { token: "end", at: T0 + 1, status: "completed", endedAt: T0 + 1 }),
      );
      await must(store.updateClientRun(a, dean, { token: "end", at: T0 + 1, status: "stale" }));
      await must(store.updateClientRun(b, guy, { token: "end", at: T0 + 1, status: "no_work" }));
      const running = await must(store.listRunning());
      expect(running.jobs.map((j) => j.runId)).toEqual([a]);
      expect(running.clientRuns.map((r) => [r.baseRunId, r.clientId])).toEqual([[a, guy]]);
      await must(
        store.updateClientRun(a, dean, { token: "reopen", at: T0 + 2, status: "running" }),
      );
      const after = await must(store.listRunning());
      expect(after.clientRuns.map((r) => r.clientId).sort()).toEqual([dean, guy].sort());
    });

    const size = options.listSize ?? 250;
    const withListJobs = !(options.skip ?? []).includes("listJobs");
    const title = withListJobs
      ? `listClientRuns, listRunning and listJobs return all ${size} records`
      : `listClientRuns and listRunning return all ${size} records`;
    t.test(title, async (store) => {
      // A store that reads one page of 100 (Airtable's page size) and stops looks right until a big run.
      const base = baseIdAt(T0);
      const clients = Array.from({ length: size }, (_, i) => clientId(`Client-${i}`));
      const jobs = Array.from({ length: size }, (_, i) => baseIdAt(T0 + i * 1000));
      for (let i = 0; i < size; i += 50) {
        await Promise.all([
          ...jobs.slice(i, i + 50).map((job) => must(store.createJob(newJob(job, job)))),
          ...clients
            .slice(i, i + 50)
            .map((client) => must(store.createClientRun(newClientRun(base, client, client)))),
        ]);
      }
      const listed = await must(store.listClientRuns(base));
      expect(listed.map((r) => r.clientId).sort()).toEqual([...clients].sort());
      const running = await must(store.listRunning());
      expect(running.jobs.map((j) => j.runId).sort()).toEqual([...jobs].sort());
      expect(running.clientRuns.map((r) => r.clientId).sort()).toEqual([...clients].sort());
      if (!withListJobs) return;
      // Every job starts at T0, so the order is by run ID alone and every cursor falls inside one tie.
      const newestFirst = [...jobs].reverse();
      const all = await must(store.listJobs({ limit: Math.min(size, 500) }));
      expect(all.jobs.map((j) => j.runId)).toEqual(newestFirst.slice(0, 500));
      const paged = [];
      let cursor: string | undefined;
      do {
        const page = await must(store.listJobs(cursor === undefined ? {} : { cursor }));
        paged.push(...page.jobs.map((j) => j.runId));
        cursor = page.nextCursor;
      } while (cursor !== undefined && paged.length <= size);
      expect(paged).toEqual(newestFirst);
    });
  });
}
