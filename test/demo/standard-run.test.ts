import { beforeAll, describe, expect, it } from "vitest";
import { demoStandardRun } from "../../demo/standard-run.js";

describe("npm run demo (the standard run on the in-memory store)", () => {
  let lines: string[] = [];
  beforeAll(async () => {
    let clock = Date.UTC(2025, 9, 7, 7, 4, 57);
    lines = (await demoStandardRun({ now: () => (clock += 7) })).split("\n");
  });

  it("reports every total as matching and audits what it wrote with no findings", () => {
    expect(lines[0]).toMatch(
      /^Job 251007-0704\d\d {2}status completed {2}stream 1 {2}sealed true {2}client runs 50/,
    );
    // One row per client run, each completed, then the totals row.
    expect(lines.filter((l) => /^251007-\d{6}-Client-\d{3} +completed /.test(l))).toHaveLength(50);
    expect(lines).toContain(
      "Every total matches what was sent: yes (9 metrics, 750 progress lines, 50 client runs, job completed).",
    );
    const audit = lines.indexOf("Audit of the records the standard run wrote:");
    expect(lines.slice(audit, audit + 3)).toEqual([
      "Audit of the records the standard run wrote:",
      "Read 1 job records and 50 client run records.",
      "No findings.",
    ]);
  });

  it("ends by listing the latest jobs through service.listJobs", () => {
    const at = lines.indexOf("The latest jobs (service.listJobs({ limit: 5 })):");
    expect(at).toBeGreaterThan(0);
    // The table is the end of the demo: a header, a rule, one row for the run's one job.
    expect(lines.slice(at + 1)).toHaveLength(3);
    expect(lines[at + 1]).toMatch(/^run ID +status +started$/);
    expect(lines[at + 2]).toMatch(/^-+ {2}-+ {2}-+$/);
    const runId = lines[0]?.match(/^Job (\d{6}-\d{6})/)?.[1];
    expect(lines[at + 3]).toMatch(
      new RegExp(`^${runId} {2}completed {2}2025-10-07T07:04:57\\.\\d{3}Z$`),
    );
  });
});
