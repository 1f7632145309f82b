import type { Result } from "neverthrow";
import type { ExportRow, TableRows } from "../audit/export-rows.js";
import type { CliError } from "../cli-error.js";

/** A record to write: its ID and the fields to set. */
export interface RecordUpdate {
  readonly id: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** Reads and writes whole tables: a live base, or an export held in memory. */
export interface TableGateway {
  /** Every record of a table. @param onPage - called with the count read so far */
  list(table: string, onPage?: (read: number) => void): Promise<Result<TableRows, CliError>>;
  /** Sets the given fields of existing records (others untouched). */
  update(table: string, records: readonly RecordUpdate[]): Promise<Result<void, CliError>>;
  /** Creates records; returns them with their new IDs, in order. */
  create(
    table: string,
    records: readonly Readonly<Record<string, unknown>>[],
  ): Promise<Result<readonly ExportRow[], CliError>>;
  /** Puts records back with their original IDs and created times, where the store allows it (files). */
  reinsert?(table: string, rows: readonly ExportRow[]): Promise<Result<void, CliError>>;
  /** Deletes records by ID. */
  destroy(table: string, ids: readonly string[]): Promise<Result<void, CliError>>;
}
