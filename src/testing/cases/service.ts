import { describe, expect } from "vitest";
import { createRunRecordService } from "../../service/index.js";
import type { RunRecordStore } from "../../store/port.js";
import { T0 } from "../fixtures.js";
import { must, mustFail } from "../must.js";
import { createSuiteContext, type DescribeRunRecordStoreOptions } from "../suite-context.js";

const GROUP = "service";
const HOUR = 60 * 60 * 1000;

/** The store under the real service: `conflict`, one client run per key, `client-mismatch`, stale sweep and fencing. */
export function describeServiceCases(options: DescribeRunRecordStoreOptions): void {
  describe(GROUP, () => {
    const t = createSuiteContext(options, GROUP);
    const [m0] = t.metrics;
    const base = "251007-070457";

    const serviceOver = (store: RunRecordStore) => {
      let now = T0;
      const service = createRunRecordService({
        store,
        now: () => now,
        sleep: () => Promise.resolve(),
        random: () => 0.5,
      });
      return { service, setNow: (ms: number) => (now = ms) };
    };

    t.test(
      "the same job started twice is not created twice; a different payload is conflict",
      async (store) => {
        const { service } = serviceOver(store);
        const first = await must(service.startJob({ runId: base, stream: 1 }));
        const again = await must(service.startJob({ runId: base, stream: 1 }));
        expect([first.created, again.created]).toEqual([true, false]);
        expect(again.job).toEqual(first.job);
        const error = await mustFail(service.startJob({ runId: base, stream: 2 }));
        expect(error.type).toBe("conflict");
        expect((await must(service.getJob(base))).stream).toBe(1);
      },
    );

    t.test("racing startClientRun calls leave one record and one created: true", async (store) => {
      const { service } = serviceOver(store);
      await must(service.startJob({ runId: base }));
      const callers = options.concurrency ?? 500;
      const results = await Promise.all(
        Array.from({ length: callers }, (_, i) =>
          must(
            service.startClientRun({
              // Half the callers pass the client run ID, half the base run ID: one key either way.
              runId: i % 2 === 0 ? base : `${base}-Guy-Wilson`,
              clientId: "Guy-Wilson",
            }),
          ),
        ),
      );
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(results.map((r) => r.run.creationToken)).size).toBe(1);
      expect(await must(service.listClientRuns(base))).toHaveLength(1);
    });

    t.test(
      "a client run ID naming another client is client-mismatch and creates nothing",
      async (store) => {
        const { service } = serviceOver(store);
        await must(service.startJob({ runId: base }));
        const forged = await mustFail(
          service.startClientRun({ runId: `${base}-Guy`, clientId: "Wilson" }),
        );
        expect(forged.type).toBe("client-mismatch");
        await must(service.startClientRun({ runId: base, clientId: "Guy-Wilson" }));
        const tail = await mustFail(
          service.recordMetrics(`${base}-Guy-Wilson`, "Wilson", { [m0]: 1 }),
        );
        expect(tail.type).toBe("client-mismatch");
        const runs = await must(service.listClientRuns(base));
        expect(runs.map((r) => [r.clientId, r.metrics])).toEqual([["Guy-Wilson", {}]]);
      },
    );

    t.test(
      "the sweep marks only inactive running records stale; later writes are run-terminal until reopened",
      async (store) => {
        const { service, setNow } = serviceOver(store);
        await must(service.startJob({ runId: base }));
        await must(service.startClientRun({ runId: base, clientId: "Guy-Wilson" }));
        await must(service.startClientRun({ runId: base, clientId: "Dean-Hobin" }));
        setNow(T0 + HOUR);
        await must(service.recordMetrics(base, "Dean-Hobin", { [m0]: 1 }));

        setNow(T0 + 2.5 * HOUR);
        const swept = await must(service.sweepStaleRuns({ olderThanMs: 2 * HOUR }));
        expect(swept.clientRuns.map((r) => r.clientId)).toEqual(["Guy-Wilson"]);
        expect(swept.jobs).toEqual([]);
        const stale = await must(service.getClientRun(base, "Guy-Wilson"));
        expect(stale.status).toBe("stale");
        expect(stale.notes.length).toBeGreaterThan(0);
        expect((await must(service.getClientRun(base, "Dean-Hobin"))).status).toBe("running");
        expect((await must(service.sweepStaleRuns({ olderThanMs: 2 * HOUR }))).clientRuns).toEqual(
          [],
        );

        const fenced = await mustFail(service.recordMetrics(base, "Guy-Wilson", { [m0]: 5 }));
        expect(fenced.type).toBe("run-terminal");
        expect((await mustFail(service.appendProgress(base, "Guy-Wilson", "late"))).type).toBe(
          "run-terminal",
        );
        expect((await must(service.getClientRun(base, "Guy-Wilson"))).metrics).toEqual({});

        const reopened = await must(service.reopenClientRun(base, "Guy-Wilson"));
        expect(reopened.status).toBe("running");
        await must(service.recordMetrics(base, "Guy-Wilson", { [m0]: 5 }));
        expect((await must(service.getClientRun(base, "Guy-Wilson"))).metrics).toEqual({ [m0]: 5 });

        setNow(T0 + 5 * HOUR);
        const all = await must(service.sweepStaleRuns({ olderThanMs: 2 * HOUR }));
        expect(all.clientRuns.map((r) => r.clientId).sort()).toEqual(["Dean-Hobin", "Guy-Wilson"]);
        expect(all.jobs.map((j) => j.runId)).toEqual([base]);
        const late = await mustFail(service.startClientRun({ runId: base, clientId: "Wilson" }));
        expect(late.type).toBe("run-terminal");
        expect(await must(store.listRunning())).toEqual({ jobs: [], clientRuns: [] });
      },
    );

    t.test("a completed client run is fenced against later writes", async (store) => {
      const { service } = serviceOver(store);
      await must(service.startJob({ runId: base }));
      await must(service.startClientRun({ runId: base, clientId: "Guy-Wilson" }));
      await must(service.completeClientRun(base, "Guy-Wilson", { status: "completed" }));
      const error = await mustFail(service.recordMetrics(base, "Guy-Wilson", { [m0]: 1 }));
      expect(error.type).toBe("run-terminal");
    });
  });
}
