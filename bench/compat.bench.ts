import { Bench } from "tinybench";
import {
  clearCache,
  createClientRunId,
  getBaseRunId,
  getRunRecordId,
  registerRunRecord,
  validateAndStandardizeRunId,
} from "../src/compat/index.js";
import { normalizeRunId, parseRunId, toBaseRunId } from "../src/index.js";
import { oldAddClientSuffix, oldParseRunId } from "./baselines/old-run-id-helpers.js";
import { callsPerSecond, fmt } from "./support/figures.js";
import { CLIENTS, INPUTS } from "./support/run-id-mix.js";

const OPTIONS = { time: 400, warmupTime: 100 };

/**
 * Runs the compat benchmarks: each old-convention function against the core call it wraps (the
 * wrapper's overhead) and the old split-based helper (same run), plus the record cache.
 * @returns a markdown section with the figures
 */
export async function run(): Promise<string> {
  let sink = 0;
  const bench = new Bench(OPTIONS);
  bench
    .add("createClientRunId (compat)", () => {
      for (let i = 0; i < INPUTS.length; i++)
        sink += createClientRunId(INPUTS[i], CLIENTS[i]).length;
    })
    .add("createClientRunId (core)", () => {
      for (let i = 0; i < INPUTS.length; i++) {
        const r = normalizeRunId(INPUTS[i], { clientId: CLIENTS[i]! });
        if (r.isOk()) sink += r.value.length;
      }
    })
    .add("createClientRunId (old split)", () => {
      for (let i = 0; i < INPUTS.length; i++) {
        sink += oldAddClientSuffix(INPUTS[i]!, CLIENTS[i]!)?.length ?? 0;
      }
    })
    .add("getBaseRunId (compat)", () => {
      for (const s of INPUTS) sink += getBaseRunId(s)?.length ?? 0;
    })
    .add("getBaseRunId (core)", () => {
      for (const s of INPUTS) {
        const r = parseRunId(s);
        if (r.isOk() && r.value.kind !== "legacy") sink += toBaseRunId(r.value.runId).length;
      }
    })
    .add("getBaseRunId (old split)", () => {
      for (const s of INPUTS) sink += oldParseRunId(s)?.baseRunId.length ?? 0;
    })
    .add("validateAndStandardizeRunId (compat)", () => {
      for (const s of INPUTS) sink += validateAndStandardizeRunId(s).length;
    })
    .add("validateAndStandardizeRunId (core)", () => {
      for (const s of INPUTS) {
        const r = normalizeRunId(s);
        if (r.isOk()) sink += r.value.length;
      }
    })
    .add("registerRunRecord + getRunRecordId (compat)", () => {
      for (let i = 0; i < INPUTS.length; i++) {
        registerRunRecord(INPUTS[i], CLIENTS[i], "recXXXXXXXXXXXXXX");
        sink += getRunRecordId(INPUTS[i], CLIENTS[i])?.length ?? 0;
      }
    });
  await bench.run();
  clearCache();
  const evictions = measureEvictions();

  const hz = (name: string): number => callsPerSecond(bench, name, INPUTS.length);
  const row = (fn: string, withOld: boolean): string => {
    const compat = hz(`${fn} (compat)`);
    const core = hz(`${fn} (core)`);
    const old = withOld ? hz(`${fn} (old split)`) : Number.NaN;
    const vsOld = withOld ? `${fmt(old)} | ${(compat / old).toFixed(2)}×` : "— | —";
    return `| \`${fn}\` | ${fmt(compat)} | ${fmt(core)} | ${(compat / core).toFixed(2)}× | ${vsOld} |`;
  };
  if (sink < 0) console.log(sink); // keeps the work observable
  return [
    "## Compat (`run-records/compat`)",
    "",
    `Inputs: the ${INPUTS.length} canonical IDs of the run ID benchmark, each with its own client; calls per second. "compat/core" is the cost of the old calling conventions over the core call each function wraps (1.00× = none); "compat/old" compares with the old split-based helpers (baseline, same run), which validate far less.`,
    "",
    "| function | compat (ops/s) | core (ops/s) | compat/core | old split (ops/s) | compat/old |",
    "|---|---:|---:|---:|---:|---:|",
    row("createClientRunId", true),
    row("getBaseRunId", true),
    row("validateAndStandardizeRunId", false),
    "",
    `Record cache: \`registerRunRecord\` + \`getRunRecordId\` (both parse the pair): ${fmt(hz("registerRunRecord + getRunRecordId (compat)"))} pairs/s; registering past the 10,000-entry bound (one LRU eviction per call): ${fmt(evictions)} registrations/s.`,
    "",
  ].join("\n");
}

// Every registration is a new pair once the cache is full, so each one evicts the oldest entry.
function measureEvictions(): number {
  const clients = Array.from({ length: 50_000 }, (_, i) => `client-${i}`);
  for (let i = 0; i < 10_000; i++) registerRunRecord("251007-070457", clients[i], "rec");
  const start = performance.now();
  for (let i = 10_000; i < clients.length; i++)
    registerRunRecord("251007-070457", clients[i], "rec");
  const seconds = (performance.now() - start) / 1000;
  clearCache();
  return (clients.length - 10_000) / seconds;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await run());
