// Several processes (child processes, not promises in one process) on one PostgreSQL database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRunRecordService, type RunRecordService } from "../../src/index.js";
import { openPostgresStore } from "../../src/postgres/index.js";
import { checkStandardRun } from "../../src/testing/standard-run-check.js";
import { createTestDatabase, type TestDatabase } from "../support/postgres/index.js";
import { startWorkers, type Workers } from "./workers/spawn-workers.js";
import { expectedStandardTotals, STANDARD, standardClientIds } from "./workers/standard-share.js";
import type { WorkerMessage } from "./workers/worker-protocol.js";

const PROCESSES = 4;
// A fixed clock that moves 1 ms per reading: no test reads the wall clock.
const clock = (start: number) => () => start++;

let database: TestDatabase;
let service: RunRecordService;
let workers: Workers | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
  // Migrated once here; the workers then only check the schema is current.
  const store = (await openPostgresStore({ db: database.pool }))._unsafeUnwrap();
  service = createRunRecordService({ store, now: clock(Date.UTC(2026, 11, 1, 9)) });
  // Four processes for the whole file: starting one costs seconds on a loaded machine.
  workers = await startWorkers(PROCESSES, { url: database.url, clock: Date.UTC(2026, 11, 1, 10) });
}, 120_000);

afterAll(async () => {
  await workers?.stop();
  await database?.drop();
});

const newJob = async (): Promise<string> =>
  (await service.startJob({ stream: 1 }))._unsafeUnwrap().job.runId;

const sum = (messages: WorkerMessage[], field: "created" | "applied") =>
  messages.reduce((n, m) => n + (m.type === "done" ? m[field] : 0), 0);
const failures = (messages: WorkerMessage[]) =>
  messages.flatMap((m) =>
    m.type === "failed"
      ? [m.reason]
      : m.type === "ready" || m.type === "done"
        ? (m.failures ?? [])
        : [],
  );

describe("the PostgreSQL store across processes", () => {
  it("1,000 racing creates of one client run over 4 processes make 1 record and 1 `created: true`", async () => {
    const runId = await newJob();
    const done = await workers!.run(
      Array.from({ length: PROCESSES }, () => ({
        kind: "create-race" as const,
        runId,
        clientId: "Racer",
        count: 1_000 / PROCESSES,
      })),
    );
    expect(failures(done)).toEqual([]);
    expect(sum(done, "created")).toBe(1);
    const runs = (await service.listClientRuns(runId))._unsafeUnwrap();
    expect(runs.map((r) => r.clientId)).toEqual(["Racer"]);
  });

  it("2,000 increments with 100 repeated idempotency keys over 4 processes add up exactly", async () => {
    const runId = await newJob();
    (await service.startClientRun({ runId, clientId: "Counter" }))._unsafeUnwrap();
    // Keys 0..1899 once each; keys 0..99 a second time, from another process than the first.
    const keysOf = (p: number) => [
      ...Array.from({ length: 1_900 }, (_, k) => k).filter((k) => k % PROCESSES === p),
      ...Array.from({ length: 100 }, (_, k) => k).filter((k) => (k + 1) % PROCESSES === p),
    ];
    const done = await workers!.run(
      Array.from({ length: PROCESSES }, (_, p) => ({
        kind: "increments" as const,
        runId,
        clientId: "Counter",
        keys: keysOf(p),
      })),
    );
    expect(done.map((m) => (m.type === "done" ? 0 : 1))).toEqual([0, 0, 0, 0]);
    expect(failures(done)).toEqual([]);
    expect(sum(done, "applied")).toBe(1_900);
    const counter = (await service.getClientRun(runId, "Counter"))._unsafeUnwrap();
    expect(counter.metrics).toEqual({ count: 1_900, weight: (1_899 * 1_900) / 2 });
  });

  it("the standard run split over 3 processes ends exact, job completed", async () => {
    const runId = await newJob();
    const done = await workers!.run(
      Array.from({ length: 3 }, (_, share) => ({
        kind: "standard-share" as const,
        runId,
        share,
        shares: 3,
        seed: share + 1,
      })),
      async (ready) => {
        expect(failures(ready)).toEqual([]);
        // Every client run exists: only now is the job sealed, as the standard run does.
        (await service.sealJob(runId))._unsafeUnwrap();
      },
    );
    expect(failures(done)).toEqual([]);
    const expected = expectedStandardTotals();
    const check = await checkStandardRun(service, {
      runId,
      clientIds: standardClientIds(),
      expected,
      clientStatuses: standardClientIds().map(() => "completed"),
      increments: STANDARD.increments,
      progressLines: STANDARD.progressLines,
    });
    expect(check.mismatches).toEqual([]);
    expect(check.actual).toEqual(expected);
    expect(check.actual.jobStatus).toBe("completed");
  });
});
