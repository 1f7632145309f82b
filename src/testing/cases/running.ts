import { describe, expect } from "vitest";
import { baseId, clientId, newClientRun, newJob, T0 } from "../fixtures.js";
import { must } from "../must.js";
import { createSuiteContext, type DescribeRunRecordStoreOptions } from "../suite-context.js";

const GROUP = "listRunning";

/** `listRunning` returns exactly the jobs and client runs whose status is `running`. */
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
  });
}
