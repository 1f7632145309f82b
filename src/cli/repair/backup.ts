import type { ExportRow } from "../audit/export-rows.js";
import type { PlanFields } from "./plan-types.js";

/** One change an apply made, as the backup records it so a restore can undo exactly that. */
export type BackupChange =
  | {
      readonly type: "update";
      readonly table: string;
      readonly recordId: string;
      /** The fields the apply changed, as they were. */
      readonly before: PlanFields;
      /** The same fields as the apply wrote them. */
      readonly after: PlanFields;
    }
  | { readonly type: "delete"; readonly table: string; readonly record: ExportRow }
  | {
      readonly type: "create";
      readonly table: string;
      readonly runId: string;
      readonly fields: PlanFields;
    };

/** What `repair --apply` saves before writing: every record it will touch, and every change. */
export interface RepairBackup {
  readonly kind: "run-records-backup";
  readonly version: 2;
  /** When the backup was taken (ISO-8601). */
  readonly takenAt: string;
  /** Table name → the records as they were, in Airtable list form (readable by `audit --file`). */
  readonly tables: Readonly<Record<string, { readonly records: readonly ExportRow[] }>>;
  /** Every change the apply makes, in order. */
  readonly changes: readonly BackupChange[];
}

/** Builds a backup document. */
export const createBackup = (
  takenAt: number,
  touched: ReadonlyMap<string, readonly ExportRow[]>,
  changes: readonly BackupChange[],
): RepairBackup => ({
  kind: "run-records-backup",
  version: 2,
  takenAt: new Date(takenAt).toISOString(),
  tables: Object.fromEntries([...touched].map(([table, records]) => [table, { records }])),
  changes,
});
