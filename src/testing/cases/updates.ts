import { describe, expect } from "vitest";
import { baseId, clientId, newClientRun, newJob, T0 } from "../fixtures.js";
import { must, mustFail } from "../must.js";
import { createSuiteContext, type DescribeRunRecordStoreOptions } from "../suite-context.js";

const GROUP = "update";

/** What one change does to each field, `not-found` and `precondition-failed`. */
export function describeUpdateCases(options: DescribeRunRecordStoreOptions): void {
  describe(GROUP, () => {
    const t = createSuiteContext(options, GROUP);
    const [m0, m1, m2] = t.metrics;
    const base = baseId("251007-070457");
    const guy = clientId("Guy-Wilson");

    t.test("updating a missing job or client run is not-found", async (store) => {
      const jobError = await mustFail(store.updateJob(base, { token: "a", at: T0 }));
      expect(jobError.type).toBe("not-found");
      const runError = await mustFail(store.updateClientRun(base, guy, { token: "b", at: T0 }));
      expect(runError.type).toBe("not-found");
      await must(store.createJob(newJob(base, "job")));
      const stillMissing = await mustFail(store.updateClientRun(base, guy, { token: "c", at: T0 }));
      expect(stillMissing.type).toBe("not-found");
    });

    t.test("a job change sets status, end, seal and activity, and appends notes", async (store) => {
      await must(store.createJob({ ...newJob(base, "job"), notes: ["one"] }));
      const ended = await must(
        store.updateJob(base, {
          token: "end",
          at: T0 + 60_000,
          status: "completed",
          endedAt: T0 + 60_000,
          sealed: true,
          notes: ["two", "three"],
        }),
      );
      expect(ended.applied).toBe(true);
      expect(ended.record).toMatchObject({
        status: "completed",
        endedAt: T0 + 60_000,
        sealed: true,
        notes: ["one", "two", "three"],
        lastActivityAt: T0 + 60_000,
        startedAt: T0,
        creationToken: "job",
      });
      const reopened = await must(
        store.updateJob(base, {
          token: "reopen",
          at: T0 + 120_000,
          status: "running",
          endedAt: null,
        }),
      );
      expect(reopened.record.endedAt).toBeUndefined();
      expect(reopened.record.status).toBe("running");
      expect(await must(store.getJob(base))).toEqual(reopened.record);
    });

    t.test(
      "a client run change adds increments, replaces set metrics and merges operations",
      async (store) => {
        await must(store.createClientRun(newClientRun(base, guy, "run")));
        await must(
          store.updateClientRun(base, guy, {
            token: "one",
            at: T0 + 1,
            increments: { [m0]: 40, [m1]: 2 },
            operations: { lead_scoring: { status: "running", startedAt: T0 + 1 } },
          }),
        );
        const { record } = await must(
          store.updateClientRun(base, guy, {
            token: "two",
            at: T0 + 2,
            increments: { [m0]: 40 },
            set: { [m2]: 0.25 },
            operations: {
              lead_scoring: { status: "completed", startedAt: T0 + 1, endedAt: T0 + 2 },
              post_scoring: { status: "declared" },
            },
            status: "completed_with_errors",
            endedAt: T0 + 2,
            notes: ["post scoring never started"],
          }),
        );
        expect(record).toMatchObject({
          metrics: { [m0]: 80, [m1]: 2, [m2]: 0.25 },
          operations: {
            lead_scoring: { status: "completed", startedAt: T0 + 1, endedAt: T0 + 2 },
            post_scoring: { status: "declared" },
          },
          status: "completed_with_errors",
          endedAt: T0 + 2,
          notes: ["post scoring never started"],
          lastActivityAt: T0 + 2,
        });
        const again = await must(
          store.updateClientRun(base, guy, { token: "three", at: T0 + 3, set: { [m2]: 1.5 } }),
        );
        expect(again.record.metrics).toEqual({ [m0]: 80, [m1]: 2, [m2]: 1.5 });
        expect(await must(store.getClientRun(base, guy))).toEqual(again.record);
      },
    );

    t.test("set to 0 stores 0, over a value and for a new metric", async (store) => {
      await must(store.createClientRun(newClientRun(base, guy, "run")));
      await must(
        store.updateClientRun(base, guy, { token: "one", at: T0 + 1, increments: { [m0]: 7 } }),
      );
      // A store that skips falsy values (`if (value) …`) keeps 7 and never writes m1.
      const { record } = await must(
        store.updateClientRun(base, guy, { token: "zero", at: T0 + 2, set: { [m0]: 0, [m1]: 0 } }),
      );
      expect(record.metrics).toEqual({ [m0]: 0, [m1]: 0 });
      expect((await must(store.getClientRun(base, guy)))?.metrics).toEqual({ [m0]: 0, [m1]: 0 });
    });

    t.test(
      "ifStatus that does not hold is precondition-failed and writes nothing",
      async (store) => {
        await must(store.createJob(newJob(base, "job")));
        await must(store.createClientRun(newClientRun(base, guy, "run")));
        await must(store.updateJob(base, { token: "end", at: T0 + 1, status: "stale" }));
        const before = await must(store.getJob(base));
        const jobError = await mustFail(
          store.updateJob(base, {
            token: "late",
            at: T0 + 2,
            ifStatus: ["running"],
            notes: ["late"],
          }),
        );
        expect(jobError).toMatchObject({ type: "precondition-failed", status: "stale" });
        expect(await must(store.getJob(base))).toEqual(before);

        await must(
          store.updateClientRun(base, guy, { token: "end", at: T0 + 1, status: "failed" }),
        );
        const runError = await mustFail(
          store.updateClientRun(base, guy, {
            token: "late",
            at: T0 + 2,
            ifStatus: ["running", "stale"],
            increments: { [m0]: 1 },
          }),
        );
        expect(runError).toMatchObject({ type: "precondition-failed", status: "failed" });
        expect((await must(store.getClientRun(base, guy)))?.metrics).toEqual({});
      },
      ["conditionalUpdate"],
    );

    t.test(
      "ifStatus that holds applies the change",
      async (store) => {
        await must(store.createClientRun(newClientRun(base, guy, "run")));
        const result = await must(
          store.updateClientRun(base, guy, {
            token: "ok",
            at: T0 + 1,
            ifStatus: ["stale", "running"],
            increments: { [m0]: 3 },
          }),
        );
        expect(result.applied).toBe(true);
        expect(result.record.metrics).toEqual({ [m0]: 3 });
      },
      ["conditionalUpdate"],
    );
  });
}
