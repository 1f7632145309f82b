import type { ResultAsync } from "neverthrow";
import { describe, expect } from "vitest";
import type { Applied } from "../../store/changes.js";
import type { RunStatus } from "../../store/records.js";
import type { StoreError } from "../../store/store-error.js";
import { baseId, clientId, newClientRun, newJob, T0 } from "../fixtures.js";
import { must, mustFail } from "../must.js";
import { createSuiteContext, type DescribeRunRecordStoreOptions } from "../suite-context.js";

const GROUP = "conditional updates";

interface Ended {
  readonly status: RunStatus;
  readonly notes: readonly string[];
}

/** `ifStatus` is checked in the same atomic step as the write, and an empty list refuses every write. */
export function describeConditionalCases(options: DescribeRunRecordStoreOptions): void {
  describe(GROUP, () => {
    const t = createSuiteContext(options, GROUP);
    const [m0] = t.metrics;
    const base = baseId("251007-070457");
    const guy = clientId("Guy-Wilson");
    const racers = options.racers ?? 50;

    // "Complete if running" against the sweep's "mark stale if running": a store that reads the status, awaits,
    // then writes lets both apply, and the run ends both completed and stale.
    const race = async <T extends Ended>(
      write: (kind: RunStatus, i: number) => ResultAsync<Applied<T>, StoreError>,
      read: () => Promise<T | undefined>,
    ) => {
      const calls = Array.from({ length: racers }, (_, i) =>
        (["completed", "stale"] as const).map((kind) => write(kind, i)),
      ).flat();
      const results = await Promise.all(calls);
      const applied = results.flatMap((r) => (r.isOk() && r.value.applied ? [r.value] : []));
      expect(applied).toHaveLength(1);
      const record = await read();
      const winner = applied[0]?.record;
      expect(record?.status).toBe(winner?.status);
      // Exactly one change's note landed: no loser wrote anything.
      expect(record?.notes).toEqual(winner?.notes);
      expect(record?.notes).toHaveLength(1);
      const failures = results.filter((r) => !(r.isOk() && r.value.applied));
      expect(failures).toHaveLength(racers * 2 - 1);
      for (const failure of failures) {
        expect(failure.isErr() && failure.error).toMatchObject({
          type: "precondition-failed",
          status: record?.status,
        });
      }
    };

    t.test(
      "racing complete-if-running and stale-if-running on a client run: exactly one applies",
      async (store) => {
        await must(store.createClientRun(newClientRun(base, guy, "run")));
        await race(
          (kind, i) =>
            store.updateClientRun(base, guy, {
              token: `${kind}-${i}`,
              at: T0 + i,
              ifStatus: ["running"],
              status: kind,
              notes: [`${kind} by ${i}`],
            }),
          () => must(store.getClientRun(base, guy)),
        );
      },
      ["conditionalUpdate"],
    );

    t.test(
      "racing complete-if-running and stale-if-running on a job: exactly one applies",
      async (store) => {
        await must(store.createJob(newJob(base, "job")));
        await race(
          (kind, i) =>
            store.updateJob(base, {
              token: `${kind}-${i}`,
              at: T0 + i,
              ifStatus: ["running"],
              status: kind,
              notes: [`${kind} by ${i}`],
            }),
          () => must(store.getJob(base)),
        );
      },
      ["conditionalUpdate"],
    );

    t.test(
      "an empty ifStatus list refuses every write: precondition-failed, nothing written",
      async (store) => {
        await must(store.createJob(newJob(base, "job")));
        await must(store.createClientRun(newClientRun(base, guy, "run")));
        const job = await must(store.getJob(base));
        const run = await must(store.getClientRun(base, guy));
        const jobError = await mustFail(
          store.updateJob(base, {
            token: "empty",
            at: T0 + 1,
            ifStatus: [],
            status: "completed",
            notes: ["written anyway"],
          }),
        );
        expect(jobError).toMatchObject({ type: "precondition-failed", status: "running" });
        const runError = await mustFail(
          store.updateClientRun(base, guy, {
            token: "empty",
            at: T0 + 1,
            ifStatus: [],
            increments: { [m0]: 1 },
            progress: [{ at: T0 + 1, message: "written anyway" }],
          }),
        );
        expect(runError).toMatchObject({ type: "precondition-failed", status: "running" });
        expect(await must(store.getJob(base))).toEqual(job);
        expect(await must(store.getClientRun(base, guy))).toEqual(run);
        // The refused token was not used up: the same change without the empty list applies.
        const retried = await must(
          store.updateClientRun(base, guy, { token: "empty", at: T0 + 2, increments: { [m0]: 1 } }),
        );
        expect(retried.applied).toBe(true);
        expect(retried.record.metrics).toEqual({ [m0]: 1 });
      },
      ["conditionalUpdate"],
    );
  });
}
