import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { err, ok, type Result } from "neverthrow";
import type { AirtableMapping } from "../../airtable/mapping.js";
import { type CliError, inputError } from "../cli-error.js";
import type { Progress } from "../output/progress.js";
import { emptyTable, type RunTables, type TableRows } from "./export-rows.js";
import { readExportText } from "./read-export.js";

const readText = async (path: string, progress: Progress): Promise<Result<string, CliError>> => {
  try {
    const { size } = await stat(path);
    const chunks: Buffer[] = [];
    let done = 0;
    for await (const chunk of createReadStream(path)) {
      const buffer = chunk as Buffer;
      chunks.push(buffer);
      done += buffer.length;
      progress.update(`reading ${path}`, done, size);
    }
    return ok(Buffer.concat(chunks).toString("utf8"));
  } catch (cause) {
    const code = (cause as { code?: unknown }).code;
    const why =
      code === "ENOENT"
        ? "does not exist; check the --file path"
        : code === "EISDIR"
          ? "is a directory; give the export file itself"
          : `cannot be read (${String(code ?? cause)}); check its permissions`;
    return err(inputError(`${path} ${why}`, path, cause));
  }
};

const concat = (a: TableRows, b: TableRows): TableRows => ({
  rows: [...a.rows, ...b.rows],
  unreadable: [...a.unreadable, ...b.unreadable],
});

/**
 * Reads export files (one per table, or one with a key per table) into both run tables.
 * Tables other than the run tables and the store's events table are an error naming them.
 * @param tableHint - the table a single-table file holds (`--table`)
 */
export const loadExportFiles = async (
  paths: readonly string[],
  mapping: AirtableMapping,
  progress: Progress,
  tableHint?: string,
): Promise<Result<RunTables, CliError>> => {
  let jobs = emptyTable;
  let clientRuns = emptyTable;
  const known = [mapping.tables.jobs, mapping.tables.clientRuns];
  for (const path of paths) {
    const text = await readText(path, progress);
    if (text.isErr()) return err(text.error);
    const tables = readExportText(text.value, path, mapping, tableHint);
    if (tables.isErr()) return err(tables.error);
    for (const [table, rows] of tables.value) {
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
