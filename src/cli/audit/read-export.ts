import { basename } from "node:path";
import { err, ok, type Result } from "neverthrow";
import type { AirtableMapping } from "../../airtable/mapping.js";
import { type CliError, inputError } from "../cli-error.js";
import type { ExportRow, TableRows, UnreadableRow } from "./export-rows.js";
import { readCsvTable } from "./read-csv-table.js";

/** The tables found in one export file, by table name. */
export type ExportTables = ReadonlyMap<string, TableRows>;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** One exported record as a row, or why it is not one. */
const readRecord = (record: unknown): ExportRow | string => {
  if (!isObject(record)) return "not an object";
  if (typeof record.id !== "string" || record.id === "") return "no record id";
  if (!isObject(record.fields)) return `record ${record.id} has no fields object`;
  const created = record.createdTime;
  if (created === undefined) return { id: record.id, fields: record.fields };
  if (typeof created !== "string") return `record ${record.id} has a createdTime that is not text`;
  return { id: record.id, createdTime: created, fields: record.fields };
};

/** Reads the `records` array of one table, keeping every readable record and listing the rest. */
const readRecords = (records: readonly unknown[], table: string, source: string): TableRows => {
  const rows: ExportRow[] = [];
  const unreadable: UnreadableRow[] = [];
  records.forEach((record, index) => {
    const row = readRecord(record);
    if (typeof row === "string") {
      unreadable.push({ table, source, position: `records[${index}]`, reason: row });
    } else rows.push(row);
  });
  return { rows, unreadable };
};

/** Picks the table a single-table file belongs to: `--table`, then the file name, then its fields. */
const guessTable = (
  path: string,
  rows: readonly ExportRow[],
  mapping: AirtableMapping,
  hint: string | undefined,
): string => {
  if (hint !== undefined) return hint;
  const squash = (text: string): string => text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
  const file = squash(basename(path));
  for (const table of [mapping.tables.clientRuns, mapping.tables.jobs]) {
    if (file.includes(squash(table))) return table;
  }
  const hasClient = rows.some((row) => row.fields[mapping.fields.clientId] !== undefined);
  return hasClient ? mapping.tables.clientRuns : mapping.tables.jobs;
};

const tableOfJson = (value: unknown, table: string, path: string): Result<TableRows, CliError> => {
  const records = Array.isArray(value) ? value : isObject(value) ? value.records : undefined;
  if (!Array.isArray(records)) {
    return err(
      inputError(
        `${path}: table '${table}' has no "records" array; export it with Airtable's list endpoint`,
        path,
      ),
    );
  }
  return ok(readRecords(records, table, path));
};

/**
 * Reads an export's text: Airtable list JSON (`{ records }` for one table, or an object with a key
 * per table) or CSV with a header row. Unreadable records become `unreadable` rows, not errors.
 * @param tableHint - the table a single-table file holds (`--table`), otherwise guessed
 * @returns table name → rows, or an error when the file as a whole is unreadable
 */
export const readExportText = (
  text: string,
  path: string,
  mapping: AirtableMapping,
  tableHint?: string,
): Result<ExportTables, CliError> => {
  const start = text.trimStart()[0];
  if (start !== "{" && start !== "[") {
    return readCsvTable(text, path).map((rows) => {
      const table = guessTable(path, rows.rows, mapping, tableHint);
      const relabelled = rows.unreadable.map((u) => ({ ...u, table }));
      return new Map([[table, { rows: rows.rows, unreadable: relabelled }]]);
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    return err(
      inputError(`${path} is not valid JSON (${detail}); export the table again`, path, cause),
    );
  }
  if (Array.isArray(json) || (isObject(json) && "records" in json)) {
    const records = Array.isArray(json) ? json : json.records;
    const probe = tableOfJson(records, "?", path).map((t) => t.rows);
    const table = guessTable(path, probe.unwrapOr([]), mapping, tableHint);
    return tableOfJson(records, table, path).map((rows) => new Map([[table, rows]]));
  }
  if (!isObject(json)) {
    return err(inputError(`${path} is not an Airtable export: expected an object`, path));
  }
  const tables = new Map<string, TableRows>();
  for (const [table, value] of Object.entries(json)) {
    const rows = tableOfJson(value, table, path);
    if (rows.isErr()) return err(rows.error);
    tables.set(table, rows.value);
  }
  return ok(tables);
};
