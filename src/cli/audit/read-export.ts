import { basename } from "node:path";
import { err, ok, type Result } from "neverthrow";
import type { AirtableMapping } from "../../airtable/mapping.js";
import { type CliError, inputError } from "../cli-error.js";
import type { ExportRow, TableRows, UnreadableRow } from "./export-rows.js";
import { JsonExportStream, JsonShapeError } from "./json-export-stream.js";
import { type CsvHeader, CsvTableReader } from "./read-csv-table.js";

/** The tables found in one export file, by table name. */
export type ExportTables = ReadonlyMap<string, TableRows>;

/** The tables of one export file and, for a CSV file, its header (to write it back alike). */
export interface ReadExport {
  readonly tables: ExportTables;
  readonly csv?: { readonly table: string; readonly header: CsvHeader };
}

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

interface Collected {
  rows: ExportRow[];
  unreadable: UnreadableRow[];
}

/**
 * Reads one export from text chunks without holding its whole text: Airtable list JSON
 * (`{ records }` or `[...]` for one table, or an object with a key per table) or CSV with a header
 * row, chosen by the first character that is not a space. Unreadable records become `unreadable`
 * rows; a file that is not an export (a scalar, `{}`, `[]`, empty, one line of text) is an error.
 */
export class ExportReader {
  private kind: "json" | "csv" | undefined;
  private json: JsonExportStream | undefined;
  private csv: CsvTableReader | undefined;
  private failure: CliError | undefined;
  private readonly collected = new Map<string | undefined, Collected>();
  private pending = "";

  /** @param tableHint - the table a single-table file holds (`--table`), otherwise guessed */
  constructor(
    private readonly path: string,
    private readonly mapping: AirtableMapping,
    private readonly tableHint?: string,
  ) {}

  private jsonError(e: JsonShapeError): CliError {
    return inputError(
      `${this.path} is not valid JSON (${e.reason} at character ${e.offset}); export the table again`,
      this.path,
    );
  }

  /** Feeds the next chunk of text; false once the file is known to be unreadable (stop feeding). */
  write(chunk: string): boolean {
    if (this.failure !== undefined) return false;
    if (this.kind === undefined) {
      const text = this.pending + chunk;
      const start = text.replace(/^\uFEFF/, "").trimStart()[0];
      if (start === undefined) {
        this.pending = text;
        return true;
      }
      this.pending = "";
      if (start === "{" || start === "[") {
        this.kind = "json";
        this.json = new JsonExportStream({
          record: (table, index, value) => {
            let slot = this.collected.get(table);
            if (slot === undefined) {
              slot = { rows: [], unreadable: [] };
              this.collected.set(table, slot);
            }
            const row = readRecord(value);
            if (typeof row === "string") {
              slot.unreadable.push({
                table: table ?? "?",
                source: this.path,
                position: `records[${index}]`,
                reason: row,
              });
            } else slot.rows.push(row);
          },
        });
      } else {
        this.kind = "csv";
        this.csv = new CsvTableReader(this.path, this.mapping);
      }
      return this.feed(text);
    }
    return this.feed(chunk);
  }

  private feed(text: string): boolean {
    if (this.json !== undefined) {
      const problem = this.json.write(text);
      if (problem !== undefined) this.failure = this.jsonError(problem);
    } else this.csv?.write(text);
    return this.failure === undefined;
  }

  /** Ends the file: its tables, or why it is not an export. */
  end(): Result<ReadExport, CliError> {
    if (this.failure !== undefined) return err(this.failure);
    if (this.kind === undefined) {
      return err(inputError(`${this.path} is empty; it is not an export`, this.path));
    }
    if (this.csv !== undefined) {
      return this.csv.end().map(({ header, ...rows }) => {
        const table = guessTable(this.path, rows.rows, this.mapping, this.tableHint);
        const relabelled = rows.unreadable.map((u) => ({ ...u, table }));
        return {
          tables: new Map([[table, { ...rows, unreadable: relabelled, columnsSource: this.path }]]),
          csv: { table, header },
        };
      });
    }
    const shape = (this.json as JsonExportStream).end();
    if (shape instanceof JsonShapeError) {
      return err(
        shape.reason === "expected an object or an array of records"
          ? inputError(
              `${this.path} is not an Airtable export: expected an object or an array of records`,
              this.path,
            )
          : this.jsonError(shape),
      );
    }
    const empty = (): Collected => ({ rows: [], unreadable: [] });
    if (shape.single) {
      if (shape.rootArray && shape.records === 0) {
        return err(inputError(`${this.path} is an empty list; it is not an export`, this.path));
      }
      const own = this.collected.get(undefined) ?? empty();
      const table = guessTable(this.path, own.rows, this.mapping, this.tableHint);
      const unreadable = own.unreadable.map((u) => ({ ...u, table }));
      return ok({ tables: new Map([[table, { rows: own.rows, unreadable }]]) });
    }
    if (shape.tables.length === 0) {
      return err(
        inputError(
          `${this.path} is not an Airtable export: an object without "records" or tables`,
          this.path,
        ),
      );
    }
    const tables = new Map<string, TableRows>();
    for (const { name, hasRecords } of shape.tables) {
      if (!hasRecords) {
        return err(
          inputError(
            `${this.path}: table '${name}' has no "records" array; export it with Airtable's list endpoint`,
            this.path,
          ),
        );
      }
      tables.set(name, this.collected.get(name) ?? empty());
    }
    return ok({ tables });
  }
}

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
  const reader = new ExportReader(path, mapping, tableHint);
  reader.write(text);
  return reader.end().map((r) => r.tables);
};
