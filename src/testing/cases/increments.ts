import { describe, expect } from "vitest";
import { baseId, clientId, newClientRun, T0 } from "../fixtures.js";
import { must } from "../must.js";
import { createSuiteContext, type DescribeRunRecordStoreOptions } from "../suite-context.js";

const GROUP = "increments";

/** Increments accumulate and none is lost, however many writers race on one record. */
export function describeIncrementCases(options: DescribeRunRecordStoreOptions): void {
  describe(GROUP, () => {
    const t = createSuiteContext(options, GROUP);
    const metrics = t.metrics;
    const base = baseId("251007-070457");
    const guy = clientId("Guy-Wilson");
    const operations = ["lead_scoring", "post_harvesting", "post_scoring"] as const;

    t.test("sequential increments accumulate instead of overwriting", async (store) => {
      await must(store.createClientRun(newClientRun(base, guy, "run")));
      // The old lead scorer wrote each 40-lead chunk over the previous one: 120 leads ended as 40.
      for (const chunk of [0, 1, 2]) {
        await must(
          store.updateClientRun(base, guy, {
            token: `chunk-${chunk}`,
            at: T0 + chunk,
            increments: { [metrics[0]]: 40 },
          }),
        );
      }
      expect((await must(store.getClientRun(base, guy)))?.metrics).toEqual({ [metrics[0]]: 120 });
    });

    t.test(
      "concurrent increments from three operations are all kept",
      async (store) => {
        await must(store.createClientRun(newClientRun(base, guy, "run")));
        const writers = options.concurrency ?? 500;
        const expected = new Map<string, number>();
        const writes = Array.from({ length: writers }, (_, i) => {
          const operation = operations[i % operations.length] ?? "lead_scoring";
          const metric = metrics[i % metrics.length] ?? metrics[0];
          const amount = (i % 7) + 1;
          expected.set(metric, (expected.get(metric) ?? 0) + amount);
          return must(
            store.updateClientRun(base, guy, {
              token: `${operation}-${i}`,
              at: T0 + i,
              increments: { [metric]: amount },
              operations: { [operation]: { status: "running", startedAt: T0 } },
            }),
          );
        });
        const results = await Promise.all(writes);
        expect(results.every((r) => r.applied)).toBe(true);
        const record = await must(store.getClientRun(base, guy));
        expect(record?.metrics).toEqual(Object.fromEntries(expected));
        expect(Object.keys(record?.operations ?? {}).sort()).toEqual([...operations].sort());
      },
      ["atomicUpdate"],
    );

    t.test(
      "concurrent increments on different client runs stay on their own record",
      async (store) => {
        const clients = ["Guy-Wilson", "Guy", "Wilson"].map(clientId);
        for (const client of clients)
          await must(store.createClientRun(newClientRun(base, client, client)));
        const per = Math.max(1, Math.floor((options.concurrency ?? 500) / clients.length));
        await Promise.all(
          clients.flatMap((client, c) =>
            Array.from({ length: per }, (_, i) =>
              must(
                store.updateClientRun(base, client, {
                  token: `w-${i}`,
                  at: T0 + i,
                  increments: { [metrics[0]]: c + 1 },
                }),
              ),
            ),
          ),
        );
        for (const [c, client] of clients.entries()) {
          const record = await must(store.getClientRun(base, client));
          expect(record?.metrics).toEqual({ [metrics[0]]: per * (c + 1) });
        }
      },
      ["atomicUpdate"],
    );
  });
}
