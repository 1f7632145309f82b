import { Bench } from "tinybench";
import {
  type ClientId,
  createRunIdGenerator,
  normalizeRunId,
  parseRunId,
  type RunId,
  withClient,
} from "../src/index.js";
import {
  oldAddClientSuffix,
  oldNormalizeRunId,
  oldParseRunId,
} from "./baselines/old-run-id-helpers.js";
import { callsPerSecond, fmt } from "./support/figures.js";
import { CLIENTS, INPUTS } from "./support/run-id-mix.js";

const RUN_IDS = INPUTS as readonly string[] as readonly RunId[];

// Short alternating rounds, median of the per-round ratios: on a shared machine the load shifts
// between tasks, and a ratio taken within one round cancels most of it.
const ROUNDS = 7;
const ROUND_OPTIONS = { time: 150, warmupTime: 50 };

interface Pair {
  readonly name: string;
  readonly neu: () => void;
  readonly old: () => void;
}

let sink = 0;

const PAIRS: readonly Pair[] = [
  {
    name: "parseRunId",
    neu: () => {
      for (const s of INPUTS) if (parseRunId(s).isOk()) sink++;
    },
    old: () => {
      for (const s of INPUTS) if (oldParseRunId(s) !== null) sink++;
    },
  },
  {
    name: "withClient",
    neu: () => {
      for (let i = 0; i < RUN_IDS.length; i++) {
        if (withClient(RUN_IDS[i]!, CLIENTS[i] as ClientId).isOk()) sink++;
      }
    },
    old: () => {
      for (let i = 0; i < INPUTS.length; i++) {
        if (oldAddClientSuffix(INPUTS[i]!, CLIENTS[i]!) !== null) sink++;
      }
    },
  },
  {
    name: "normalizeRunId",
    neu: () => {
      for (let i = 0; i < INPUTS.length; i++) {
        if (normalizeRunId(INPUTS[i], { clientId: CLIENTS[i]! }).isOk()) sink++;
      }
    },
    old: () => {
      for (let i = 0; i < INPUTS.length; i++) {
        if (oldNormalizeRunId(INPUTS[i]!, CLIENTS[i]!) !== null) sink++;
      }
    },
  },
];

const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

async function measurePair(pair: Pair): Promise<{ neu: number; old: number; ratio: number }> {
  const neu: number[] = [];
  const old: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const bench = new Bench(ROUND_OPTIONS);
    // Alternate which runs first, so neither always gets the warmer (or colder) slot.
    if (round % 2 === 0) bench.add("new", pair.neu).add("old", pair.old);
    else bench.add("old", pair.old).add("new", pair.neu);
    await bench.run();
    neu.push(callsPerSecond(bench, "new", INPUTS.length));
    old.push(callsPerSecond(bench, "old", INPUTS.length));
    ratios.push(neu[round]! / old[round]!);
  }
  return { neu: median(neu), old: median(old), ratio: median(ratios) };
}

/** Runs the run ID benchmarks and returns a markdown section with the figures and ratios. */
export async function run(): Promise<string> {
  const rows: string[] = [];
  for (const pair of PAIRS) {
    const m = await measurePair(pair);
    rows.push(`| \`${pair.name}\` | ${fmt(m.neu)} | ${fmt(m.old)} | ${m.ratio.toFixed(2)}× |`);
  }
  const generated = measureGenerator();
  if (sink < 0) console.log(sink); // keeps the work observable
  return [
    "## Run IDs",
    "",
    `Inputs: ${INPUTS.length} canonical IDs (base, client, non-ASCII client), each with its own client for \`withClient\`/\`normalizeRunId\`. Calls per second with full validation (new) against the old split-based helpers (baseline: split on \`-\`, two 6-digit groups, \`endsWith\`), measured in the same run: medians of ${ROUNDS} alternating rounds. Target ratio ≥ 2.0.`,
    "",
    "| function | new (calls/s) | old split (calls/s) | ratio |",
    "|---|---:|---:|---:|",
    ...rows,
    "",
    `Generator (\`createRunIdGenerator\`, injected clock advancing 1 s per call): ${fmt(generated)} IDs/s (target ≥ 1,000,000).`,
    "",
  ].join("\n");
}

// One long loop timed directly: the per-call cost is far below tinybench's timer resolution.
function measureGenerator(): number {
  let clock = Date.UTC(2025, 0, 1);
  const generator = createRunIdGenerator({ now: () => (clock += 1000) });
  const calls = 2_000_000;
  let okCount = 0;
  for (let i = 0; i < 200_000; i++) if (generator.next().isOk()) okCount++; // warm-up
  const start = performance.now();
  for (let i = 0; i < calls; i++) if (generator.next().isOk()) okCount++;
  const seconds = (performance.now() - start) / 1000;
  if (okCount !== calls + 200_000) throw new Error("generator refused an ID in the benchmark");
  return calls / seconds;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await run());
