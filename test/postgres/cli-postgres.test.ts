// run-records migrate and audit --postgres/--pglite, run as the built binary in a child process
// against the test run's PostgreSQL server.
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRunRecordService } from "../../src/index.js";
import { openPostgresStore } from "../../src/postgres/index.js";
import { isOneLineError, requireBuilt, runBin, scratchDir } from "../cli/bin/run-bin.js";
import { createTestDatabase, type TestDatabase } from "../support/postgres/index.js";

const T = Date.UTC(2026, 11, 1, 9);
let database: TestDatabase;

beforeAll(async () => {
  requireBuilt();
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

describe("run-records migrate", () => {
  it("--print prints the migration SQL without connecting", async () => {
    const result = await runBin(["migrate", "--print", "--schema", "custom_rr"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("pg_advisory_xact_lock");
    expect(result.stdout).toContain('CREATE TABLE "custom_rr".jobs');
    const bad = await runBin(["migrate", "--print", "--schema", "Bad-Name"]);
    expect(bad.code).toBe(2);
    expect(isOneLineError(bad.stderr)).toBe(true);
  });

  it("migrates an empty database once; a second run changes nothing", async () => {
    const first = await runBin(["migrate", "--postgres", database.url]);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /Schema run_records on PostgreSQL at .* migrated from version 0 to 1\./,
    );
    const second = await runBin(["migrate", "--postgres", database.url]);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/already at version 1; nothing to do\./);
    const { rows } = await database.pool.query("SELECT version FROM run_records.schema_version");
    expect(rows).toEqual([{ version: 1 }]);
  });

  it("an unreachable server is one line and exit 1", async () => {
    const result = await runBin(["migrate", "--postgres", "postgres://nobody@127.0.0.1:1/none"]);
    expect(result.code).toBe(1);
    expect(isOneLineError(result.stderr)).toBe(true);
    expect(result.stderr).toContain("cannot open PostgreSQL at postgres://nobody@127.0.0.1:1/none");
  });
});

describe("run-records audit --postgres", () => {
  it("reports stale runs, unknown statuses, client runs without a job and the schema version", async () => {
    const store = (await openPostgresStore({ db: database.pool }))._unsafeUnwrap();
    let now = T;
    const service = createRunRecordService({ store, now: () => now++ });
    const runId = (await service.startJob({ stream: 1 }))._unsafeUnwrap().job.runId;
    for (const clientId of ["Acme", "Borked"]) {
      (await service.startClientRun({ runId, clientId }))._unsafeUnwrap();
    }
    // Damage no service call makes: an unknown status, and a client run whose job is gone.
    await database.pool.query(
      `UPDATE run_records.client_runs SET record = jsonb_set(record, '{status}', '"Exploded"')
       WHERE client_id = 'Borked'`,
    );
    await database.pool.query(
      `INSERT INTO run_records.client_runs (base_run_id, client_id, record)
       SELECT '260101-000000', client_id, jsonb_set(jsonb_set(record, '{baseRunId}', '"260101-000000"'),
              '{runId}', to_jsonb('260101-000000-' || client_id))
       FROM run_records.client_runs WHERE client_id = 'Acme'`,
    );
    const later = new Date(T + 3 * 60 * 60 * 1000).toISOString();
    const result = await runBin(["audit", "--postgres", database.url, "--json", "--now", later]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as {
      schema: unknown;
      findings: { kind: string; value?: string; recordIds: string[] }[];
    };
    expect(report.schema).toEqual({ name: "run_records", version: 1, expected: 1 });
    const kinds = (kind: string) => report.findings.filter((f) => f.kind === kind);
    expect(kinds("unknown-status").map((f) => f.value)).toEqual(["Exploded"]);
    expect(kinds("orphan-client-run").flatMap((f) => f.recordIds)).toEqual([
      "run:260101-000000-Acme",
    ]);
    // Running for 3 hours with a 2-hour threshold: the job and its running client runs.
    expect(kinds("stale-run").flatMap((f) => f.recordIds)).toEqual(
      expect.arrayContaining([`job:${runId}`, `run:${runId}-Acme`]),
    );

    const human = await runBin(["audit", "--postgres", database.url, "--now", later]);
    expect(human.code).toBe(1);
    expect(human.stdout.split("\n")[0]).toBe(
      "Schema run_records at version 1 (this run-records: 1).",
    );

    const fresh = await runBin([
      "audit",
      "--postgres",
      database.url,
      "--now",
      new Date(T + 60_000).toISOString(),
      "--json",
    ]);
    const freshKinds = (JSON.parse(fresh.stdout) as { findings: { kind: string }[] }).findings.map(
      (f) => f.kind,
    );
    expect(freshKinds).not.toContain("stale-run");
  });

  it("a database without the schema, a missing PGlite directory and two stores are one-line errors", async () => {
    const empty = await createTestDatabase();
    try {
      const result = await runBin(["audit", "--postgres", empty.url]);
      expect(result.code).toBe(1);
      expect(isOneLineError(result.stderr)).toBe(true);
      expect(result.stderr).toContain("has no run-records schema run_records");
    } finally {
      await empty.drop();
    }
    const missing = await runBin(["audit", "--pglite", "/nonexistent/run-records-pglite"]);
    expect(missing.code).toBe(1);
    expect(isOneLineError(missing.stderr)).toBe(true);
    expect(missing.stderr).toContain("no PGlite data directory at /nonexistent/run-records-pglite");
    const both = await runBin(["audit", "--postgres", database.url, "--pglite", "/tmp/x"]);
    expect(both.code).toBe(2);
    expect(isOneLineError(both.stderr)).toBe(true);
  });

  it("refuses a PGlite directory another live process holds, before PGlite touches it", async () => {
    const dir = scratchDir("rr-pglite-held-");
    // This test process stands in for the store that has the directory open.
    writeFileSync(join(dir, "run-records.lock"), String(process.pid));
    for (const args of [
      ["audit", "--pglite", dir],
      ["migrate", "--pglite", dir],
    ]) {
      const result = await runBin(args);
      expect(result.code, args[0]).toBe(1);
      expect(isOneLineError(result.stderr), result.stderr).toBe(true);
      expect(result.stderr).toContain(`in use by process ${process.pid}`);
      expect(readdirSync(dir)).toEqual(["run-records.lock"]);
    }
  });
});
