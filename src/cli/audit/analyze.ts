import {
  type AuditOptions,
  type ResolvedAuditOptions,
  resolveAuditOptions,
} from "./audit-options.js";
import { detectStale, detectUnknownStatus } from "./detect-status.js";
import type { ExportRow, RunTables } from "./export-rows.js";
import type { Finding } from "./findings.js";
import { clientRunIdentity, jobIdentity, type RowIdentity } from "./row-identity.js";
import { unreadableFields, wrongTypes } from "./wrong-types.js";

/** Records sharing one identity (after fixes): the first is the earliest, the merge survivor. */
export interface DuplicateGroup {
  readonly table: "jobs" | "clientRuns";
  readonly key: string;
  readonly members: readonly RowIdentity[];
}

/** Everything the audit learnt: per-record identities, duplicate groups, orphans and all findings. */
export interface Analysis {
  readonly options: ResolvedAuditOptions;
  readonly jobs: readonly RowIdentity[];
  readonly clientRuns: readonly RowIdentity[];
  readonly duplicates: readonly DuplicateGroup[];
  /** Base run ID → client runs whose job is missing. */
  readonly orphans: ReadonlyMap<string, readonly RowIdentity[]>;
  readonly findings: readonly Finding[];
}

const createdMs = (row: ExportRow): number => {
  const ms = row.createdTime === undefined ? Number.NaN : Date.parse(row.createdTime);
  return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
};

/** Earliest created first; records without a creation time keep their export order, last. */
export const byCreation = (a: RowIdentity, b: RowIdentity): number =>
  createdMs(a.row) - createdMs(b.row) || 0;

const groupDuplicates = (
  rows: readonly RowIdentity[],
  table: "jobs" | "clientRuns",
): DuplicateGroup[] => {
  const byKey = new Map<string, RowIdentity[]>();
  for (const row of rows) {
    if (row.key === undefined) continue;
    const group = byKey.get(row.key);
    if (group === undefined) byKey.set(row.key, [row]);
    else group.push(row);
  }
  return [...byKey]
    .filter(([, members]) => members.length > 1)
    .map(([key, members]) => ({ table, key, members: [...members].sort(byCreation) }));
};

/**
 * Analyses both run tables: identity of each record, duplicates by identity, client runs without a
 * job, stale and unknown statuses, unreadable rows. Pure: the same tables and options give the same result.
 */
export const analyzeTables = (tables: RunTables, auditOptions: AuditOptions): Analysis => {
  const options = resolveAuditOptions(auditOptions);
  const names = options.mapping.tables;
  const jobs = tables.jobs.rows.map((row) => jobIdentity(row, options));
  const clientRuns = tables.clientRuns.rows.map((row) => clientRunIdentity(row, options));
  const findings: Finding[] = [];
  for (const u of [...tables.jobs.unreadable, ...tables.clientRuns.unreadable]) {
    findings.push({
      kind: "unreadable-row",
      table: u.table,
      recordIds: [u.position],
      message: `${u.source} ${u.position}: ${u.reason}; fix or remove that row`,
      fixable: false,
    });
  }
  for (const [table, rows] of [
    [names.jobs, tables.jobs],
    [names.clientRuns, tables.clientRuns],
  ] as const) {
    for (const column of rows.unmappedColumns ?? []) {
      findings.push({
        kind: "unmapped-column",
        table,
        recordIds: [`${rows.columnsSource ?? "?"} header`],
        value: column,
        message: `column '${column}' is no field of the mapping: it is carried through unchanged, never read or written (a computed field, or name it in --mapping)`,
        fixable: false,
      });
    }
    for (const row of rows.rows) findings.push(...wrongTypes(row, table, options));
  }
  for (const identity of [...jobs, ...clientRuns]) findings.push(...identity.findings);
  const duplicates = [
    ...groupDuplicates(jobs, "jobs"),
    ...groupDuplicates(clientRuns, "clientRuns"),
  ];
  for (const group of duplicates) {
    const ids = group.members.map((m) => m.row.id);
    const [, ...others] = ids;
    // Merging deletes records: never while one holds a value that cannot be read.
    const unreadable = group.members.flatMap((m) =>
      unreadableFields(m.row, options.mapping).map((name) => `${m.row.id} '${name}'`),
    );
    if (unreadable.length > 0) {
      findings.push({
        kind: "duplicate",
        table: names[group.table],
        recordIds: ids,
        value: group.key.replace("\u0000", " / "),
        message: `${ids.length} records for one key; not merged: ${unreadable.join(", ")} could not be read and would be lost - fix by hand, then plan again`,
        fixable: false,
      });
      continue;
    }
    findings.push({
      kind: "duplicate",
      table: names[group.table],
      recordIds: ids,
      value: group.key.replace("\u0000", " / "),
      message: `${ids.length} records for one key; merge into ${ids[0]} (earliest) and delete ${others.join(", ")}`,
      fixable: true,
    });
  }
  const jobKeys = new Set(jobs.map((j) => j.key));
  const orphans = new Map<string, RowIdentity[]>();
  for (const run of clientRuns) {
    if (run.baseRunId === undefined || jobKeys.has(run.baseRunId)) continue;
    const group = orphans.get(run.baseRunId);
    if (group === undefined) orphans.set(run.baseRunId, [run]);
    else group.push(run);
  }
  for (const [base, runs] of orphans) {
    findings.push({
      kind: "orphan-client-run",
      table: names.clientRuns,
      recordIds: runs.map((r) => r.row.id),
      value: base,
      message: `no ${names.jobs} record for ${base}; the plan creates it from its client runs`,
      fixable: true,
    });
  }
  for (const [list, table] of [
    [tables.jobs.rows, names.jobs],
    [tables.clientRuns.rows, names.clientRuns],
  ] as const) {
    for (const row of list) {
      const status = detectUnknownStatus(row, table, options);
      if (status !== undefined) findings.push(status);
      const stale = detectStale(row, table, options);
      if (stale !== undefined) findings.push(stale);
    }
  }
  return { options, jobs, clientRuns, duplicates, orphans, findings };
};
