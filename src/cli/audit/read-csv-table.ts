import { err, ok, type Result } from "neverthrow";
import type { AirtableMapping } from "../../airtable/mapping.js";
import { type CliError, inputError } from "../cli-error.js";
import type { ExportRow, TableRows, UnreadableRow } from "./export-rows.js";
import { type CsvRecord, CsvStream } from "./read-csv.js";

// Columns an Airtable CSV may carry for the record ID and creation time (a formula field or a
// "Created time" field added before exporting); all other columns are fields.
const ID_COLUMNS = new Set(["record id", "id", "airtable record id", "recordid"]);
const CREATED_COLUMNS = new Set(["created", "created time", "createdtime", "created at"]);

/** The header of a CSV table: its column names in order, and which hold the ID and created time. */
export interface CsvHeader {
  readonly names: readonly string[];
  readonly idColumn: number;
  readonly createdColumn: number;
}

/**
 * Builds one table from CSV text fed in chunks, holding only the rows read so far. Duplicate
 * column names are an error (never a silent last-wins); columns the mapping does not name are
 * listed (`unmappedColumns`), carried through but never read.
 */
export class CsvTableReader {
  private header: CsvHeader | undefined;
  private readonly rows: ExportRow[] = [];
  private readonly unreadable: UnreadableRow[] = [];
  private failure: CliError | undefined;
  private readonly stream: CsvStream;
  private unmapped: string[] = [];

  /** @param mapping - the names that count as fields; without it every column does */
  constructor(
    private readonly path: string,
    private readonly mapping?: AirtableMapping,
  ) {
    this.stream = new CsvStream((record) => this.take(record));
  }

  private take(record: CsvRecord): void {
    if (this.failure !== undefined) return;
    if (this.header === undefined) {
      if ("error" in record || record.cells.every((c) => c.trim() === "")) {
        this.failure = inputError(
          `${this.path} has no CSV header row; export the table with its field names`,
          this.path,
        );
        return;
      }
      const names = record.cells.map((c) => c.trim());
      const twice = names.find((n, i) => names.indexOf(n) !== i);
      if (twice !== undefined) {
        this.failure = inputError(
          `${this.path}: the CSV header names column '${twice}' twice; rename one so no value is lost`,
          this.path,
        );
        return;
      }
      const idColumn = names.findIndex((n) => ID_COLUMNS.has(n.toLowerCase()));
      const createdColumn = names.findIndex((n) => CREATED_COLUMNS.has(n.toLowerCase()));
      if (this.mapping !== undefined) {
        const known = new Set([
          ...Object.values(this.mapping.fields),
          ...Object.values(this.mapping.metrics),
        ]);
        this.unmapped = names.filter(
          (n, i) => i !== idColumn && i !== createdColumn && !known.has(n),
        );
      }
      this.header = { names, idColumn, createdColumn };
      return;
    }
    const { names, idColumn, createdColumn } = this.header;
    const position = `line ${record.line}`;
    if ("error" in record) {
      this.unreadable.push({ table: "?", source: this.path, position, reason: record.error });
      return;
    }
    if (record.cells.length !== names.length) {
      const reason = `expected ${names.length} columns, found ${record.cells.length}`;
      this.unreadable.push({ table: "?", source: this.path, position, reason });
      return;
    }
    const fields: Record<string, unknown> = {};
    record.cells.forEach((cell, index) => {
      if (index !== idColumn && index !== createdColumn && cell !== "") {
        fields[names[index] as string] = cell;
      }
    });
    const id = idColumn >= 0 && record.cells[idColumn] ? record.cells[idColumn] : undefined;
    const created = createdColumn >= 0 ? record.cells[createdColumn] : undefined;
    this.rows.push({
      id: id ?? `csv-${record.line}`,
      ...(created ? { createdTime: created } : {}),
      fields,
    });
  }

  /** Feeds the next chunk of text. */
  write(chunk: string): void {
    this.stream.write(chunk);
  }

  /** Ends the text: the table, or why the file is not a CSV table. */
  end(): Result<TableRows & { readonly header: CsvHeader }, CliError> {
    this.stream.end();
    if (this.failure !== undefined) return err(this.failure);
    if (this.header === undefined) {
      return err(
        inputError(
          `${this.path} has no CSV header row; export the table with its field names`,
          this.path,
        ),
      );
    }
    if (this.header.names.length < 2 && this.rows.length + this.unreadable.length <= 1) {
      return err(
        inputError(
          `${this.path} is not an export: one column and at most one row of text; export the table as JSON or CSV`,
          this.path,
        ),
      );
    }
    return ok({
      rows: this.rows,
      unreadable: this.unreadable,
      header: this.header,
      ...(this.unmapped.length > 0 ? { unmappedColumns: this.unmapped } : {}),
    });
  }
}

/**
 * Reads one table from CSV text with a header row. Rows with the wrong number of cells are listed
 * as unreadable; rows without a record ID column get `csv-<line>`.
 * @returns the rows, or an error when there is no header row or a column name repeats
 */
export const readCsvTable = (
  text: string,
  path: string,
  mapping?: AirtableMapping,
): Result<TableRows, CliError> => {
  const reader = new CsvTableReader(path, mapping);
  reader.write(text);
  return reader.end();
};
