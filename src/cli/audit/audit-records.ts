import { analyzeTables } from "./analyze.js";
import type { AuditOptions } from "./audit-options.js";
import type { RunTables } from "./export-rows.js";
import { type Finding, type FindingKind, findingKinds } from "./findings.js";

/** One line of the audit summary: how many findings of a kind in a table, and records involved. */
export interface SummaryLine {
  readonly kind: FindingKind;
  readonly table: string;
  readonly findings: number;
  readonly records: number;
  /** Findings of this line the repair plan can fix. */
  readonly fixable: number;
}

/** The result of an audit: what was read, the summary, and every finding. */
export interface AuditReport {
  readonly read: {
    readonly jobs: number;
    readonly clientRuns: number;
    readonly unreadable: number;
  };
  readonly summary: readonly SummaryLine[];
  readonly findings: readonly Finding[];
  /** True when there is nothing to report. */
  readonly clean: boolean;
}

/** Groups findings by kind and table, in the order of `findingKinds`. */
export const summarize = (findings: readonly Finding[]): SummaryLine[] => {
  const lines = new Map<string, { -readonly [K in keyof SummaryLine]: SummaryLine[K] }>();
  for (const f of findings) {
    const id = `${f.kind}\u0000${f.table}`;
    let line = lines.get(id);
    if (line === undefined) {
      line = { kind: f.kind, table: f.table, findings: 0, records: 0, fixable: 0 };
      lines.set(id, line);
    }
    line.findings += 1;
    line.records += f.recordIds.length;
    if (f.fixable) line.fixable += 1;
  }
  // Stable sort: tables keep the order they were first seen in within a kind.
  const rank = (kind: FindingKind): number => findingKinds.indexOf(kind);
  return [...lines.values()].sort((a, b) => rank(a.kind) - rank(b.kind));
};

/**
 * Audits run tables (from an export, a live base, or memory-store records converted to Airtable
 * rows): every finding with the records involved. Pure; pass `now` for stale detection.
 * @returns the report; `clean` is true when nothing was found
 */
export const auditRecords = (tables: RunTables, options: AuditOptions): AuditReport => {
  const { findings } = analyzeTables(tables, options);
  return {
    read: {
      jobs: tables.jobs.rows.length,
      clientRuns: tables.clientRuns.rows.length,
      unreadable: tables.jobs.unreadable.length + tables.clientRuns.unreadable.length,
    },
    summary: summarize(findings),
    findings,
    clean: findings.length === 0,
  };
};
