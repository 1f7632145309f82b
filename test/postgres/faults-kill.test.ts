// A worker process killed with SIGKILL in the middle of the standard run: no half-written record,
// every acknowledged write is there, and the stale sweep then marks what it left running.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createRunRecordService, type RunRecordService } from "../../src/index.js";
import { openPostgresStore, type PostgresStore } from "../../src/postgres/index.js";
import {
  addInto,
  STANDARD_OPERATIONS,
  type StandardOperation,
  standardDeltas,
  standardMessage,
} from "../../src/testing/standard-run-plan.js";
import { createTestDatabase, type TestDatabase } from "../support/postgres/index.js";
import { nextMessage, startWorkers, type Workers } from "./workers/spawn-workers.js";
import { STANDARD, standardClientIds } from "./workers/standard-share.js";
import type { ParentMessage } from "./workers/worker-protocol.js";

const START = Date.UTC(2026, 11, 1, 9);
const DAY = 24 * 60 * 60 * 1000;
const clock = (start: number) => () => start++;

let database: TestDatabase;
let store: PostgresStore;
let workers: Workers | undefined;
let dir: string;

beforeAll(async () => {
  database = await createTestDatabase();
  store = (await openPostgresStore({ db: database.pool }))._unsafeUnwrap();
  dir = mkdtempSync(join(tmpdir(), "run-records-kill-"));
}, 60_000);

afterAll(async () => {
  workers?.children[0]?.kill("SIGKILL");
  await database?.drop();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

// Sum of the deltas of sends 0..n-1 of one operation.
const prefixTotals = (client: number, op: StandardOperation, n: number) => {
  const totals = new Map<string, number>();
  for (let i = 0; i < n; i++) addInto(totals, standardDeltas(client, op, i));
  return Object.fromEntries(totals);
};
const pick = (metrics: Readonly<Record<string, number>>, names: readonly string[]) =>
  Object.fromEntries(names.filter((n) => metrics[n] !== undefined).map((n) => [n, metrics[n]]));

it("a process killed mid-run leaves whole records only, and the sweep marks its runs stale", async () => {
  const service: RunRecordService = createRunRecordService({ store, now: clock(START) });
  const runId = (await service.startJob({ stream: 1 }))._unsafeUnwrap().job.runId;
  const acknowledgements = join(dir, "acks.txt");
  workers = await startWorkers(1, { url: database.url, clock: START + 60_000 });
  const child = workers.children[0]!;
  const send = (message: ParentMessage) => child.send(message);
  const ready = nextMessage(child, "ready");
  send({
    type: "prepare",
    task: {
      kind: "standard-share",
      runId,
      share: 0,
      shares: 1,
      seed: 7,
      acknowledgements,
      notifyAfter: 300,
    },
  });
  await ready;
  (await service.sealJob(runId))._unsafeUnwrap();
  const progress = nextMessage(child, "progress");
  send({ type: "go" });
  await progress;
  const killed = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await killed;

  // The acknowledged sends per (client, operation): each operation sends in order, so they are 0..k-1.
  const acked = new Map<string, number>();
  for (const line of readFileSync(acknowledgements, "utf8").trim().split("\n")) {
    const [client, op] = line.split(" ");
    acked.set(`${client} ${op}`, (acked.get(`${client} ${op}`) ?? 0) + 1);
  }
  expect([...acked.values()].reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(300);

  const runs = (await service.listClientRuns(runId))._unsafeUnwrap();
  expect(runs.map((r) => r.clientId).sort()).toEqual(standardClientIds());
  let unfinished = 0;
  for (const run of runs) {
    const c = standardClientIds().indexOf(run.clientId);
    for (const op of STANDARD_OPERATIONS) {
      // Every acknowledged increment is there; at most the one in flight at the kill is there too.
      const k = acked.get(`${c} ${op}`) ?? 0;
      const names = Object.keys(standardDeltas(c, op, 0));
      const actual = pick(run.metrics, names);
      const allowed = [prefixTotals(c, op, k), prefixTotals(c, op, k + 1)];
      expect(allowed).toContainEqual(actual);
      // Progress lines of the operation: a prefix of what it sends, none twice.
      const lines = run.progress.map((p) => p.message).filter((m) => m.startsWith(`${op} `));
      const expected = Array.from({ length: STANDARD.progressLines }, (_, i) =>
        standardMessage(run.clientId, op, i),
      );
      expect(lines).toEqual(expected.slice(0, lines.length));
      if (k < STANDARD.increments) unfinished++;
    }
  }
  expect(unfinished).toBeGreaterThan(0); // the kill really was mid-run

  const running = runs.filter((r) => r.status === "running").map((r) => r.clientId);
  expect(running.length).toBeGreaterThan(0);
  const later = createRunRecordService({ store, now: clock(START + DAY) });
  const swept = (await later.sweepStaleRuns())._unsafeUnwrap();
  expect(swept.jobs.map((j) => j.runId)).toEqual([runId]);
  expect(swept.clientRuns.map((r) => r.clientId).sort()).toEqual(running.sort());
  const after = (await later.listClientRuns(runId))._unsafeUnwrap();
  expect(after.filter((r) => r.status === "running")).toEqual([]);
  expect((await later.getJob(runId))._unsafeUnwrap().status).toBe("stale");
});
