import { auditMemorySnapshot, formatReport } from "../src/cli/audit/index.js";
import { createMemoryStore, type MemoryStore } from "../src/memory/memory-store.js";
import { createRunRecordService } from "../src/service/index.js";
import type { ClientRunRecord } from "../src/store/records.js";
import { runStandardRun } from "../src/testing/standard-run.js";
import { jobTable } from "./job-table.js";

const COLUMNS: readonly [string, string][] = [
  ["profiles_examined", "prof.exam"],
  ["profiles_scored", "prof.scored"],
  ["profile_tokens", "prof.tok"],
  ["profiles_submitted", "submitted"],
  ["posts_harvested", "harvested"],
  ["apify_cost", "apify $"],
  ["posts_examined", "post.exam"],
  ["posts_scored", "post.scored"],
  ["post_tokens", "post.tok"],
];

/** Options of the demo: the clock, so a test can run it without the wall clock. */
export interface DemoOptions {
  /** Epoch milliseconds. @default Date.now */
  readonly now?: () => number;
  /** Called with the memory store once the run has ended (to keep its snapshot). @default none */
  readonly onStore?: (store: MemoryStore) => void;
}

/**
 * Runs the standard run (DESIGN.md §6) on the in-memory store: 50 clients, three concurrent
 * operations each, retried webhooks, a provider run resolved by its webhook, roll-up.
 * @returns the job line, a table of client runs with totals and statuses, whether every total
 *   matches, the audit (as `run-records audit` reports it) of what the run wrote, and the latest
 *   jobs as `service.listJobs` lists them
 */
export async function demoStandardRun(options: DemoOptions = {}): Promise<string> {
  const store = createMemoryStore();
  const service = createRunRecordService(
    options.now === undefined ? { store } : { store, now: options.now },
  );
  const result = await runStandardRun(service);
  options.onStore?.(store);
  const lines: string[] = [];
  const job = await service.summarizeJob(result.runId);
  const runs = await service.listClientRuns(result.runId);
  if (job.isErr() || runs.isErr()) {
    const error = job.isErr() ? job.error : runs.isErr() ? runs.error : undefined;
    return `The standard run could not be read back: ${error?.message}`;
  }
  const { job: j } = job.value;
  const seconds = ((j.endedAt ?? j.lastActivityAt) - j.startedAt) / 1000;
  lines.push(
    `Job ${j.runId}  status ${j.status}  stream ${j.stream}  sealed ${j.sealed}  ` +
      `client runs ${job.value.clientRuns}  took ${seconds.toFixed(3)} s`,
  );
  lines.push(
    `${result.sends} calls sent, ${result.repeats} of them repeated with the same idempotency key (retried webhooks)`,
  );
  lines.push("");
  const sorted = [...runs.value].sort((a, b) => a.clientId.localeCompare(b.clientId));
  lines.push(...table(sorted, j.metrics));
  lines.push("");
  const mismatchText = result.mismatches.slice(0, 10).map((m) => `  - ${m}`);
  lines.push(
    result.matches
      ? `Every total matches what was sent: yes (${Object.keys(result.expected.metrics).length} metrics, ` +
          `${result.expected.progressLines} progress lines, ${result.expected.clientRuns} client runs, job ${result.actual.jobStatus}).`
      : `Every total matches what was sent: NO — ${result.mismatches.length} mismatch(es):\n${mismatchText.join("\n")}`,
  );
  // The same audit the CLI runs on a table export, over what this run wrote.
  const audit = auditMemorySnapshot(store.snapshot(), { now: j.lastActivityAt });
  lines.push("", "Audit of the records the standard run wrote:", formatReport(audit));
  // What an operator asks next: which runs are there? (jobs as stored, newest first, no totals)
  const latest = await service.listJobs({ limit: 5 });
  lines.push("", "The latest jobs (service.listJobs({ limit: 5 })):");
  lines.push(
    ...(latest.isErr()
      ? [`  could not list jobs: ${latest.error.message}`]
      : jobTable(latest.value.jobs)),
  );
  return lines.join("\n");
}

const table = (
  runs: readonly ClientRunRecord[],
  totals: Readonly<Record<string, number>>,
): string[] => {
  const header = ["client run", "status", ...COLUMNS.map(([, label]) => label), "lines"];
  const rows = runs.map((run) => [
    run.runId,
    run.status,
    ...COLUMNS.map(([name]) => format(run.metrics[name])),
    String(run.progress.length),
  ]);
  const lineCount = runs.reduce((n, run) => n + run.progress.length, 0);
  rows.push(["total", "", ...COLUMNS.map(([name]) => format(totals[name])), String(lineCount)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const render = (cells: readonly string[]) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  const body = rows.map(render);
  return [render(header), rule, ...body.slice(0, -1), rule, body.at(-1) ?? ""];
};

const format = (value: number | undefined) =>
  value === undefined ? "-" : Number.isInteger(value) ? String(value) : value.toFixed(3);
