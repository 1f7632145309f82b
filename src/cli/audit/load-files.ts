import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { err, ok, type Result } from "neverthrow";
import type { AirtableMapping } from "../../airtable/mapping.js";
import { type CliError, inputError } from "../cli-error.js";
import type { Progress } from "../output/progress.js";
import { emptyTable, type RunTables, type TableRows } from "./export-rows.js";
import { ExportReader, type ReadExport } from "./read-export.js";
import { Utf8Checker } from "./utf8-offset.js";

/** Where `-` reads from (standard input), when the command allows it. */
export type StdinSource = () => AsyncIterable<Uint8Array>;

const CHUNK = 1 << 20;

const openError = (path: string, cause: unknown): CliError => {
  const code = (cause as { code?: unknown } | null)?.code;
  const why =
    code === "ENOENT"
      ? "does not exist; check the --file path"
      : code === "EISDIR"
        ? "is a directory; give the export file itself"
        : `cannot be read (${String(code ?? cause)}); check its permissions`;
  return inputError(`${path} ${why}`, path, cause);
};

/**
 * Reads one export file as a stream (never its whole text at once): bytes are checked as UTF-8
 * (the first invalid byte refuses the file, naming its offset; nothing is replaced with U+FFFD),
 * decoded and fed to the export reader.
 */
export const readExportFile = async (
  path: string,
  mapping: AirtableMapping,
  progress: Progress,
  tableHint?: string,
  stdin?: StdinSource,
): Promise<Result<ReadExport, CliError>> => {
  const name = path === "-" ? "standard input" : path;
  let size: number | undefined;
  let chunks: AsyncIterable<Uint8Array>;
  if (path === "-" && stdin !== undefined) {
    chunks = stdin();
  } else {
    try {
      const info = await stat(path);
      if (info.isDirectory()) return err(openError(path, { code: "EISDIR" }));
      size = info.size;
    } catch (cause) {
      return err(openError(path, cause));
    }
    chunks = createReadStream(path, { highWaterMark: CHUNK });
  }
  const reader = new ExportReader(name, mapping, tableHint);
  const checker = new Utf8Checker();
  const decoder = new TextDecoder("utf-8");
  let done = 0;
  const badByte = (offset: number): CliError =>
    inputError(
      `${name} is not UTF-8 text: byte ${offset} starts an invalid sequence; re-export it as UTF-8 (nothing is replaced or guessed)`,
      name,
    );
  try {
    for await (const chunk of chunks) {
      const bytes = chunk instanceof Uint8Array ? chunk : Buffer.from(chunk as string);
      const bad = checker.write(bytes);
      if (bad >= 0) return err(badByte(bad));
      done += bytes.length;
      progress.update(`reading ${name}`, done, size);
      if (!reader.write(decoder.decode(bytes, { stream: true }))) break;
    }
  } catch (cause) {
    return err(openError(name, cause));
  }
  const cut = checker.end();
  if (cut >= 0) return err(badByte(cut));
  reader.write(decoder.decode());
  return reader.end();
};

const concat = (a: TableRows, b: TableRows): TableRows => {
  const rows = a.rows.length === 0 ? b.rows : [...a.rows, ...b.rows];
  const unmapped = [...(a.unmappedColumns ?? []), ...(b.unmappedColumns ?? [])];
  return {
    rows,
    unreadable: [...a.unreadable, ...b.unreadable],
    ...(unmapped.length > 0
      ? { unmappedColumns: unmapped, columnsSource: b.columnsSource ?? a.columnsSource }
      : {}),
  };
};

/**
 * Reads export files (one per table, or one with a key per table) into both run tables.
 * Tables other than the run tables and the store's events table are an error naming them.
 * @param tableHint - the table a single-table file holds (`--table`)
 * @param stdin - what `-` reads
 * @param csvHeaders - filled with the header of each CSV file read, by path
 */
export const loadExportFiles = async (
  paths: readonly string[],
  mapping: AirtableMapping,
  progress: Progress,
  tableHint?: string,
  stdin?: StdinSource,
  csvHeaders?: Map<string, ReadExport["csv"]>,
): Promise<Result<RunTables, CliError>> => {
  let jobs = emptyTable;
  let clientRuns = emptyTable;
  const known = [mapping.tables.jobs, mapping.tables.clientRuns];
  for (const path of paths) {
    const read = await readExportFile(path, mapping, progress, tableHint, stdin);
    if (read.isErr()) return err(read.error);
    if (read.value.csv !== undefined) csvHeaders?.set(path, read.value.csv);
    for (const [table, rows] of read.value.tables) {
      if (table === mapping.tables.jobs) jobs = concat(jobs, rows);
      else if (table === mapping.tables.clientRuns) clientRuns = concat(clientRuns, rows);
      else if (table !== mapping.tables.events) {
        const names = known.map((n) => `'${n}'`).join(" or ");
        return err(
          inputError(
            `${path}: unknown table '${table}'; expected ${names} (rename it, or pass --table-jobs/--table-client-runs)`,
            path,
          ),
        );
      }
    }
  }
  progress.finish();
  return ok({ jobs, clientRuns });
};
