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

// The mix the server sees: base IDs, client IDs (ASCII and not), and a little noise.
const INPUTS = [
  "251007-070457",
  "251007-070457-Guy-Wilson",
  "250924-152230-Dean-Hobin",
  "250926-124530",
  "250926-124530-Client_042",
  "251231-235959-Zoë-Müller",
  "240229-000000-acme-corp-eu-west",
  "250101-120000-X",
] as const;
// The client each input is used with: base IDs gain one, client IDs get their own (the success
// path the server takes; the old code "succeeded" on every pair, bugs included).
const CLIENTS = [
  "Guy-Wilson",
  "Guy-Wilson",
  "Dean-Hobin",
  "Client_042",
  "Client_042",
  "Zoë-Müller",
  "acme-corp-eu-west",
  "X",
] as const;
const RUN_IDS = INPUTS as readonly string[] as readonly RunId[];

const OPTIONS = { time: 400, warmupTime: 100 };

/** Runs the run ID benchmarks and returns a markdown section with the figures and ratios. */
export async function run(): Promise<string> {
  let sink = 0;
  const bench = new Bench(OPTIONS);
  bench
    .add("parseRunId (new)", () => {
      for (const s of INPUTS) if (parseRunId(s).isOk()) sink++;
    })
    .add("parseRunId (old split)", () => {
      for (const s of INPUTS) if (oldParseRunId(s) !== null) sink++;
    })
    .add("withClient (new)", () => {
      for (let i = 0; i < RUN_IDS.length; i++) {
        const r = withClient(RUN_IDS[i]!, CLIENTS[i] as ClientId);
        if (r.isOk()) sink++;
      }
    })
    .add("withClient (old split)", () => {
      for (let i = 0; i < INPUTS.length; i++) {
        if (oldAddClientSuffix(INPUTS[i]!, CLIENTS[i]!) !== null) sink++;
      }
    })
    .add("normalizeRunId (new)", () => {
      for (let i = 0; i < INPUTS.length; i++) {
        if (normalizeRunId(INPUTS[i], { clientId: CLIENTS[i]! }).isOk()) sink++;
      }
    })
    .add("normalizeRunId (old split)", () => {
      for (let i = 0; i < INPUTS.length; i++) {
        if (oldNormalizeRunId(INPUTS[i]!, CLIENTS[i]!) !== null) sink++;
      }
    });
  await bench.run();

  const generated = measureGenerator();
  const hz = (name: string): number => {
    const task = bench.getTask(name);
    const result = task?.result as { throughput?: { mean?: number } } | undefined;
    return (result?.throughput?.mean ?? 0) * INPUTS.length;
  };
  const row = (fn: string): string => {
    const neu = hz(`${fn} (new)`);
    const old = hz(`${fn} (old split)`);
    return `| \`${fn}\` | ${fmt(neu)} | ${fmt(old)} | ${(neu / old).toFixed(2)}× |`;
  };
  if (sink < 0) console.log(sink); // keeps the work observable
  return [
    "## Run IDs",
    "",
    `Inputs: ${INPUTS.length} canonical IDs (base, client, non-ASCII client), each with its own client for \`withClient\`/\`normalizeRunId\`; calls per second, full validation (new) vs the old split-based helpers (baseline, same run). Target ratio ≥ 2.0.`,
    "",
    "| function | new (ops/s) | old split (ops/s) | ratio |",
    "|---|---:|---:|---:|",
    row("parseRunId"),
    row("withClient"),
    row("normalizeRunId"),
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

const fmt = (n: number): string => Math.round(n).toLocaleString("en-US");

if (import.meta.url === `file://${process.argv[1]}`) console.log(await run());
