import type { ExportRow } from "../audit/export-rows.js";

/** What `repair --apply` saves before writing: every record it will touch, and the jobs it will create. */
export interface RepairBackup {
  readonly kind: "run-records-backup";
  readonly version: 1;
  /** When the backup was taken (ISO-8601). */
  readonly takenAt: string;
  /** Table name → the records as they were, in Airtable list form (readable by `audit --file`). */
  readonly tables: Readonly<Record<string, { readonly records: readonly ExportRow[] }>>;
  /** Records the apply creates: restoring deletes them again. */
  readonly created: readonly { readonly table: string; readonly runId: string }[];
}

/** Builds a backup document. */
export const createBackup = (
  takenAt: number,
  touched: ReadonlyMap<string, readonly ExportRow[]>,
  created: readonly { readonly table: string; readonly runId: string }[],
): RepairBackup => ({
  kind: "run-records-backup",
  version: 1,
  takenAt: new Date(takenAt).toISOString(),
  tables: Object.fromEntries([...touched].map(([table, records]) => [table, { records }])),
  created,
});
