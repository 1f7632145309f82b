import type { AuditReport } from "../audit/audit-records.js";
import { formatTable } from "./format-table.js";

/** Renders an audit report for people: what was read, a summary table, then every finding. */
export const formatReport = (report: AuditReport): string => {
  const { read } = report;
  const head = `Read ${read.jobs} job records and ${read.clientRuns} client run records${
    read.unreadable > 0 ? ` (${read.unreadable} unreadable rows)` : ""
  }.`;
  if (report.clean) return `${head}\nNo findings.`;
  const summary = formatTable(
    ["finding", "table", "count", "records", "fixable"],
    report.summary.map((s) => [s.kind, s.table, s.findings, s.records, s.fixable]),
  );
  const findings = report.findings.map((f) => {
    const value = f.value === undefined ? "" : ` ${JSON.stringify(f.value)}`;
    return `${f.kind} [${f.table}] ${f.recordIds.join(", ")}${value}: ${f.message}`;
  });
  return [head, "", summary, "", `Findings (${report.findings.length}):`, ...findings].join("\n");
};
