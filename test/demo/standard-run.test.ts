import { describe, expect, it } from "vitest";
import { demoStandardRun } from "../../demo/standard-run.js";

describe("npm run demo (the standard run on the in-memory store)", () => {
  it("reports every total as matching and audits what it wrote with no findings", async () => {
    let clock = Date.UTC(2025, 9, 7, 7, 4, 57);
    const text = await demoStandardRun({ now: () => (clock += 7) });
    const lines = text.split("\n");
    expect(lines[0]).toMatch(
      /^Job 251007-0704\d\d {2}status completed {2}stream 1 {2}sealed true {2}client runs 50/,
    );
    // One row per client run, each completed, then the totals row.
    expect(lines.filter((l) => /^251007-\d{6}-Client-\d{3} +completed /.test(l))).toHaveLength(50);
    expect(text).toContain(
      "Every total matches what was sent: yes (9 metrics, 750 progress lines, 50 client runs, job completed).",
    );
    expect(lines.slice(-3)).toEqual([
      "Audit of the records the standard run wrote:",
      "Read 1 job records and 50 client run records.",
      "No findings.",
    ]);
  });
});
