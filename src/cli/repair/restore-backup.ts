import { err, ok, type Result } from "neverthrow";
import type { AirtableMapping } from "../../airtable/mapping.js";
import { type ExportRow, textOf } from "../audit/export-rows.js";
import { type CliError, inputError } from "../cli-error.js";
import type { RecordUpdate, TableGateway } from "../source/table-gateway.js";
import type { BackupChange, RepairBackup } from "./backup.js";
import { CREATED_JOB_NOTE } from "./orphan-job.js";
import { sameValue } from "./plan-values.js";
import { writableFields } from "./writable-fields.js";

/** What a restore did (or, in a dry run, would do). */
export interface RestoreReport {
  readonly updated: number;
  /** Deleted records put back (same IDs in files; new IDs in a live base, which cannot reuse them). */
  readonly recreated: number;
  /** Records the repair had created, deleted again. */
  readonly removed: number;
  /** Records changed after the apply (restored anyway only with `force`). */
  readonly conflicts: readonly string[];
  readonly dryRun: boolean;
}

/** How to restore. */
export interface RestoreOptions {
  readonly mapping: AirtableMapping;
  /** Report only; write nothing. @default false */
  readonly dryRun?: boolean;
  /** Restore records changed after the apply too. @default false */
  readonly force?: boolean;
}

const show = (value: unknown): string => JSON.stringify(value ?? null).slice(0, 80);

interface TablePlan {
  updates: RecordUpdate[];
  reinsert: ExportRow[];
  destroy: string[];
}

const decide = (
  change: BackupChange,
  rows: readonly ExportRow[],
  byId: ReadonlyMap<string, ExportRow>,
  todo: TablePlan,
  conflicts: string[],
  mapping: AirtableMapping,
): void => {
  if (change.type === "update") {
    const row = byId.get(change.recordId);
    if (row === undefined) {
      conflicts.push(`${change.table} record ${change.recordId} no longer exists`);
      return;
    }
    for (const [name, wrote] of Object.entries(change.after)) {
      if (!sameValue(row.fields[name], wrote)) {
        conflicts.push(
          `${change.table} record ${change.recordId} field '${name}' changed after the apply: it holds ${show(row.fields[name])}, the apply wrote ${show(wrote)}`,
        );
      }
    }
    todo.updates.push({ id: change.recordId, fields: change.before });
    return;
  }
  if (change.type === "delete") {
    if (byId.has(change.record.id)) {
      conflicts.push(
        `${change.table} record ${change.record.id}, deleted by the apply, exists again`,
      );
      return;
    }
    todo.reinsert.push(change.record);
    return;
  }
  const made = rows.filter(
    (row) =>
      textOf(row.fields[mapping.fields.runId])?.trim() === change.runId &&
      (textOf(row.fields[mapping.fields.systemNotes]) ?? "").includes(CREATED_JOB_NOTE),
  );
  for (const row of made) {
    const name = Object.keys(change.fields).find(
      (f) => !sameValue(row.fields[f], change.fields[f]),
    );
    if (name !== undefined) {
      conflicts.push(
        `${change.table} record ${row.id} (created by the apply) field '${name}' changed after the apply: it holds ${show(row.fields[name])}, the apply wrote ${show(change.fields[name])}`,
      );
    }
    todo.destroy.push(row.id);
  }
};

/**
 * Undoes `repair --apply` from its backup: every field an update changed goes back to what it
 * was, deleted duplicates come back, created jobs are deleted. A record changed after the apply
 * refuses the whole restore before anything is written, naming the record and field, unless `force`.
 */
export const restoreBackup = async (
  backup: RepairBackup,
  gateway: TableGateway,
  options: RestoreOptions,
): Promise<Result<RestoreReport, CliError>> => {
  const tables = [...new Set(backup.changes.map((c) => c.table))];
  const plans = new Map<string, TablePlan>();
  const conflicts: string[] = [];
  for (const table of tables) {
    const current = await gateway.list(table);
    if (current.isErr()) return err(current.error);
    const rows = current.value.rows;
    const byId = new Map(rows.map((r) => [r.id, r]));
    const todo: TablePlan = { updates: [], reinsert: [], destroy: [] };
    for (const change of backup.changes) {
      if (change.table === table) decide(change, rows, byId, todo, conflicts, options.mapping);
    }
    plans.set(table, todo);
  }
  const writable = writableFields(options.mapping);
  const [first] = conflicts;
  if (first !== undefined && options.force !== true) {
    return err(
      inputError(
        `${first}; nothing was restored (${conflicts.length} changes after the apply; pass --force to restore over them)`,
      ),
    );
  }
  const count = (pick: (t: TablePlan) => readonly unknown[]): number =>
    [...plans.values()].reduce((n, t) => n + pick(t).length, 0);
  const report: RestoreReport = {
    updated: count((t) => t.updates),
    recreated: count((t) => t.reinsert),
    removed: count((t) => t.destroy),
    conflicts,
    dryRun: options.dryRun === true,
  };
  if (options.dryRun === true) return ok(report);
  for (const [table, todo] of plans) {
    if (todo.updates.length > 0) {
      const done = await gateway.update(table, todo.updates);
      if (done.isErr()) return err(done.error);
    }
    if (todo.reinsert.length > 0) {
      const done =
        gateway.reinsert === undefined
          ? await gateway.create(
              table,
              // A live base refuses computed fields (Duration): only mapped fields are written back.
              todo.reinsert.map((row) =>
                Object.fromEntries(
                  Object.entries(row.fields).filter(([name]) => writable.has(name)),
                ),
              ),
            )
          : await gateway.reinsert(table, todo.reinsert);
      if (done.isErr()) return err(done.error);
    }
    if (todo.destroy.length > 0) {
      const done = await gateway.destroy(table, todo.destroy);
      if (done.isErr()) return err(done.error);
    }
  }
  return ok(report);
};
