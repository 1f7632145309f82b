import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { parseMemorySnapshot } from "../../../src/memory/memory-snapshot.js";
import { createMemoryStore } from "../../../src/memory/memory-store.js";
import { createRunRecordService } from "../../../src/service/index.js";
import { runStandardRun } from "../../../src/testing/standard-run.js";
import { isOneLineError, requireBuilt, runBin, scratchDir } from "./run-bin.js";

beforeAll(requireBuilt);

const START = Date.UTC(2025, 9, 7, 8, 0, 0);
const dir = scratchDir("rr-snapshot-");
const ticking = () => {
  let clock = START;
  return () => (clock += 7);
};

/** The snapshot of a memory store after a clean standard run, written to a file. */
const cleanSnapshotFile = async (): Promise<string> => {
  const store = createMemoryStore();
  const result = await runStandardRun(createRunRecordService({ store, now: ticking() }), {
    clients: 5,
  });
  expect(result.matches).toBe(true);
  const path = join(dir, "clean.json");
  writeFileSync(path, JSON.stringify(store.snapshot()));
  return path;
};

/** A job with one client run whose operation was started at 08:00 and never ended. */
const leftRunningFile = async (): Promise<{ path: string; clientRunId: string }> => {
  const store = createMemoryStore();
  const service = createRunRecordService({ store, now: ticking() });
  const job = await service.startJob({ stream: 1 });
  if (job.isErr()) throw new Error(job.error.message);
  const runId = job.value.job.runId;
  const run = await service.startClientRun({
    runId,
    clientId: "Guy-Wilson",
    operations: ["lead_scoring"],
  });
  if (run.isErr()) throw new Error(run.error.message);
  const started = await service.startOperation(runId, "Guy-Wilson", "lead_scoring");
  expect(started.isOk()).toBe(true);
  const path = join(dir, "left-running.json");
  writeFileSync(path, JSON.stringify(store.snapshot()));
  return { path, clientRunId: run.value.run.runId };
};

describe("run-records audit --snapshot (built binary)", () => {
  it("audits what a clean standard run wrote to the memory store: No findings., exit 0", async () => {
    const path = await cleanSnapshotFile();
    const r = await runBin(["audit", "--snapshot", path, "--now", "2025-10-07T12:00:00Z"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("Read 1 job records and 5 client run records.\nNo findings.\n");
    expect(r.code).toBe(0);
    const json = await runBin([
      "audit",
      "--snapshot",
      path,
      "--json",
      "--now",
      "2025-10-07T12:00:00Z",
    ]);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.clean).toBe(true);
    expect(report.read).toEqual({ jobs: 1, clientRuns: 5, unreadable: 0 });
  });

  it("reports a client run left running past --stale-after (exit 1), and not before it", async () => {
    const { path, clientRunId } = await leftRunningFile();
    const late = ["--now", "2025-10-07T11:00:00Z"];
    const r = await runBin(["audit", "--snapshot", path, "--stale-after", "2h", ...late]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("Read 1 job records and 1 client run records.");
    expect(r.stdout).toContain(`stale-run [Client Run Results] run:${clientRunId}`);
    const json = await runBin([
      "audit",
      "--snapshot",
      path,
      "--stale-after",
      "2h",
      "--json",
      ...late,
    ]);
    const kinds = JSON.parse(json.stdout).findings.map(
      (f: { kind: string; recordIds: string[] }) => `${f.kind} ${f.recordIds.join(",")}`,
    );
    expect(kinds).toContain(`stale-run run:${clientRunId}`);
    const patient = await runBin(["audit", "--snapshot", path, "--stale-after", "4h", ...late]);
    expect(patient.stdout).toContain("No findings.");
    expect(patient.code).toBe(0);
  });

  it("a garbage, a wrongly shaped or a missing snapshot file: one line naming it, exit 1", async () => {
    const garbage = join(dir, "garbage.json");
    writeFileSync(garbage, "\u0000 this is { not a snapshot");
    const shaped = join(dir, "shaped.json");
    writeFileSync(shaped, JSON.stringify({ version: 1, jobs: "none" }));
    const cases = [
      [garbage, "is not a memory-store snapshot (memory snapshot is not valid JSON)"],
      [shaped, "invalid memory snapshot at $.jobs"],
      [join(dir, "absent.json"), "does not exist; check the --snapshot path"],
      [dir, "is a directory"],
    ] as const;
    for (const [path, text] of cases) {
      const r = await runBin(["audit", "--snapshot", path, "--now", "2025-10-07T12:00:00Z"]);
      expect(r.code, path).toBe(1);
      expect(r.stdout).toBe("");
      expect(isOneLineError(r.stderr), r.stderr).toBe(true);
      expect(r.stderr).toContain(path);
      expect(r.stderr).toContain(text);
    }
  });

  it("reports every record the service could never have written as a finding, and audits the rest", async () => {
    const snapshot = JSON.parse(readFileSync(await cleanSnapshotFile(), "utf8"));
    const job = snapshot.jobs[0].record;
    delete job.endedAt;
    const run = snapshot.clientRuns[1].record;
    run.endedAt = run.startedAt - 1000;
    const path = join(dir, "impossible.json");
    writeFileSync(path, JSON.stringify(snapshot));
    const r = await runBin([
      "audit",
      "--snapshot",
      path,
      "--now",
      "2025-10-07T12:00:00Z",
      "--json",
    ]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    const invalid = report.findings.filter((f: { kind: string }) => f.kind === "invalid-record");
    expect(invalid.map((f: { recordIds: string[] }) => f.recordIds[0])).toEqual([
      `job ${JSON.stringify(job.runId)}`,
      `client run ${JSON.stringify(run.runId)}`,
    ]);
    expect(report.read.clientRuns).toBe(snapshot.clientRuns.length - 1);
  });

  it("keeps the error on one line when the file name holds a newline", async () => {
    const path = join(dir, "two\nlines.json");
    writeFileSync(path, "not json");
    const r = await runBin(["audit", "--snapshot", path, "--now", "2025-10-07T12:00:00Z"]);
    expect(r.code).toBe(1);
    expect(isOneLineError(r.stderr), r.stderr).toBe(true);
    expect(r.stderr).toContain("two lines.json is not a memory-store snapshot");
  });

  it("--snapshot with --file or --airtable is a usage error: exit 2, nothing read", async () => {
    const absent = join(dir, "never-read.json");
    for (const other of [
      ["--file", absent],
      ["--airtable", "--base", "appX"],
    ]) {
      const r = await runBin(["audit", "--snapshot", absent, ...other]);
      expect(r.code).toBe(2);
      expect(isOneLineError(r.stderr), r.stderr).toBe(true);
      expect(r.stderr).toContain(`give either --snapshot or ${other[0]}`);
    }
  });

  it("--help names --snapshot", async () => {
    const r = await runBin(["audit", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("--snapshot <path>");
  });
});

describe("npm run demo -- --save <path>, then run-records audit --snapshot <path>", () => {
  const root = fileURLToPath(new URL("../../../", import.meta.url));

  it("writes a valid snapshot of the standard run that audits with no findings", async () => {
    const path = join(dir, "demo.json");
    const demo = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(
        process.execPath,
        ["--import", "tsx", "demo/index.ts", "--save", path],
        {
          cwd: root,
          encoding: "utf8",
          env: { ...process.env, RUN_RECORDS_NOW: "2025-10-07T07:04:57Z" },
        },
        (error, stdout) => resolve({ code: error === null ? 0 : Number(error.code), stdout }),
      );
    });
    expect(demo.code).toBe(0);
    expect(demo.stdout).toContain(`run-records audit --snapshot ${path} audits it.`);
    const parsed = parseMemorySnapshot(readFileSync(path, "utf8"));
    expect(parsed.isOk()).toBe(true);
    expect(parsed.isOk() && parsed.value.clientRuns.length).toBe(50);
    // The demo ran on the fixed clock: its job's run ID is that instant (UTC).
    expect(parsed.isOk() && parsed.value.jobs[0]?.record.runId).toBe("251007-070457");
    const r = await runBin(["audit", "--snapshot", path, "--now", "2025-10-07T12:00:00Z"]);
    expect(r.stdout).toBe("Read 1 job records and 50 client run records.\nNo findings.\n");
    expect(r.code).toBe(0);
  });
});
