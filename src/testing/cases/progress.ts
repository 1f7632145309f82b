import { describe, expect } from "vitest";
import { baseId, clientId, newClientRun, T0 } from "../fixtures.js";
import { must } from "../must.js";
import { createSuiteContext, type DescribeRunRecordStoreOptions } from "../suite-context.js";

const GROUP = "progress";

/** Progress lines keep their order and none is lost to a racing append. */
export function describeProgressCases(options: DescribeRunRecordStoreOptions): void {
  describe(GROUP, () => {
    const t = createSuiteContext(options, GROUP);
    const base = baseId("251007-070457");
    const guy = clientId("Guy-Wilson");

    t.test(
      "sequential appends keep their order, and lines within one change keep theirs",
      async (store) => {
        await must(store.createClientRun(newClientRun(base, guy, "run")));
        const expected = [];
        for (let i = 0; i < 20; i++) {
          const lines = [
            { at: T0 + i, message: `step ${i}` },
            { at: T0 + i, message: `step ${i}, detail` },
          ];
          expected.push(...lines);
          await must(
            store.updateClientRun(base, guy, { token: `p-${i}`, at: T0 + i, progress: lines }),
          );
        }
        expect((await must(store.getClientRun(base, guy)))?.progress).toEqual(expected);
      },
    );

    t.test(
      "identical lines (same time, same message) are all kept, in one change and across changes",
      async (store) => {
        await must(store.createClientRun(newClientRun(base, guy, "run")));
        const line = { at: T0 + 1, message: "scored 40 leads" };
        await must(
          store.updateClientRun(base, guy, { token: "a", at: T0 + 1, progress: [line, line] }),
        );
        await must(store.updateClientRun(base, guy, { token: "b", at: T0 + 1, progress: [line] }));
        expect((await must(store.getClientRun(base, guy)))?.progress).toEqual([line, line, line]);
      },
    );

    t.test(
      "concurrent appends all survive, each change's lines together",
      async (store) => {
        await must(store.createClientRun(newClientRun(base, guy, "run")));
        const appends = 100;
        await Promise.all(
          Array.from({ length: appends }, (_, i) =>
            must(
              store.updateClientRun(base, guy, {
                token: `p-${i}`,
                at: T0 + i,
                progress: [
                  { at: T0 + i, message: `line ${i} a` },
                  { at: T0 + i, message: `line ${i} b` },
                ],
              }),
            ),
          ),
        );
        const progress = (await must(store.getClientRun(base, guy)))?.progress ?? [];
        expect(progress).toHaveLength(appends * 2);
        for (let i = 0; i < appends; i++) {
          const a = progress.findIndex((line) => line.message === `line ${i} a`);
          expect(a).toBeGreaterThanOrEqual(0);
          expect(progress[a + 1]).toEqual({ at: T0 + i, message: `line ${i} b` });
        }
      },
      ["atomicUpdate"],
    );
  });
}
