import { describe, expect, it } from "vitest";
import { resolveAirtableMapping } from "../../../src/airtable/mapping.js";
import { auditRecords } from "../../../src/cli/audit/audit-records.js";
import type { ExportRow, RunTables } from "../../../src/cli/audit/export-rows.js";
import { findingKinds } from "../../../src/cli/audit/findings.js";
import { damagedExpected, damagedNow, damagedTables, findingKey } from "../fixture.js";

const tablesOf = (jobs: ExportRow[], clientRuns: ExportRow[]): RunTables => ({
  jobs: { rows: jobs, unreadable: [] },
  clientRuns: { rows: clientRuns, unreadable: [] },
});

describe("auditRecords on the planted-defects export", () => {
  const report = auditRecords(damagedTables(), { now: damagedNow() });
  const expected = damagedExpected().findings.map(([kind, table, recordIds]) =>
    findingKey({ kind, table, recordIds }),
  );

  it("finds exactly the planted defects", () => {
    expect(report.findings.map(findingKey).sort()).toEqual([...expected].sort());
  });

  it("flags no clean record", () => {
    const flagged = report.findings.flatMap((f) => f.recordIds);
    expect(flagged.filter((id) => id.includes("Clean"))).toEqual([]);
  });

  it("plants every kind except unreadable rows, CSV columns and wrong types (covered by the bin tests)", () => {
    const kinds = new Set(report.findings.map((f) => f.kind));
    expect(findingKinds.filter((k) => !kinds.has(k))).toEqual([
      "unreadable-row",
      "unmapped-column",
      "wrong-type",
      "invalid-record",
    ]);
  });

  it("summarises per kind and table, counting records and fixable findings", () => {
    const duplicates = report.summary.find(
      (s) => s.kind === "duplicate" && s.table === "Client Run Results",
    );
    expect(duplicates).toEqual({
      kind: "duplicate",
      table: "Client Run Results",
      findings: 1,
      records: 3,
      fixable: 1,
    });
    expect(report.read).toEqual({ jobs: 15, clientRuns: 21, unreadable: 0 });
    expect(report.clean).toBe(false);
  });
});

describe("auditRecords rules", () => {
  const now = Date.parse("2025-10-08T12:00:00Z");
  const job = (id: string, fields: Record<string, unknown>): ExportRow => ({
    id,
    createdTime: "2025-10-08T10:00:00.000Z",
    fields,
  });

  it("judges staleness against the injected moment and threshold", () => {
    const running = job("recA", {
      "Run ID": "251008-100000",
      Status: "Running",
      "Start Time": "2025-10-08T10:00:00Z",
    });
    const tables = tablesOf([running], []);
    expect(auditRecords(tables, { now }).clean).toBe(true);
    const stale = auditRecords(tables, { now, staleAfterMs: 60 * 60 * 1000 });
    expect(stale.findings.map((f) => f.kind)).toEqual(["stale-run"]);
  });

  it("follows the mapping's table, field and status names", () => {
    const mapping = resolveAirtableMapping({
      tables: { jobs: "Jobs" },
      fields: { runId: "Run", status: "State" },
      statuses: { completed: "Done" },
    });
    const tables = tablesOf([job("recA", { Run: "251008-100000", State: "Done" })], []);
    expect(auditRecords(tables, { now, mapping }).clean).toBe(true);
    const wrong = tablesOf([job("recA", { Run: "251008-100000", State: "Completed" })], []);
    const report = auditRecords(wrong, { now, mapping });
    expect(report.findings.map((f) => [f.kind, f.table, f.fixable])).toEqual([
      ["unknown-status", "Jobs", false],
    ]);
  });

  it("does not treat a hyphenated tail of another client as the same client", () => {
    const run = job("recA", {
      "Run ID": "251008-100000-Guy-Wilson",
      "Client ID": "Wilson",
      Status: "Completed",
    });
    const report = auditRecords(
      tablesOf([job("recJ", { "Run ID": "251008-100000", Status: "Completed" })], [run]),
      { now },
    );
    expect(report.findings.map((f) => f.kind)).toEqual(["client-mismatch"]);
  });

  it("leaves a mismatch for a person under the manual policy", () => {
    const run = job("recA", { "Run ID": "251008-100000-Guy-Wilson", "Client ID": "Dean-Hobin" });
    const report = auditRecords(tablesOf([job("recJ", { "Run ID": "251008-100000" })], [run]), {
      now,
      mismatchPolicy: "manual",
    });
    expect(report.findings.map((f) => [f.kind, f.fixable])).toEqual([["client-mismatch", false]]);
  });

  it("never invents a Run ID: several or no runs named in the notes is unfixable", () => {
    const none = job("recA", { "System Notes": "no timestamp here" });
    const two = job("recB", { "System Notes": "251001-010101 then 251002-020202" });
    const report = auditRecords(tablesOf([none, two], []), { now });
    expect(report.findings.map((f) => [f.kind, f.fixable])).toEqual([
      ["missing-run-id", false],
      ["missing-run-id", false],
    ]);
  });

  it("reports unreadable rows as findings with their position", () => {
    const tables: RunTables = {
      jobs: {
        rows: [],
        unreadable: [
          {
            table: "Job Tracking",
            source: "x.csv",
            position: "line 3",
            reason: "expected 2 columns, found 3",
          },
        ],
      },
      clientRuns: { rows: [], unreadable: [] },
    };
    const report = auditRecords(tables, { now });
    expect(report.findings).toEqual([
      expect.objectContaining({ kind: "unreadable-row", recordIds: ["line 3"], fixable: false }),
    ]);
    expect(report.read.unreadable).toBe(1);
  });

  it("groups duplicates by identity after normalisation, earliest first", () => {
    const a = {
      ...job("recA", {
        "Run ID": "251008-100000-Guy-Wilson-Guy-Wilson",
        "Client ID": "Guy-Wilson",
      }),
      createdTime: "2025-10-08T10:00:02Z",
    };
    const b = {
      ...job("recB", { "Run ID": " 251008-100000-Guy-Wilson", "Client ID": "Guy-Wilson" }),
      createdTime: "2025-10-08T10:00:01Z",
    };
    const report = auditRecords(tablesOf([job("recJ", { "Run ID": "251008-100000" })], [a, b]), {
      now,
    });
    const duplicate = report.findings.find((f) => f.kind === "duplicate");
    expect(duplicate?.recordIds).toEqual(["recB", "recA"]);
  });
});
