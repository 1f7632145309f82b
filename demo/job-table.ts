import type { JobRecord } from "../src/store/records.js";

/**
 * Renders jobs as a plain-text table (run ID, status, start time), for the demos' closing listing.
 * @param jobs - Jobs as `listJobs` returns them, newest first.
 * @returns The table's lines: header, rule, one line per job.
 */
export const jobTable = (jobs: readonly JobRecord[]): string[] => {
  const rows = jobs.map((job) => [job.runId, job.status, new Date(job.startedAt).toISOString()]);
  const header = ["run ID", "status", "started"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const render = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [render(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(render)];
};
