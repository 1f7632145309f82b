import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { damagedExpected, findingKey, fixturePath } from "../fixture.js";
import { isOneLineError, requireBuilt, runBin, scratchDir } from "./run-bin.js";

beforeAll(requireBuilt);

const NOW = ["--now", damagedExpected().now];
const sortById = (rows: { id: string }[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));
const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8"));

describe("run-records audit --file (built binary)", () => {
  it("prints the summary table, then every planted finding; exit 1; nothing on stderr", async () => {
    const r = await runBin(["audit", "--file", fixturePath("damaged.json"), ...NOW]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("");
    const [head, , tableHeader] = r.stdout.split("\n");
    expect(head).toBe("Read 15 job records and 21 client run records.");
    expect(tableHeader).toMatch(/^finding +table +count +records +fixable$/);
    const findingsAt = r.stdout.indexOf("Findings (24):");
    expect(findingsAt).toBeGreaterThan(r.stdout.indexOf("duplicate "));
    for (const [kind, table, ids] of damagedExpected().findings) {
      expect(r.stdout).toContain(`${kind} [${table}] ${ids.join(", ")}`);
    }
  });

  it("reports the same findings as JSON", async () => {
    const r = await runBin(["audit", "--file", fixturePath("damaged.json"), "--json", ...NOW]);
    const report = JSON.parse(r.stdout);
    const expected = damagedExpected().findings.map(([kind, table, recordIds]) =>
      findingKey({ kind, table, recordIds }),
    );
    expect(report.findings.map(findingKey).sort()).toEqual(expected.sort());
  });

  it("audits a partly readable export as far as it can: unreadable rows are findings, one warning line", async () => {
    const r = await runBin(["audit", "--file", fixturePath("partly-readable.json"), ...NOW]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("(3 unreadable rows)");
    expect(r.stdout).toContain("unreadable-row [Job Tracking] records[1]");
    expect(r.stdout).toContain("double-suffix [Client Run Results] recCrGood0000001");
    expect(isOneLineError(r.stderr)).toBe(true);
    expect(r.stderr).toContain("3 rows could not be read");
  });

  it("reads CSV with a header row, listing a row with the wrong number of columns", async () => {
    const r = await runBin(["audit", "--file", fixturePath("client-runs.csv"), "--json", ...NOW]);
    const report = JSON.parse(r.stdout);
    expect(report.read).toEqual({ jobs: 0, clientRuns: 3, unreadable: 1 });
    const kinds = report.findings.map(
      (f: { kind: string; recordIds: string[] }) => `${f.kind} ${f.recordIds.join(",")}`,
    );
    expect(kinds).toEqual(
      expect.arrayContaining([
        "unreadable-row line 5",
        "placeholder-run-id csv-6",
        "orphan-client-run csv-2,csv-4",
      ]),
    );
  });

  it("names a missing file, bad JSON, an unknown table: exit 1, one line, no stack", async () => {
    const dir = scratchDir("rr-audit-");
    writeFileSync(join(dir, "bad.json"), "{ nope");
    const cases = [
      [join(dir, "absent.json"), "does not exist"],
      [join(dir, "bad.json"), "is not valid JSON"],
      [fixturePath("unknown-table.json"), "unknown table 'Leads'"],
    ] as const;
    for (const [path, text] of cases) {
      const r = await runBin(["audit", "--file", path, ...NOW]);
      expect([r.code, r.stdout, isOneLineError(r.stderr)]).toEqual([1, "", true]);
      expect(r.stderr).toContain(text);
    }
  });

  it("follows the table, field and status names of a --mapping file", async () => {
    const dir = scratchDir("rr-mapping-");
    const mappingPath = join(dir, "mapping.json");
    writeFileSync(
      mappingPath,
      JSON.stringify({
        tables: { jobs: "Jobs" },
        fields: { runId: "Run" },
        statuses: { completed: "Done" },
      }),
    );
    const exportPath = join(dir, "export.json");
    const record = (id: string, run: string, status: string) => ({
      id,
      createdTime: "2025-10-08T10:00:00Z",
      fields: { Run: run, Status: status },
    });
    writeFileSync(
      exportPath,
      JSON.stringify({
        Jobs: {
          records: [
            record("rec1", "251008-100000", "Done"),
            record("rec2", "251008-100001", "Completed"),
          ],
        },
      }),
    );
    const r = await runBin([
      "audit",
      "--file",
      exportPath,
      "--mapping",
      mappingPath,
      "--json",
      ...NOW,
    ]);
    expect(r.code).toBe(1);
    expect(
      JSON.parse(r.stdout).findings.map(
        (f: { kind: string; table: string; recordIds: string[] }) => [f.kind, f.table, f.recordIds],
      ),
    ).toEqual([["unknown-status", "Jobs", ["rec2"]]]);
    const wrongName = await runBin(["audit", "--file", exportPath, ...NOW]);
    expect(wrongName.stderr).toContain("unknown table 'Jobs'");
  });

  it("exits 2 without a source, with both sources, or with a bad --stale-after", async () => {
    for (const args of [
      ["audit"],
      ["audit", "--file", "x", "--airtable", "--base", "app1"],
      ["audit", "--file", "x", "--stale-after", "2 hours"],
    ]) {
      const r = await runBin(args);
      expect([r.code, isOneLineError(r.stderr)]).toEqual([2, true]);
    }
  });
});

describe("run-records repair on an export file (built binary)", () => {
  it("plans, dry-runs, applies with a backup, converges, is idempotent, and restores", async () => {
    const dir = scratchDir("rr-repair-");
    const input = join(dir, "damaged.json");
    copyFileSync(fixturePath("damaged.json"), input);
    const original = readFileSync(input, "utf8");
    const plan = join(dir, "plan.json");

    const planned = await runBin(["repair", "--plan", plan, "--file", input, ...NOW]);
    expect(planned.code).toBe(0);
    expect(planned.stdout).toContain(
      "21 updates, 1 creates, 3 deletes; 0 findings left for a person",
    );
    expect(readFileSync(input, "utf8")).toBe(original);

    const dry = await runBin(["repair", "--apply", plan, "--dry-run", ...NOW]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain("Would apply 21 updates, 1 creates, 3 deletes");
    expect(readdirSync(dir).sort()).toEqual(["damaged.json", "plan.json"]);

    const applied = await runBin(["repair", "--apply", plan, ...NOW]);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain(
      "Applied 21 updates, 1 creates, 3 deletes; 0 already done; 0 conflicts.",
    );
    expect(readFileSync(input, "utf8")).toBe(original);
    const output = join(dir, "damaged.repaired.json");
    const backups = readdirSync(dir).filter((f) => f.includes(".backup-"));
    expect(backups).toEqual(["plan.backup-20251008T120000.json"]);

    const clean = await runBin(["audit", "--file", output, ...NOW]);
    expect([clean.code, clean.stdout]).toEqual([
      0,
      "Read 15 job records and 19 client run records.\nNo findings.\n",
    ]);

    const again = join(dir, "again.json");
    const second = await runBin([
      "repair",
      "--apply",
      plan,
      "--file",
      output,
      "--output",
      again,
      "--now",
      "2025-10-08T13:00:00Z",
    ]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("Applied 0 updates, 0 creates, 0 deletes; 25 already done");
    expect(readJson(again)).toEqual(readJson(output));
    expect(readdirSync(dir).filter((f) => f.includes(".backup-"))).toHaveLength(1);

    const restoredPath = join(dir, "restored.json");
    const backup = join(dir, backups[0] as string);
    const restored = await runBin([
      "repair",
      "--restore",
      backup,
      "--file",
      output,
      "--output",
      restoredPath,
      ...NOW,
    ]);
    expect(restored.code).toBe(0);
    const before = JSON.parse(original);
    const after = readJson(restoredPath);
    for (const table of Object.keys(before)) {
      expect(sortById(after[table].records)).toEqual(sortById(before[table].records));
    }
  });

  it("never writes over an input, refuses unreadable exports, and names a missing plan", async () => {
    const dir = scratchDir("rr-repair-");
    const plan = join(dir, "plan.json");
    await runBin(["repair", "--plan", plan, "--file", fixturePath("damaged.json"), ...NOW]);
    const over = await runBin([
      "repair",
      "--apply",
      plan,
      "--output",
      fixturePath("damaged.json"),
      ...NOW,
    ]);
    expect([over.code, isOneLineError(over.stderr)]).toEqual([1, true]);
    expect(over.stderr).toContain("is the input export");

    const partial = await runBin([
      "repair",
      "--apply",
      plan,
      "--file",
      fixturePath("partly-readable.json"),
      "--output",
      join(dir, "o.json"),
      ...NOW,
    ]);
    expect([partial.code, isOneLineError(partial.stderr)]).toEqual([1, true]);
    expect(existsSync(join(dir, "o.json"))).toBe(false);

    const missing = await runBin(["repair", "--apply", join(dir, "nope.json")]);
    expect([missing.code, isOneLineError(missing.stderr)]).toEqual([1, true]);
    expect(missing.stderr).toContain("does not exist");
  });

  it("exits 2 without exactly one mode, or with --dry-run outside --apply", async () => {
    for (const args of [
      ["repair"],
      ["repair", "--plan", "a", "--apply", "b"],
      ["repair", "--plan", "a", "--dry-run", "--file", "x"],
    ]) {
      const r = await runBin(args);
      expect([r.code, isOneLineError(r.stderr)]).toEqual([2, true]);
    }
  });
});
