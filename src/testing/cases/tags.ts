import { describe, expect } from "vitest";
import type { TagChanges } from "../../store/tags.js";
import { baseId, clientId, newClientRun, newJob, T0 } from "../fixtures.js";
import { must, mustFail } from "../must.js";
import { createSuiteContext, type DescribeRunRecordStoreOptions } from "../suite-context.js";

const GROUP = "tags";

/** Tags: given at create, merged by changes (`null` removes), allowed on ended runs, validated, returned everywhere. */
export function describeTagCases(options: DescribeRunRecordStoreOptions): void {
  describe(GROUP, () => {
    const t = createSuiteContext(options, GROUP);
    const base = baseId("251007-070457");
    const guy = clientId("Guy-Wilson");

    t.test("tags are set, merged and removed with null, on jobs and client runs", async (store) => {
      await must(store.createJob({ ...newJob(base, "job"), tags: { source: "cron" } }));
      await must(
        store.createClientRun({ ...newClientRun(base, guy, "run"), tags: { actor: "a1" } }),
      );
      const steps: [TagChanges, Record<string, string>][] = [
        [{ marker: "log-1" }, { marker: "log-1" }],
        [
          { marker: "log-2", Marker: "upper" },
          { marker: "log-2", Marker: "upper" },
        ],
        [{ marker: null, absent: null }, { Marker: "upper" }],
      ];
      for (const [i, [tags, added]] of steps.entries()) {
        const job = await must(store.updateJob(base, { token: `tag-${i}`, at: T0 + i, tags }));
        expect(job.record.tags).toEqual({ source: "cron", ...added });
        const run = await must(
          store.updateClientRun(base, guy, { token: `tag-${i}`, at: T0 + i, tags }),
        );
        expect(run.record.tags).toEqual({ actor: "a1", ...added });
      }
      const jobTags = { source: "cron", Marker: "upper" };
      const runTags = { actor: "a1", Marker: "upper" };
      expect((await must(store.getJob(base)))?.tags).toEqual(jobTags);
      expect((await must(store.getClientRun(base, guy)))?.tags).toEqual(runTags);
      expect((await must(store.listClientRuns(base))).map((r) => r.tags)).toEqual([runTags]);
      const running = await must(store.listRunning());
      expect(running.jobs.map((j) => j.tags)).toEqual([jobTags]);
      expect(running.clientRuns.map((r) => r.tags)).toEqual([runTags]);
      expect((await must(store.listJobs())).jobs.map((j) => j.tags)).toEqual([jobTags]);
      // A change without tags leaves them alone.
      const untouched = await must(
        store.updateJob(base, { token: "notes", at: T0 + 9, notes: ["n"] }),
      );
      expect(untouched.record.tags).toEqual(jobTags);
    });

    t.test("records created without tags read back with none", async (store) => {
      await must(store.createJob(newJob(base, "job")));
      await must(store.createClientRun(newClientRun(base, guy, "run")));
      expect((await must(store.getJob(base)))?.tags).toEqual({});
      expect((await must(store.getClientRun(base, guy)))?.tags).toEqual({});
    });

    t.test("tags can be changed on an ended run", async (store) => {
      await must(store.createJob(newJob(base, "job")));
      await must(store.createClientRun(newClientRun(base, guy, "run")));
      const end = { token: "end", at: T0 + 1, status: "completed", endedAt: T0 + 1 } as const;
      await must(store.updateJob(base, end));
      await must(store.updateClientRun(base, guy, { ...end, status: "stale" }));
      const job = await must(
        store.updateJob(base, { token: "label", at: T0 + 2, tags: { analysed: "log-7" } }),
      );
      const run = await must(
        store.updateClientRun(base, guy, { token: "label", at: T0 + 2, tags: { analysed: "x" } }),
      );
      expect(job.record).toMatchObject({ status: "completed", tags: { analysed: "log-7" } });
      expect(run.record).toMatchObject({ status: "stale", tags: { analysed: "x" } });
      expect((await must(store.getJob(base)))?.tags).toEqual({ analysed: "log-7" });
    });

    t.test("invalid tag changes are rejected and write nothing", async (store) => {
      await must(store.createJob({ ...newJob(base, "job"), tags: { source: "cron" } }));
      await must(store.createClientRun(newClientRun(base, guy, "run")));
      const before = await must(store.getJob(base));
      const beforeRun = await must(store.getClientRun(base, guy));
      const bad: unknown[] = [
        { "": "empty key" },
        { ["k".repeat(129)]: "long key" },
        { key: "v".repeat(2049) },
        { key: "line\nbreak" },
        { "tab\tkey": "v" },
        { key: 5 },
        ["not", "an", "object"],
        "source=cron",
      ];
      for (const [i, tags] of bad.entries()) {
        const change = { token: `bad-${i}`, at: T0 + 1, notes: ["bad"], tags: tags as TagChanges };
        expect({ tags, type: (await mustFail(store.updateJob(base, change))).type }).toEqual({
          tags,
          type: "rejected",
        });
        const runError = await mustFail(store.updateClientRun(base, guy, change));
        expect({ tags, type: runError.type }).toEqual({ tags, type: "rejected" });
      }
      expect(await must(store.getJob(base))).toEqual(before);
      expect(await must(store.getClientRun(base, guy))).toEqual(beforeRun);
    });
  });
}
