/** One record as Airtable's list endpoint returns it: `{ id, createdTime, fields }`. */
export interface ExportRow {
  readonly id: string;
  /** ISO-8601; absent in CSV exports without a created-time column. */
  readonly createdTime?: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** A row of an export that could not be read as a record; reported as an `unreadable-row` finding. */
export interface UnreadableRow {
  /** The table the row belongs to, as named in the export. */
  readonly table: string;
  /** The file it came from (or `airtable`). */
  readonly source: string;
  /** Where in the source: `line 7`, `records[3]`. */
  readonly position: string;
  readonly reason: string;
}

/** The rows of one table, readable and not. */
export interface TableRows {
  readonly rows: readonly ExportRow[];
  readonly unreadable: readonly UnreadableRow[];
  /** CSV columns the mapping does not name (carried through, never read); reported as findings. */
  readonly unmappedColumns?: readonly string[];
  /** The file the unmapped columns are in. */
  readonly columnsSource?: string;
}

/** Both run tables, as read from an export or a live base. */
export interface RunTables {
  readonly jobs: TableRows;
  readonly clientRuns: TableRows;
}

/** An empty table. */
export const emptyTable: TableRows = { rows: [], unreadable: [] };

/** True when a field value counts as empty: absent, null, or blank text. */
export const isBlank = (value: unknown): boolean =>
  value === undefined || value === null || (typeof value === "string" && value.trim() === "");

/** A field's value as text (numbers and booleans stringified), or `undefined` when blank. */
export const textOf = (value: unknown): string | undefined => {
  if (isBlank(value)) return undefined;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
};
