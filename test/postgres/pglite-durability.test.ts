// PGlite as the durable embedded store: what was written is there after close and reopen, and
// after the writing process was killed without close().
import { fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, expect, it } from "vitest";
import { demoPostgresRun } from "../../demo/postgres-run.js";
import { createRunRecordService, type RunRecordService } from "../../src/index.js";
import { openPostgresStore, type PostgresStore } from "../../src/postgres/index.js";
import { openTestPglite } from "./store-pglite.js";
import { bundleWorker } from "./workers/spawn-workers.js";

const WRITER = fileURLToPath(new URL("./workers/pglite-writer.ts", import.meta.url));
const clock = (start: number) => () => start++;

let dir: string;
let dispose: () => Promise<void>;
let first: PGlite;
let runId: string;

// Everything a reader can ask the store about the run.
const snapshot = async (service: RunRecordService) => ({
  job: (await service.getJob(runId))._unsafeUnwrap(),
  runs: (await service.listClientRuns(runId))._unsafeUnwrap(),
  link: (await service.resolveExternalRun("apify", "AbCdEfGhIjKlMnOpQ"))._unsafeUnwrap(),
  jobs: (await service.listJobs())._unsafeUnwrap(),
});

const open = async (db: PGlite): Promise<{ store: PostgresStore; service: RunRecordService }> => {
  const store = (await openPostgresStore({ db }))._unsafeUnwrap();
  return {
    store,
    service: createRunRecordService({ store, now: clock(Date.UTC(2026, 11, 1, 9)) }),
  };
};

beforeAll(async () => {
  // Each PGlite opening costs seconds: the first test writes through this one.
  const test = await openTestPglite();
  dir = test.dir;
  dispose = test.dispose;
  first = test.db;
}, 120_000);

afterAll(async () => {
  await dispose?.();
});

it("write, close, reopen: the same records", async () => {
  const { store, service } = await open(first);
  runId = (await service.startJob({ stream: 1, tags: { team: "growth" } }))._unsafeUnwrap().job
    .runId;
  (
    await service.startClientRun({ runId, clientId: "Acme", operations: ["lead_scoring"] })
  )._unsafeUnwrap();
  (await service.startClientRun({ runId, clientId: "Writer" }))._unsafeUnwrap();
  (
    await service.recordMetrics(runId, "Acme", { leads: 3, cost: 0.1 }, { idempotencyKey: "m1" })
  )._unsafeUnwrap();
  (await service.appendProgress(runId, "Acme", "scored 3 leads"))._unsafeUnwrap();
  (
    await service.linkExternalRun({
      provider: "apify",
      externalId: "AbCdEfGhIjKlMnOpQ",
      runId,
      clientId: "Acme",
    })
  )._unsafeUnwrap();
  (
    await service.completeOperation(runId, "Acme", "lead_scoring", { status: "completed" })
  )._unsafeUnwrap();
  const before = await snapshot(service);
  (await store.close())._unsafeUnwrap();
  await first.close();

  const again = await PGlite.create(dir);
  const reopened = await open(again);
  expect(await snapshot(reopened.service)).toEqual(before);
  expect(before.runs.find((r) => r.clientId === "Acme")?.status).toBe("completed");
  (await reopened.store.close())._unsafeUnwrap();
  await again.close();
}, 60_000);

it("a process killed without close(): every acknowledged write is there", async () => {
  const bundle = await bundleWorker(WRITER);
  // Inside the data directory, so the cleanup removes it (PGlite ignores files it does not know).
  const acknowledgements = join(dir, "acks.txt");
  const child = fork(bundle.file, [dir, runId, acknowledgements, "40"], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  try {
    const message = await new Promise((resolve) => child.once("message", resolve));
    expect(message).toBe("written");
  } finally {
    child.kill("SIGKILL");
    await exited;
    bundle.remove();
  }
  const acked = readFileSync(acknowledgements, "utf8").trim().split("\n").map(Number);
  expect(acked.length).toBeGreaterThanOrEqual(40);
  expect(acked).toEqual(acked.map((_, i) => i));

  const db = await PGlite.create(dir);
  const { store, service } = await open(db);
  const writer = (await service.getClientRun(runId, "Writer"))._unsafeUnwrap();
  // Every acknowledged increment, plus at most the one in flight when the process died.
  const n = acked.length;
  expect([n, n + 1]).toContain(writer.metrics.n);
  const count = writer.metrics.n ?? 0;
  expect(writer.metrics.sum).toBe((count * (count - 1)) / 2);
  (await store.close())._unsafeUnwrap();
  await db.close();
}, 120_000);

it("npm run demo -- --pglite <dir> lists the jobs earlier runs left in the directory", async () => {
  // The directory already holds the job the tests above wrote (one PGlite opening costs seconds,
  // so that job stands in for the demo's first run).
  const demo = await demoPostgresRun({
    target: { pglite: dir },
    clients: 3,
    now: clock(Date.UTC(2026, 11, 1, 13)),
  });
  expect(demo.ok).toBe(true);
  const lines = demo.output.split("\n");
  const demoJob = demo.output.match(
    /^Job (\d{6}-\d{6}) {2}status completed {2}client runs 3 /m,
  )?.[1];
  expect(demoJob).toBeDefined();
  expect(lines).toContain("Every total matches what was sent: yes (job completed).");
  const at = lines.indexOf("Jobs in this store, newest first (service.listJobs({ limit: 10 })):");
  const rows = lines.slice(at + 3);
  expect(rows.map((row) => row.split("  ")[0])).toEqual([demoJob, runId]);
  expect(rows[0]).toMatch(/ {2}completed {2}2026-12-01T13:00:00\.\d{3}Z$/);
  expect(rows[1]).toMatch(/ {2}running +2026-12-01T09:00:00\.\d{3}Z$/);
}, 120_000);
