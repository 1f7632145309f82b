import { err, ok, type Result } from "neverthrow";
import { type CliError, inputError } from "../cli-error.js";
import type { ExportRow, TableRows, UnreadableRow } from "./export-rows.js";
import { readCsv } from "./read-csv.js";

// Columns an Airtable CSV may carry for the record ID and creation time (a formula field or a
// "Created time" field added before exporting); all other columns are fields.
const ID_COLUMNS = new Set(["record id", "id", "airtable record id", "recordid"]);
const CREATED_COLUMNS = new Set(["created", "created time", "createdtime", "created at"]);

/**
 * Reads one table from CSV text with a header row. Rows with the wrong number of cells are listed
 * as unreadable; rows without a record ID column get `csv-<line>`.
 * @returns the rows, or an error when there is no header row
 */
export const readCsvTable = (text: string, path: string): Result<TableRows, CliError> => {
  const records = readCsv(text);
  const header = records[0];
  if (header === undefined || "error" in header || header.cells.every((c) => c.trim() === "")) {
    return err(
      inputError(`${path} has no CSV header row; export the table with its field names`, path),
    );
  }
  const names = header.cells.map((c) => c.trim());
  const idColumn = names.findIndex((n) => ID_COLUMNS.has(n.toLowerCase()));
  const createdColumn = names.findIndex((n) => CREATED_COLUMNS.has(n.toLowerCase()));
  const rows: ExportRow[] = [];
  const unreadable: UnreadableRow[] = [];
  for (const record of records.slice(1)) {
    const position = `line ${record.line}`;
    if ("error" in record) {
      unreadable.push({ table: "?", source: path, position, reason: record.error });
      continue;
    }
    if (record.cells.length !== names.length) {
      const reason = `expected ${names.length} columns, found ${record.cells.length}`;
      unreadable.push({ table: "?", source: path, position, reason });
      continue;
    }
    const fields: Record<string, unknown> = {};
    record.cells.forEach((cell, index) => {
      if (index !== idColumn && index !== createdColumn && cell !== "") {
        fields[names[index] as string] = cell;
      }
    });
    const id = idColumn >= 0 && record.cells[idColumn] ? record.cells[idColumn] : undefined;
    const created = createdColumn >= 0 ? record.cells[createdColumn] : undefined;
    rows.push({
      id: id ?? `csv-${record.line}`,
      ...(created ? { createdTime: created } : {}),
      fields,
    });
  }
  return ok({ rows, unreadable });
};
