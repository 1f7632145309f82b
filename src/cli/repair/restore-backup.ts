import { err, ok, type Result } from "neverthrow";
import type { AirtableMapping } from "../../airtable/mapping.js";
import { textOf } from "../audit/export-rows.js";
import type { CliError } from "../cli-error.js";
import type { TableGateway } from "../source/table-gateway.js";
import type { RepairBackup } from "./backup.js";
import { CREATED_JOB_NOTE } from "./orphan-job.js";
import { writableFields } from "./writable-fields.js";

/** What a restore did. */
export interface RestoreReport {
  readonly updated: number;
  /** Deleted records put back (same IDs in files; new IDs in a live base, which cannot reuse them). */
  readonly recreated: number;
  /** Records the repair had created, deleted again. */
  readonly removed: number;
}

// Only mapped fields are written back: the others may be computed, and Airtable refuses those.
const restoreFields = (
  backup: Readonly<Record<string, unknown>>,
  now: Readonly<Record<string, unknown>>,
  writable: ReadonlySet<string>,
): Record<string, unknown> => {
  const fields: Record<string, unknown> = {};
  for (const name of writable) {
    if (name in backup) fields[name] = backup[name];
    else if (name in now) fields[name] = null;
  }
  return fields;
};

/**
 * Puts every backed-up record back as it was and deletes the jobs the repair created,
 * undoing `repair --apply`.
 */
export const restoreBackup = async (
  backup: RepairBackup,
  gateway: TableGateway,
  mapping: AirtableMapping,
): Promise<Result<RestoreReport, CliError>> => {
  let updated = 0;
  let recreated = 0;
  let removed = 0;
  const writable = writableFields(mapping);
  const tables = new Set([...Object.keys(backup.tables), ...backup.created.map((c) => c.table)]);
  for (const table of tables) {
    const current = await gateway.list(table);
    if (current.isErr()) return err(current.error);
    const byId = new Map(current.value.rows.map((r) => [r.id, r]));
    const saved = backup.tables[table]?.records ?? [];
    const updates = saved.flatMap((row) => {
      const now = byId.get(row.id);
      return now === undefined
        ? []
        : [{ id: row.id, fields: restoreFields(row.fields, now.fields, writable) }];
    });
    const missing = saved.filter((row) => !byId.has(row.id));
    const createdIds = current.value.rows
      .filter((row) => {
        const runId = textOf(row.fields[mapping.fields.runId])?.trim();
        const notes = textOf(row.fields[mapping.fields.systemNotes]) ?? "";
        return (
          notes.includes(CREATED_JOB_NOTE) &&
          backup.created.some((c) => c.table === table && c.runId === runId)
        );
      })
      .map((row) => row.id);
    if (updates.length > 0) {
      const done = await gateway.update(table, updates);
      if (done.isErr()) return err(done.error);
    }
    if (missing.length > 0) {
      const done =
        gateway.reinsert === undefined
          ? await gateway.create(
              table,
              missing.map((row) => restoreFields(row.fields, {}, writable)),
            )
          : await gateway.reinsert(table, missing);
      if (done.isErr()) return err(done.error);
    }
    if (createdIds.length > 0) {
      const done = await gateway.destroy(table, createdIds);
      if (done.isErr()) return err(done.error);
    }
    updated += updates.length;
    recreated += missing.length;
    removed += createdIds.length;
  }
  return ok({ updated, recreated, removed });
};
