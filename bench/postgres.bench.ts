import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { createMemoryStore } from "../src/memory/memory-store.js";
import { openPostgresStore, type PostgresStore } from "../src/postgres/index.js";
import { createRunRecordService, type RunRecordService } from "../src/service/index.js";
import { baseIdAt, clientId, newClientRun, newJob } from "../src/testing/fixtures.js";
import { runStandardRun } from "../src/testing/standard-run.js";
import { startWorkers } from "../test/postgres/workers/spawn-workers.js";
import { countingPool } from "../test/support/postgres/counting-pool.js";
import { startPostgresServer } from "../test/support/postgres/server.js";
import { measureAirtableRun } from "./airtable.bench.js";
import { fmt } from "./support/figures.js";

const POOL = 8;
// Calls kept in flight: enough to keep all 8 connections busy.
const IN_FLIGHT = 32;
const ROUNDS = 3;
const DAY = 24 * 60 * 60 * 1000;
const T = Date.UTC(2026, 11, 1, 9);

const median = (xs: readonly number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** Calls per second of `total` calls of `call(i)`, `inFlight` at a time. */
const rate = async (total: number, inFlight: number, call: (i: number) => Promise<unknown>) => {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < total) await call(next++);
    }),
  );
  return (total * 1000) / (performance.now() - start);
};

const must = async <T>(result: PromiseLike<{ isErr(): boolean; error?: unknown } & T>) => {
  const r = await result;
  if (r.isErr()) throw new Error(`bench call failed: ${(r.error as { message?: string }).message}`);
  return r;
};

const clock = (start: number) => () => start++;

interface OpFigures {
  readonly floor: number;
  readonly create: number;
  readonly metrics100: number;
  readonly metricsHot: number;
}

/**
 * Rates of one store against `SELECT 1` on the same client, interleaved per round (so a change in
 * machine load hits both), medians of the rounds. `floor` runs SELECT 1 the way the store runs
 * its statements (named, prepared, on node-postgres).
 */
const measureOps = async (
  floorQuery: () => Promise<unknown>,
  store: PostgresStore,
  inFlight: number,
  sizes: { floor: number; create: number; metrics: number },
): Promise<OpFigures> => {
  const service = createRunRecordService({ store, now: clock(T) });
  const floors: number[] = [];
  const creates: number[] = [];
  const hundred: number[] = [];
  const hot: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const job = baseIdAt(T + round * 1000);
    await must(store.createJob(newJob(job, `job-${round}`, T)));
    floors.push(await rate(sizes.floor, inFlight, floorQuery));
    creates.push(
      await rate(sizes.create, inFlight, (i) =>
        must(store.createClientRun(newClientRun(job, clientId(`C${i}`), `c-${round}-${i}`, T))),
      ),
    );
    const runs = Array.from({ length: 100 }, (_, i) => clientId(`C${i}`));
    hundred.push(
      await rate(sizes.metrics, inFlight, (i) =>
        must(service.recordMetrics(job, runs[i % 100]!, { n: 1 }, { idempotencyKey: `k100-${i}` })),
      ),
    );
    hot.push(
      await rate(sizes.metrics, inFlight, (i) =>
        must(service.recordMetrics(job, runs[0]!, { n: 1 }, { idempotencyKey: `hot-${i}` })),
      ),
    );
  }
  return {
    floor: median(floors),
    create: median(creates),
    metrics100: median(hundred),
    metricsHot: median(hot),
  };
};

/** Milliseconds of one in-process standard run (50 clients) on `service`, median of `runs`. */
const standardRunMs = async (
  service: () => RunRecordService,
  runs: number,
): Promise<{ ms: number; sends: number }> => {
  const times: number[] = [];
  let sends = 0;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const result = await runStandardRun(service(), { seed: i + 1 });
    times.push(performance.now() - start);
    if (!result.matches) throw new Error(`standard run not exact: ${result.mismatches[0]}`);
    sends = result.sends;
  }
  return { ms: median(times), sends };
};

/** Standard runs per second with `processes` worker processes, each running `each` whole runs. */
const processScaling = async (url: string, processes: number, each: number) => {
  const workers = await startWorkers(processes, { url, clock: T + processes * 10 * DAY });
  try {
    const start = performance.now();
    const done = await workers.run(
      Array.from({ length: processes }, (_, p) => ({
        kind: "standard-runs" as const,
        runs: each,
        seed: 100 * p + 1,
      })),
    );
    const seconds = (performance.now() - start) / 1000;
    const failures = done.flatMap((m) => (m.type === "done" ? m.failures : []));
    if (failures.length > 0) throw new Error(`standard run not exact: ${failures[0]}`);
    const sends = done.reduce((n, m) => n + (m.type === "done" ? (m.sends ?? 0) : 0), 0);
    return { runsPerSecond: (processes * each) / seconds, callsPerSecond: sends / seconds };
  } finally {
    await workers.stop();
  }
};

const pct = (part: number, whole: number) => (whole > 0 ? (100 * part) / whole : 0);
const verdict = (share: number, target: number) =>
  `${share.toFixed(1)} % (target ≥ ${target} %: ${share >= target ? "met" : "NOT met"})`;

/** Runs the PostgreSQL and PGlite benchmarks and returns a markdown section with the figures. */
export async function run(): Promise<string> {
  const server = await startPostgresServer();
  try {
    const admin = new pg.Pool({ connectionString: server.url, max: 1 });
    await admin.query("CREATE DATABASE bench");
    await admin.end();
    const url = server.urlFor("bench");
    const pool = new pg.Pool({ connectionString: url, max: POOL });
    const counting = countingPool(pool);
    const store = (await openPostgresStore({ db: counting.db }))._unsafeUnwrap();

    const ops = await measureOps(
      () => pool.query({ name: "bench_floor", text: "SELECT 1" }),
      store,
      IN_FLIGHT,
      { floor: 20_000, create: 5_000, metrics: 5_000 },
    );

    // Round trips per service call over whole standard runs (the counting pool sees each query).
    let t = T + DAY;
    const standardService = () => createRunRecordService({ store, now: () => t++ });
    const pgRun = await standardRunMs(standardService, 3);
    // Counted on unchecked runs: the check's read-back is not part of the run's service calls.
    const before = counting.count();
    let calls = 0;
    for (let seed = 1; seed <= 3; seed++) {
      const unchecked = await runStandardRun(standardService(), { seed, skipCheck: true });
      calls += unchecked.sends;
    }
    const queries = counting.count() - before;
    const roundTrips = queries / calls;

    const scaling = [];
    for (const processes of [1, 2, 4]) {
      scaling.push({ processes, ...(await processScaling(url, processes, 2)) });
    }
    await pool.end();

    // PGlite, in memory (the same engine as a directory, without the disk).
    const lite = await PGlite.create();
    const liteStore = (await openPostgresStore({ db: lite }))._unsafeUnwrap();
    const liteOps = await measureOps(() => lite.query("SELECT 1"), liteStore, 1, {
      floor: 5_000,
      create: 2_000,
      metrics: 2_000,
    });
    let lt = T + 2 * DAY;
    // One run: PGlite serialises every query, so a run takes tens of seconds.
    const liteRun = await standardRunMs(
      () => createRunRecordService({ store: liteStore, now: () => lt++ }),
      1,
    );
    await lite.close();

    let mt = T + 3 * DAY;
    const memoryRun = await standardRunMs(
      () => createRunRecordService({ store: createMemoryStore(), now: () => mt++ }),
      3,
    );
    const airtable = await measureAirtableRun();

    const row = (name: string, pgRate: number, liteRate: number, target?: number) =>
      `| ${name} | ${fmt(pgRate)}/s | ${target === undefined ? "(floor)" : verdict(pct(pgRate, ops.floor), target)} | ${fmt(liteRate)}/s | ${target === undefined ? "(floor)" : `${pct(liteRate, liteOps.floor).toFixed(1)} %`} |`;
    return [
      `### PostgreSQL store (pool of ${POOL} to a local PostgreSQL 18, fsync off) and PGlite`,
      "",
      `Rates with ${IN_FLIGHT} calls in flight (PGlite: 1, it serialises every query), medians of ${ROUNDS} rounds; each round measures \`SELECT 1\` on the same pool right before the store's calls.`,
      "",
      "| operation | PostgreSQL | share of SELECT 1 | PGlite (in memory) | share of its SELECT 1 |",
      "|---|---:|---:|---:|---:|",
      row("`SELECT 1` (prepared)", ops.floor, liteOps.floor),
      row("create-if-absent (`createClientRun`, new client runs)", ops.create, liteOps.create, 20),
      row(
        "`recordMetrics` (service, idempotency key) over 100 client runs",
        ops.metrics100,
        liteOps.metrics100,
        20,
      ),
      row("`recordMetrics` on one hot client run", ops.metricsHot, liteOps.metricsHot, 10),
      "",
      `Round trips per service call over the standard run: **${roundTrips.toFixed(3)}** (${queries} queries for ${calls} service calls over 3 runs, counted on the pool, repeats and caller re-sends included; target ≤ 1.25: ${roundTrips <= 1.25 ? "met" : "NOT met"}).`,
      "",
      "The standard run (1 job, 50 clients × 3 operations, ~" +
        `${pgRun.sends} service calls, read back and checked exact):`,
      "",
      "| store | one standard run (median of 3) |",
      "|---|---:|",
      `| memory | ${memoryRun.ms.toFixed(0)} ms |`,
      `| PGlite (in memory, one process; one run) | ${liteRun.ms.toFixed(0)} ms |`,
      `| PostgreSQL (pool of ${POOL}, one process) | ${pgRun.ms.toFixed(0)} ms |`,
      `| Airtable (defaults, 5 requests/s, local server, virtual clock) | ${(airtable.elapsedMs / 1000).toFixed(1)} s, ${airtable.requests} requests, exact: ${airtable.exact ? "yes" : "no"} |`,
      "",
      "Several processes on one PostgreSQL database (each process a pool of 8 and its own whole standard runs, 2 each, not checked):",
      "",
      "| processes | standard runs per second | service calls per second |",
      "|---:|---:|---:|",
      ...scaling.map(
        (s) => `| ${s.processes} | ${s.runsPerSecond.toFixed(2)} | ${fmt(s.callsPerSecond)} |`,
      ),
    ].join("\n");
  } finally {
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await run());
