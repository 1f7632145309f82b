import { describe, expect } from "vitest";
import { baseId, clientId, newClientRun, newJob, T0 } from "../fixtures.js";
import { must, mustFail } from "../must.js";
import { createSuiteContext, type DescribeRunRecordStoreOptions } from "../suite-context.js";

const GROUP = "idempotency";

/** A change token is applied at most once per record, including under concurrency. */
export function describeIdempotencyCases(options: DescribeRunRecordStoreOptions): void {
  describe(GROUP, () => {
    const t = createSuiteContext(options, GROUP);
    const [cost] = t.metrics;
    const base = baseId("251007-070457");
    const guy = clientId("Guy-Wilson");
    const dean = clientId("Dean-Hobin");
    const webhook = { token: "apify-webhook-1", at: T0 + 10, increments: { [cost]: 1.75 } };

    t.test(
      "a retried change is not applied twice and returns the record unchanged",
      async (store) => {
        await must(store.createClientRun(newClientRun(base, guy, "run")));
        const first = await must(store.updateClientRun(base, guy, webhook));
        const retry = await must(store.updateClientRun(base, guy, { ...webhook, at: T0 + 99 }));
        expect(first.applied).toBe(true);
        expect(retry.applied).toBe(false);
        expect(retry.record).toEqual(first.record);
        expect(retry.record.metrics).toEqual({ [cost]: 1.75 });
        expect(retry.record.lastActivityAt).toBe(T0 + 10);
      },
      ["idempotentChanges"],
    );

    t.test(
      "a token is remembered per record, not globally",
      async (store) => {
        await must(store.createJob(newJob(base, "job")));
        await must(store.createClientRun(newClientRun(base, guy, "run-guy")));
        await must(store.createClientRun(newClientRun(base, dean, "run-dean")));
        expect((await must(store.updateClientRun(base, guy, webhook))).applied).toBe(true);
        expect((await must(store.updateClientRun(base, dean, webhook))).applied).toBe(true);
        const job = await must(
          store.updateJob(base, { token: webhook.token, at: T0, notes: ["n"] }),
        );
        expect(job.applied).toBe(true);
        expect((await must(store.getClientRun(base, dean)))?.metrics).toEqual({ [cost]: 1.75 });
      },
      ["idempotentChanges"],
    );

    t.test(
      "the same token sent 50 times at once is applied exactly once",
      async (store) => {
        await must(store.createClientRun(newClientRun(base, guy, "run")));
        const results = await Promise.all(
          Array.from({ length: 50 }, () =>
            must(
              store.updateClientRun(base, guy, {
                ...webhook,
                progress: [{ at: T0, message: "cost" }],
              }),
            ),
          ),
        );
        expect(results.filter((r) => r.applied)).toHaveLength(1);
        const record = await must(store.getClientRun(base, guy));
        expect(record?.metrics).toEqual({ [cost]: 1.75 });
        expect(record?.progress).toHaveLength(1);
      },
      ["idempotentChanges", "atomicUpdate"],
    );

    t.test(
      "a change refused by its precondition does not use up its token",
      async (store) => {
        await must(store.createJob(newJob(base, "job")));
        await must(store.updateJob(base, { token: "stale", at: T0 + 1, status: "stale" }));
        const change = {
          token: "late",
          at: T0 + 2,
          ifStatus: ["running"] as const,
          notes: ["late"],
        };
        expect((await mustFail(store.updateJob(base, change))).type).toBe("precondition-failed");
        await must(store.updateJob(base, { token: "reopen", at: T0 + 3, status: "running" }));
        const retried = await must(store.updateJob(base, change));
        expect(retried.applied).toBe(true);
        expect(retried.record.notes).toEqual(["late"]);
      },
      ["idempotentChanges", "conditionalUpdate"],
    );
  });
}
