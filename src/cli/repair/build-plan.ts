import type { AirtableMapping } from "../../airtable/mapping.js";
import { type Analysis, analyzeTables } from "../audit/analyze.js";
import type { AuditOptions } from "../audit/audit-options.js";
import { canonicalStatus, isStale, startedAt } from "../audit/detect-status.js";
import { type RunTables, textOf } from "../audit/export-rows.js";
import type { FindingKind } from "../audit/findings.js";
import type { RowIdentity } from "../audit/row-identity.js";
import { unreadableFields } from "../audit/wrong-types.js";
import type { Source } from "../source/source-options.js";
import { jsonHash, tableFingerprint } from "./fingerprint.js";
import { mergeGroup } from "./merge-group.js";
import { defaultMergePolicy, type MergePolicy } from "./merge-policy.js";
import { orphanJobFields } from "./orphan-job.js";
import type { FileFingerprint, PlanAction, PlanGroup, RepairPlan } from "./plan-types.js";
import { diffFields, planFieldsOf } from "./plan-values.js";
import { appendLine } from "./text-lines.js";

/** Options of `planRepairs`: the audit's, plus the merge policy and where the tables came from. */
export interface PlanOptions extends AuditOptions {
  /** @default defaultMergePolicy */
  readonly policy?: MergePolicy;
  readonly source: Source;
  /** The export files' bytes as read, recorded in the plan's fingerprint. */
  readonly files?: readonly FileFingerprint[];
}

interface Working {
  readonly identity: RowIdentity;
  readonly table: "jobs" | "clientRuns";
  fields: Record<string, unknown>;
  reasons: Set<FindingKind>;
  deletedInto?: string;
}

const fixRecord = (identity: RowIdentity, table: Working["table"], analysis: Analysis): Working => {
  const { mapping } = analysis.options;
  const fields: Record<string, unknown> = { ...identity.row.fields, ...identity.fixes };
  const reasons = new Set(identity.findings.filter((f) => f.fixable).map((f) => f.kind));
  if (identity.note !== undefined) {
    fields[mapping.fields.systemNotes] = appendLine(
      fields[mapping.fields.systemNotes],
      identity.note,
    );
  }
  const status = textOf(fields[mapping.fields.status]);
  const known = status === undefined ? undefined : canonicalStatus(status, analysis.options);
  if (known !== undefined && known !== status) {
    fields[mapping.fields.status] = known;
    reasons.add("unknown-status");
  }
  return { identity, table, fields, reasons };
};

/** Marks fields stale when they say Running for too long; returns whether it did. */
const markStaleFields = (
  fields: Record<string, unknown>,
  createdTime: string | undefined,
  analysis: Analysis,
): boolean => {
  const { mapping, now } = analysis.options;
  if (!isStale(fields, createdTime, analysis.options)) return false;
  const start = startedAt(fields, createdTime, analysis.options) ?? now;
  const note = `run-records: marked stale at ${new Date(now).toISOString()} (Running since ${new Date(start).toISOString()})`;
  fields[mapping.fields.status] = mapping.statuses.stale;
  fields[mapping.fields.systemNotes] = appendLine(fields[mapping.fields.systemNotes], note);
  return true;
};

const markStale = (record: Working, analysis: Analysis): void => {
  if (markStaleFields(record.fields, record.identity.row.createdTime, analysis)) {
    record.reasons.add("stale-run");
  }
};

const tableName = (mapping: AirtableMapping, table: Working["table"]): string =>
  mapping.tables[table];

/**
 * Builds a repair plan from run tables: per-record fixes (Run ID, Client ID, status), duplicate
 * merges into the survivor, jobs created for orphan client runs, stale runs marked. Pure.
 * @returns the plan; what cannot be fixed from the records' own data is listed in `unresolved`
 */
export const planRepairs = (tables: RunTables, options: PlanOptions): RepairPlan => {
  const analysis = analyzeTables(tables, options);
  const { mapping, now } = analysis.options;
  const policy = options.policy ?? defaultMergePolicy;
  const records = [
    ...analysis.jobs.map((j) => fixRecord(j, "jobs", analysis)),
    ...analysis.clientRuns.map((c) => fixRecord(c, "clientRuns", analysis)),
  ];
  const byIdentity = new Map(records.map((r) => [r.identity, r]));
  const groups: PlanGroup[] = [];
  for (const group of analysis.duplicates) {
    const ordered = policy.survivor === "latest" ? [...group.members].reverse() : group.members;
    const members = ordered.map((m) => byIdentity.get(m)).filter((m) => m !== undefined);
    const [survivor, ...others] = members;
    if (survivor === undefined) continue;
    // Merging deletes records: never while one holds a value that could not be read (the
    // audit lists that group as an unfixable duplicate).
    if (members.some((m) => unreadableFields(m.identity.row, mapping).length > 0)) continue;
    survivor.fields = mergeGroup(
      members.map((m) => ({ id: m.identity.row.id, fields: m.fields })),
      mapping,
      policy,
    );
    survivor.reasons.add("duplicate");
    groups.push({
      table: tableName(mapping, group.table),
      survivor: survivor.identity.row.id,
      members: members.map((m) => m.identity.row.id),
    });
    for (const other of others) other.deletedInto = survivor.identity.row.id;
  }
  for (const record of records) if (record.deletedInto === undefined) markStale(record, analysis);
  const actions: PlanAction[] = [];
  for (const record of records) {
    const { row } = record.identity;
    const table = tableName(mapping, record.table);
    if (record.deletedInto !== undefined) {
      actions.push({
        type: "delete",
        table,
        recordId: row.id,
        reasons: ["duplicate"],
        mergedInto: record.deletedInto,
        before: planFieldsOf(row.fields),
      });
      continue;
    }
    // A field that could not be read is never written over (its value is kept as it is).
    for (const name of unreadableFields(row, mapping)) record.fields[name] = row.fields[name];
    const diff = diffFields(row.fields, record.fields);
    if (Object.keys(diff.after).length === 0) continue;
    actions.push({
      type: "update",
      table,
      recordId: row.id,
      reasons: [...record.reasons],
      ...diff,
    });
  }
  for (const [base, runs] of analysis.orphans) {
    const live = runs
      .map((run) => byIdentity.get(run))
      .filter((r): r is Working => r !== undefined && r.deletedInto === undefined);
    const fields: Record<string, unknown> = orphanJobFields(
      base,
      live.map((r) => ({
        id: r.identity.row.id,
        fields: r.fields,
        createdTime: r.identity.row.createdTime,
      })),
      analysis.options,
    );
    // A job re-created as Running since its earliest client run may already be past the threshold.
    const stale = markStaleFields(fields, undefined, analysis);
    actions.push({
      type: "create",
      table: mapping.tables.jobs,
      runId: base,
      reasons: stale ? ["orphan-client-run", "stale-run"] : ["orphan-client-run"],
      fields: planFieldsOf(fields),
    });
  }
  const order = (a: PlanAction): number => (a.type === "update" ? 0 : a.type === "create" ? 1 : 2);
  return {
    version: 2,
    createdAt: new Date(now).toISOString(),
    source: options.source,
    mapping,
    policy,
    staleAfterMs: analysis.options.staleAfterMs,
    fingerprint: {
      mapping: jsonHash(mapping),
      tables: {
        [mapping.tables.jobs]: tableFingerprint(tables.jobs.rows),
        [mapping.tables.clientRuns]: tableFingerprint(tables.clientRuns.rows),
      },
      ...(options.files === undefined ? {} : { files: options.files }),
    },
    groups,
    actions: actions.sort((a, b) => order(a) - order(b)),
    unresolved: analysis.findings.filter((f) => !f.fixable),
  };
};
