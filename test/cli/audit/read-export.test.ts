import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { defaultAirtableMapping as mapping } from "../../../src/airtable/mapping.js";
import { loadExportFiles } from "../../../src/cli/audit/load-files.js";
import { readExportText } from "../../../src/cli/audit/read-export.js";
import type { Progress } from "../../../src/cli/output/progress.js";
import { fixturePath } from "../fixture.js";

const quiet: Progress = { update: () => undefined, finish: () => undefined };

describe("readExportText", () => {
  it("reads a single-table list response and guesses the table from its fields", () => {
    const text = JSON.stringify({
      records: [{ id: "rec1", fields: { "Run ID": "251007-070457-A", "Client ID": "A" } }],
    });
    const tables = readExportText(text, "export.json", mapping)._unsafeUnwrap();
    expect([...tables.keys()]).toEqual(["Client Run Results"]);
  });

  it("guesses the table from the file name, and --table wins over both", () => {
    const text = JSON.stringify({ records: [] });
    expect([
      ...readExportText(text, "dir/job-tracking.json", mapping)._unsafeUnwrap().keys(),
    ]).toEqual(["Job Tracking"]);
    expect([
      ...readExportText(text, "x.json", mapping, "Client Run Results")._unsafeUnwrap().keys(),
    ]).toEqual(["Client Run Results"]);
  });

  it("keeps readable records of a partly readable export and lists the rest", () => {
    const text = readFileSync(fixturePath("partly-readable.json"), "utf8");
    const tables = readExportText(text, "p.json", mapping)._unsafeUnwrap();
    const jobs = tables.get("Job Tracking");
    expect(jobs?.rows.map((r) => r.id)).toEqual(["recJobGood000001"]);
    expect(jobs?.unreadable.map((u) => [u.position, u.reason])).toEqual([
      ["records[1]", "not an object"],
      ["records[2]", "no record id"],
      ["records[3]", "record recJobNoFields01 has no fields object"],
    ]);
  });

  it("refuses text that is not JSON with a one-line message naming the file", () => {
    const error = readExportText("{ not json", "bad.json", mapping)._unsafeUnwrapErr();
    expect(error.type).toBe("input");
    expect(error.message).toMatch(/^bad\.json is not valid JSON \(.*\); export the table again$/);
    expect(error.message).not.toContain("\n");
  });

  it("refuses a table without a records array", () => {
    const error = readExportText('{"Job Tracking": 3}', "x.json", mapping)._unsafeUnwrapErr();
    expect(error.message).toContain("table 'Job Tracking' has no \"records\" array");
  });
});

describe("loadExportFiles", () => {
  it("combines one file per table", async () => {
    const tables = await loadExportFiles(
      [fixturePath("client-runs.csv"), fixturePath("partly-readable.json")],
      mapping,
      quiet,
    );
    const value = tables._unsafeUnwrap();
    expect(value.clientRuns.rows).toHaveLength(4);
    expect(value.clientRuns.unreadable.map((u) => [u.table, u.position])).toEqual([
      ["Client Run Results", "line 5"],
    ]);
    expect(value.jobs.rows).toHaveLength(1);
  });

  it("names an unknown table and what to do", async () => {
    const error = (
      await loadExportFiles([fixturePath("unknown-table.json")], mapping, quiet)
    )._unsafeUnwrapErr();
    expect(error.message).toContain("unknown table 'Leads'");
  });

  it("names a missing file", async () => {
    const error = (
      await loadExportFiles(["/nonexistent/x.json"], mapping, quiet)
    )._unsafeUnwrapErr();
    expect(error.message).toBe("/nonexistent/x.json does not exist; check the --file path");
  });
});
