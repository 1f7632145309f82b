import v8 from "node:v8";
import vm from "node:vm";
import { createMemoryStore } from "../src/memory/memory-store.js";
import { createRunRecordService } from "../src/service/index.js";
import type { RunRecordStore } from "../src/store/port.js";
import { runStandardRun, type StandardRunOptions } from "../src/testing/standard-run.js";
import { recordingStore, replay } from "./service-recording-store.js";

const T0 = Date.UTC(2025, 9, 7, 7, 4, 57);

/** A service on a fresh memory store whose clock moves one second per run, so run IDs never collide. */
const freshService = (store: RunRecordStore = createMemoryStore()) => {
  let t = T0;
  const service = createRunRecordService({ store, now: () => t });
  return { service, nextRun: () => (t += 1000) };
};

const median = (xs: readonly number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** Full standard runs (50 clients) per second, each on a fresh memory store. */
const throughput = async (runs: number) => {
  for (let i = 0; i < 3; i++) await runStandardRun(freshService().service, { skipCheck: true });
  const start = performance.now();
  let sends = 0;
  for (let i = 0; i < runs; i++) {
    const result = await runStandardRun(freshService().service, { seed: i + 1, skipCheck: true });
    if (!result.matches) throw new Error(`standard run failed: ${result.mismatches[0]}`);
    sends += result.sends;
  }
  const ms = performance.now() - start;
  return { perSecond: (runs * 1000) / ms, msPerRun: ms / runs, sendsPerRun: sends / runs };
};

/**
 * The service's time for a standard run against the time of the same raw store calls replayed
 * directly on a memory store (recorded from a run with the same seed, in the same process).
 */
const overhead = async (rounds: number) => {
  const ratios: number[] = [];
  const serviceMs: number[] = [];
  const rawMs: number[] = [];
  let callsPerRun = 0;
  let byMethod: Record<string, number> = {};
  for (let round = 0; round < rounds; round++) {
    const recorder = recordingStore(createMemoryStore());
    await runStandardRun(freshService(recorder.store).service, {
      seed: round + 1,
      skipCheck: true,
    });
    callsPerRun = recorder.calls.length;
    byMethod = {};
    for (const { method } of recorder.calls) byMethod[method] = (byMethod[method] ?? 0) + 1;

    const t0 = performance.now();
    await runStandardRun(freshService().service, { seed: round + 1, skipCheck: true });
    const t1 = performance.now();
    await replay(createMemoryStore(), recorder.calls);
    const t2 = performance.now();
    serviceMs.push(t1 - t0);
    rawMs.push(t2 - t1);
    ratios.push((t1 - t0) / (t2 - t1));
  }
  return {
    ratio: median(ratios),
    serviceMs: median(serviceMs),
    rawMs: median(rawMs),
    callsPerRun,
    byMethod,
  };
};

/** `global.gc` when node runs with --expose-gc, else the same function obtained through V8 flags. */
const getGc = (): (() => void) => {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  v8.setFlagsFromString("--expose-gc");
  return vm.runInNewContext("gc") as () => void;
};

/** heapUsed after a forced GC every `every` runs, over `total` small standard runs on a store that forgets ended runs. */
const heap = async (total: number, every: number, size: StandardRunOptions, weak: boolean) => {
  const gc = getGc();
  const memory = createMemoryStore({ retainEnded: false });
  // Declaring no guarantees makes the service take its in-process keyed lock for every write.
  const store: RunRecordStore = weak ? { ...memory, capabilities: NO_GUARANTEES } : memory;
  const { service, nextRun } = freshService(store);
  const sample = () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
  const samples: number[] = [sample()];
  let failures = 0;
  const start = performance.now();
  for (let i = 1; i <= total; i++) {
    nextRun();
    const result = await runStandardRun(service, { ...size, seed: i, skipCheck: true });
    if (!result.matches) failures++;
    if (i % every === 0) samples.push(sample());
  }
  return { samples, failures, seconds: (performance.now() - start) / 1000 };
};

const NO_GUARANTEES = {
  atomicCreate: false,
  atomicUpdate: false,
  conditionalUpdate: false,
  idempotentChanges: false,
  multiProcess: false,
} as const;

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(2);

const plateau = (label: string, h: { samples: number[]; failures: number; seconds: number }) => {
  const afterWarmup = h.samples.slice(1);
  const growth = (afterWarmup.at(-1) ?? 0) - (afterWarmup[0] ?? 0);
  const spread = Math.max(...afterWarmup) - Math.min(...afterWarmup);
  const verdict = Math.abs(growth) < 1024 * 1024 ? "plateaus" : "GROWS — investigate";
  return `- ${label}: from run 1,000 to run 10,000 the heap moved by ${mb(growth)} MB (spread ${mb(spread)} MB): it ${verdict}; ${h.failures} runs had a failed call; ${h.seconds.toFixed(1)} s.`;
};

/** Runs the service benchmarks and returns a markdown section with the figures. */
export async function run(): Promise<string> {
  const tp = await throughput(15);
  const oh = await overhead(7);
  const heapSize = { clients: 3, increments: 2, progressLines: 1, retryRate: 0 } as const;
  const hp = await heap(10_000, 1_000, heapSize, false);
  const hpLocked = await heap(10_000, 1_000, heapSize, true);
  const lines = [
    "### RunRecordService (memory store)",
    "",
    "| measure | value |",
    "|---|---|",
    `| standard runs per second (50 clients × 3 operations, ~${Math.round(tp.sendsPerRun)} service calls each, fresh memory store per run) | ${tp.perSecond.toFixed(1)} (${tp.msPerRun.toFixed(1)} ms per run) |`,
    `| raw store calls the service makes per standard run | ${oh.callsPerRun} (${Object.entries(
      oh.byMethod,
    )
      .map(([m, n]) => `${m} ${n}`)
      .join(", ")}) |`,
    `| service time per standard run (median of 7) | ${oh.serviceMs.toFixed(1)} ms |`,
    `| the same raw store calls replayed directly (baseline, same process) | ${oh.rawMs.toFixed(1)} ms |`,
    `| **service overhead ratio** (service ÷ raw store calls) | **${oh.ratio.toFixed(2)}×** |`,
    "",
    `Heap over 10,000 standard runs against \`createMemoryStore({ retainEnded: false })\`, smaller runs (${heapSize.clients} clients, ${heapSize.increments} increments and ${heapSize.progressLines} progress lines per operation, no repeated sends: a store that forgets ended runs answers a repeat that arrives after the end with not-found). \`heapUsed\` after a forced GC, with the store's own guarantees (atomic: no lock used) and with the store declaring none (every write through the service's keyed lock and a status check):`,
    "",
    "| runs | heapUsed, atomic store (MB) | heapUsed, no guarantees (MB) |",
    "|---|---|---|",
    ...hp.samples.map(
      (bytes, i) => `| ${i * 1000} | ${mb(bytes)} | ${mb(hpLocked.samples[i] ?? 0)} |`,
    ),
    "",
    plateau("atomic store", hp),
    plateau("no guarantees", hpLocked),
  ];
  return lines.join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await run());
