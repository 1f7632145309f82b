import type { ResultAsync } from "neverthrow";
import { describe, expect } from "vitest";
import type { RunRecordStore } from "../../store/port.js";
import type { StoreError } from "../../store/store-error.js";
import { baseId, clientId, createBarrier, newClientRun, newJob, T0 } from "../fixtures.js";
import { must } from "../must.js";
import { createSuiteContext, type DescribeRunRecordStoreOptions } from "../suite-context.js";

const GROUP = "create";

/** Create-if-absent: idempotent, first payload wins, one record however many callers race. */
export function describeCreateCases(options: DescribeRunRecordStoreOptions): void {
  describe(GROUP, () => {
    const t = createSuiteContext(options, GROUP);
    const base = baseId("251007-070457");
    const guy = clientId("Guy-Wilson");

    t.test("a created job reads back as given", async (store) => {
      const job = { ...newJob(base, "job-1", T0, 2), notes: ["started by test"] };
      expect(await must(store.createJob(job))).toEqual(job);
      expect(await must(store.getJob(base))).toEqual(job);
    });

    t.test("a second create of a job returns the first record unchanged", async (store) => {
      const first = newJob(base, "job-1", T0, 1);
      await must(store.createJob(first));
      const second = await must(store.createJob(newJob(base, "job-2", T0 + 1000, 2)));
      expect(second).toEqual(first);
      expect(await must(store.getJob(base))).toEqual(first);
    });

    t.test("a second create of a client run returns the first record unchanged", async (store) => {
      const first = { ...newClientRun(base, guy, "run-1"), clientName: "Guy Wilson" };
      expect(await must(store.createClientRun(first))).toEqual(first);
      const second = await must(store.createClientRun(newClientRun(base, guy, "run-2", T0 + 5)));
      expect(second).toEqual(first);
      expect(await must(store.listClientRuns(base))).toEqual([first]);
    });

    t.test("missing records read as undefined or empty", async (store) => {
      expect(await must(store.getJob(base))).toBeUndefined();
      expect(await must(store.getClientRun(base, guy))).toBeUndefined();
      expect(await must(store.listClientRuns(base))).toEqual([]);
      expect(await must(store.listRunning())).toEqual({ jobs: [], clientRuns: [] });
    });

    t.test(
      "check-then-create callers that all saw absent leave one job",
      async (store) => {
        const results = await raceCheckThenCreate(store, 2, (token) =>
          store.createJob(newJob(base, token)).map((r) => r.creationToken),
        );
        const winner = await must(store.getJob(base));
        expectOneWinner(results, winner?.creationToken);
      },
      ["atomicCreate"],
    );

    t.test(
      "check-then-create callers that all saw absent leave one client run",
      async (store) => {
        const results = await raceCheckThenCreate(store, 20, (token) =>
          store.createClientRun(newClientRun(base, guy, token)).map((r) => r.creationToken),
        );
        const runs = await must(store.listClientRuns(base));
        expect(runs).toHaveLength(1);
        expectOneWinner(results, runs[0]?.creationToken);
      },
      ["atomicCreate"],
    );

    t.test(
      "concurrent creates of jobs and client runs for many keys leave one record per key",
      async (store) => {
        const clients = ["Guy-Wilson", "Guy", "Wilson", "Dean-Hobin"].map(clientId);
        await Promise.all(
          Array.from({ length: 10 }, (_, i) => must(store.createJob(newJob(base, `job-${i}`)))),
        );
        const calls = clients.flatMap((client) =>
          Array.from({ length: 10 }, (_, i) =>
            must(store.createClientRun(newClientRun(base, client, `${client}-${i}`))),
          ),
        );
        const created = await Promise.all(calls);
        const runs = await must(store.listClientRuns(base));
        expect(runs.map((r) => r.clientId).sort()).toEqual([...clients].sort());
        for (const record of created) {
          const stored = runs.find((r) => r.clientId === record.clientId);
          expect(record.creationToken).toBe(stored?.creationToken);
        }
      },
      ["atomicCreate"],
    );
  });
}

/** Every caller reads (sees absent), waits until all have read, then creates with its own token. */
async function raceCheckThenCreate(
  store: RunRecordStore,
  callers: number,
  create: (token: string) => ResultAsync<string, StoreError>,
): Promise<{ token: string; winner: string }[]> {
  const barrier = createBarrier(callers);
  const base = baseId("251007-070457");
  return Promise.all(
    Array.from({ length: callers }, async (_, i) => {
      const token = `caller-${i}`;
      const seen = await must(store.getJob(base));
      const seenRun = await must(store.getClientRun(base, clientId("Guy-Wilson")));
      expect(seen ?? seenRun).toBeUndefined();
      await barrier.arrive();
      return { token, winner: await must(create(token)) };
    }),
  );
}

function expectOneWinner(results: { token: string; winner: string }[], stored: string | undefined) {
  expect(stored).toBeDefined();
  expect(new Set(results.map((r) => r.winner))).toEqual(new Set([stored]));
  expect(results.filter((r) => r.token === r.winner)).toHaveLength(1);
}
