import { spawn } from "node:child_process";
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultAirtableMapping as mapping } from "../src/airtable/mapping.js";
import { auditRecords } from "../src/cli/audit/audit-records.js";
import type { ExportRow, RunTables } from "../src/cli/audit/export-rows.js";

// Audit of a 100,000-record export (DESIGN.md section 5 tables): 2,000 jobs x 49 client runs,
// one client run in ten damaged the ways the real base was (double suffix, colon, wrong client,
// status case, duplicate), plus placeholder job IDs and stale jobs. Targets: < 5 s and < 500 MB.
const JOBS = 2_000;
const CLIENTS_PER_JOB = 49;
const NOW = "2025-10-08T12:00:00Z";
const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

const baseRunId = (i: number): string => {
  const t = new Date(Date.UTC(2025, 0, 1) + i * 3_600_000);
  return `${pad(t.getUTCFullYear() % 100)}${pad(t.getUTCMonth() + 1)}${pad(t.getUTCDate())}-${pad(t.getUTCHours())}0000`;
};

/** A deterministic export with planted damage in 5 of every 50 client runs. */
const generateExport = (): { jobs: ExportRow[]; clientRuns: ExportRow[] } => {
  const jobs: ExportRow[] = [];
  const clientRuns: ExportRow[] = [];
  for (let j = 0; j < JOBS; j += 1) {
    const base = baseRunId(j);
    const start = new Date(Date.UTC(2025, 0, 1) + j * 3_600_000).toISOString();
    jobs.push({
      id: `recJ${pad(j, 13)}`,
      createdTime: start,
      fields: {
        "Run ID": j % 97 === 5 ? "UNKNOWN" : base,
        Status: j % 211 === 7 ? "Running" : "Completed",
        "Start Time": start,
        "System Notes": `Job ${base} started`,
      },
    });
    for (let c = 0; c < CLIENTS_PER_JOB; c += 1) {
      const n = j * CLIENTS_PER_JOB + c;
      const client = `Client-${pad(c, 3)}`;
      const damage = n % 50;
      const runId =
        damage === 1
          ? `${base}-${client}-${client}`
          : damage === 2
            ? `${base}:${client}`
            : damage === 3
              ? `${base}-Other-Client`
              : `${base}-${client}`;
      const fields: Record<string, unknown> = {
        "Run ID": runId,
        "Client ID": client,
        Status: damage === 4 ? "completed" : "Completed",
        "Start Time": start,
        "Progress Log": `${start} lead_scoring started\n${start} lead_scoring completed`,
        [mapping.metrics.profiles_examined as string]: 40 + (n % 80),
        [mapping.metrics.profiles_scored as string]: 40,
      };
      clientRuns.push({ id: `recC${pad(n, 13)}`, createdTime: start, fields });
      if (damage === 5)
        clientRuns.push({ id: `recD${pad(n, 13)}`, createdTime: start, fields: { ...fields } });
    }
  }
  return { jobs, clientRuns: clientRuns.slice(0, 100_000 - jobs.length) };
};

// One damaged client run record (as in generateExport), by index.
const clientRunAt = (n: number): ExportRow => {
  const j = Math.floor(n / CLIENTS_PER_JOB);
  const c = n % CLIENTS_PER_JOB;
  const base = baseRunId(j);
  const start = new Date(Date.UTC(2025, 0, 1) + j * 3_600_000).toISOString();
  const client = `Client-${pad(c, 3)}`;
  const damage = n % 50;
  const runId =
    damage === 1
      ? `${base}-${client}-${client}`
      : damage === 2
        ? `${base}:${client}`
        : `${base}-${client}`;
  return {
    id: `recC${pad(n, 13)}`,
    createdTime: start,
    fields: {
      "Run ID": runId,
      "Client ID": client,
      Status: damage === 4 ? "completed" : "Completed",
      "Start Time": start,
      "Progress Log": `${start} lead_scoring started\n${start} lead_scoring completed`,
      [mapping.metrics.profiles_examined as string]: 40 + (n % 80),
      [mapping.metrics.profiles_scored as string]: 40,
    },
  };
};

/**
 * Writes a Client Run Results export straight to disk (never held in memory): `records` records,
 * or as many as reach `bytes`. JSON list shape, or CSV with a header row.
 * @returns the records written
 */
const writeBigExport = (
  path: string,
  format: "json" | "csv",
  limit: { records?: number; bytes?: number },
): number => {
  const fd = openSync(path, "w");
  const columns = [
    "Record ID",
    "Created",
    "Run ID",
    "Client ID",
    "Status",
    "Start Time",
    "Progress Log",
    mapping.metrics.profiles_examined as string,
    mapping.metrics.profiles_scored as string,
  ];
  const cell = (v: unknown): string => {
    const t = v === undefined ? "" : String(v);
    return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
  };
  let written =
    format === "json" ? writeSync(fd, '{"records":[\n') : writeSync(fd, `${columns.join(",")}\r\n`);
  let n = 0;
  let batch: string[] = [];
  const flush = (): void => {
    written += writeSync(fd, batch.join(""));
    batch = [];
  };
  while (
    (limit.records === undefined || n < limit.records) &&
    (limit.bytes === undefined || written < limit.bytes)
  ) {
    const row = clientRunAt(n);
    if (format === "json") batch.push(`${n === 0 ? "" : ",\n"}${JSON.stringify(row)}`);
    else {
      const values = [row.id, row.createdTime, ...columns.slice(2).map((c) => row.fields[c])];
      batch.push(`${values.map(cell).join(",")}\r\n`);
    }
    n += 1;
    if (batch.length === 1000) flush();
  }
  flush();
  if (format === "json") writeSync(fd, "\n]}\n");
  closeSync(fd);
  return n;
};

const runCli = (
  args: string[],
  preload: string,
): Promise<{ ms: number; maxRssKb: number; code: number }> =>
  new Promise((resolve, reject) => {
    const dist =
      process.env.RUN_RECORDS_TEST_BIN ?? join(import.meta.dirname, "..", "dist", "cli.js");
    const entry = existsSync(dist)
      ? [dist]
      : ["--import", "tsx", join(import.meta.dirname, "..", "src", "cli", "main.ts")];
    const started = performance.now();
    const child = spawn(process.execPath, ["--require", preload, ...entry, ...args], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const ms = performance.now() - started;
      const maxRssKb = Number(/maxrss=(\d+)/.exec(stderr)?.[1] ?? Number.NaN);
      resolve({ ms, maxRssKb, code: code ?? -1 });
    });
  });

// Big exports read as streams: time and peak memory of the whole CLI process, one run each.
const bigInputs = async (dir: string, preload: string): Promise<string[]> => {
  const cases: [string, "json" | "csv", { records?: number; bytes?: number }][] = [
    ["100,000 records, JSON", "json", { records: 100_000 }],
    ["500,000 records, JSON", "json", { records: 500_000 }],
    ["150 MB, JSON", "json", { bytes: 150 * 1_048_576 }],
    ["60 MB, CSV", "csv", { bytes: 60 * 1_048_576 }],
  ];
  const lines = [
    "### run-records audit: big exports (streamed)",
    "",
    "Client Run Results exports written straight to disk by the benchmark (not committed); one run each.",
    "",
    "| export | records | size | time | peak RSS | targets |",
    "|---|---|---|---|---|---|",
  ];
  for (const [label, format, limit] of cases) {
    const file = join(dir, `big.${format}`);
    const records = writeBigExport(file, format, limit);
    const sizeMb = statSync(file).size / 1_048_576;
    const r = await runCli(["audit", "--file", file, "--now", NOW, "--json"], preload);
    const rssMb = r.maxRssKb / 1024;
    lines.push(
      `| ${label} | ${records} | ${sizeMb.toFixed(0)} MB | ${(r.ms / 1000).toFixed(1)} s | ${rssMb.toFixed(0)} MB | < 60 s, < 1 GB (${r.ms < 60_000 && rssMb < 1024 ? "met" : "MISSED"}; exit ${r.code}) |`,
    );
    rmSync(file, { force: true });
  }
  return lines;
};

/** Runs the benchmark; returns a markdown section with the figures. */
export async function run(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "rr-audit-bench-"));
  try {
    const { jobs, clientRuns } = generateExport();
    const file = join(dir, "export.json");
    writeFileSync(
      file,
      JSON.stringify({
        [mapping.tables.jobs]: { records: jobs },
        [mapping.tables.clientRuns]: { records: clientRuns },
      }),
    );
    const preload = join(dir, "maxrss.cjs");
    // Peak resident memory of the whole CLI process, reported by the process itself as it exits.
    writeFileSync(
      preload,
      'process.on("exit", () => require("node:fs").writeSync(2, "maxrss=" + process.resourceUsage().maxRSS + "\\n"));\n',
    );
    const runs = [];
    for (let i = 0; i < 3; i += 1)
      runs.push(await runCli(["audit", "--file", file, "--now", NOW, "--json"], preload));
    const human = await runCli(["audit", "--file", file, "--now", NOW], preload);
    const tables: RunTables = {
      jobs: { rows: jobs, unreadable: [] },
      clientRuns: { rows: clientRuns, unreadable: [] },
    };
    const inProcess: number[] = [];
    let findings = 0;
    for (let i = 0; i < 3; i += 1) {
      const started = performance.now();
      findings = auditRecords(tables, { now: Date.parse(NOW) }).findings.length;
      inProcess.push(performance.now() - started);
    }
    const median = (xs: number[]): number =>
      [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
    const cliMs = median(runs.map((r) => r.ms));
    const rssMb = Math.max(...runs.map((r) => r.maxRssKb), human.maxRssKb) / 1024;
    const sizeMb = statSync(file).size / 1_048_576;
    const verdict = (ok: boolean): string => (ok ? "met" : "MISSED");
    return [
      "### run-records audit: 100,000-record export",
      "",
      `${jobs.length + clientRuns.length} records (${jobs.length} jobs, ${clientRuns.length} client runs), ${sizeMb.toFixed(1)} MB of list JSON, ${findings} findings reported (one client run in ten is damaged).`,
      "",
      "| measure | value | target |",
      "|---|---|---|",
      `| \`run-records audit --file … --json\`, whole process, median of 3 | ${(cliMs / 1000).toFixed(2)} s | < 5 s (${verdict(cliMs < 5000)}) |`,
      `| same, human output | ${(human.ms / 1000).toFixed(2)} s | |`,
      `| peak RSS of the CLI process | ${rssMb.toFixed(0)} MB | < 500 MB (${verdict(rssMb < 500)}) |`,
      `| \`auditRecords\` alone (in process, median of 3) | ${(median(inProcess) / 1000).toFixed(2)} s | |`,
      `| exit codes | ${[...runs, human].map((r) => r.code).join(", ")} (1: findings) | |`,
      "",
      ...(await bigInputs(dir, preload)),
    ].join("\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await run());
