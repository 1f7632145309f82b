import { basename, dirname, extname, join } from "node:path";
import { err, ok, type Result } from "neverthrow";
import { loadExportFiles } from "../audit/load-files.js";
import type { ReadExport } from "../audit/read-export.js";
import { type CliError, inputError } from "../cli-error.js";
import type { CliContext } from "../context.js";
import { checkOutputPath, type InputFile } from "../file-safety.js";
import { createProgress } from "../output/progress.js";
import { openAirtable } from "../source/open-source.js";
import type { SourceSpec } from "../source/source-options.js";
import type { TableGateway } from "../source/table-gateway.js";
import { writeJsonFile, writeTextFile } from "../write-json.js";
import { createMemoryGateway } from "./memory-gateway.js";
import { csvText } from "./write-csv-table.js";

/** Where a repair writes: a gateway, and how to finish (write the new export file). */
export interface RepairTarget {
  readonly gateway: TableGateway;
  /** Writes the result out; returns the path written, if any. */
  readonly finish: () => Promise<Result<string | undefined, CliError>>;
  /** Where backups go by default. */
  readonly folder: string;
  /** The one table a CSV input holds: the output can hold no other. */
  readonly csvTable?: string;
}

/** The default path of a repaired export: `<input>.repaired.json` (`.csv` for CSV) next to the first input. */
export const defaultOutputPath = (input: string, csv = false): string =>
  join(dirname(input), `${basename(input, extname(input))}.repaired.${csv ? "csv" : "json"}`);

/** Where the repaired export goes, and which files it must never replace. */
export interface OutputChoice {
  /** `--output`; default `<first input>.repaired.json`. */
  readonly path: string | undefined;
  /** `--overwrite`: an existing output file (never an input) may be replaced. */
  readonly overwrite: boolean;
  /** Other files the command reads (the plan, the backup): never written over either. */
  readonly protect: readonly InputFile[];
}

/**
 * Opens what a repair changes: export files are read into memory and written to a new file
 * (`output`, never over an input, never over an existing file without `--overwrite`; checked
 * before anything is written); a live base is written through the Airtable API.
 */
export const openRepairTarget = async (
  spec: SourceSpec,
  output: OutputChoice,
  context: CliContext,
): Promise<Result<RepairTarget, CliError>> => {
  const { source, mapping } = spec;
  if (source.kind === "airtable") {
    const gateway = await openAirtable(spec, context);
    return gateway.map((g) => ({ gateway: g, finish: async () => ok(undefined), folder: "." }));
  }
  const first = source.paths[0] ?? "export.json";
  const csvInput = source.paths.length === 1 && /\.csv$/i.test(first);
  const outPath = output.path ?? defaultOutputPath(first, csvInput);
  const inputs = [
    ...source.paths.map((path) => ({ path, role: "input export" })),
    ...output.protect,
  ];
  const free = await checkOutputPath(outPath, "--output", inputs, output.overwrite);
  if (free.isErr()) return err(free.error);
  const headers = new Map<string, ReadExport["csv"]>();
  const tables = await loadExportFiles(
    source.paths,
    mapping,
    createProgress(context),
    source.table,
    undefined,
    headers,
  );
  if (tables.isErr()) return err(tables.error);
  const unreadable =
    tables.value.jobs.unreadable.length + tables.value.clientRuns.unreadable.length;
  if (unreadable > 0) {
    return err(
      inputError(
        `${unreadable} rows of the export cannot be read; fix or remove them (see audit) before repairing, so none is dropped`,
      ),
    );
  }
  const gateway = createMemoryGateway(
    new Map([
      [mapping.tables.jobs, tables.value.jobs.rows],
      [mapping.tables.clientRuns, tables.value.clientRuns.rows],
    ]),
    context.now,
  );
  // One CSV file in, one CSV file out: the same columns in the same order.
  const csv = source.paths.length === 1 ? headers.get(first) : undefined;
  return ok({
    gateway,
    folder: dirname(outPath),
    csvTable: csv?.table,
    finish: async () => {
      if (csv !== undefined) {
        const text = csvText(csv.header, gateway.tables.get(csv.table) ?? []);
        return (await writeTextFile(outPath, text, !output.overwrite)).map(() => outPath);
      }
      const value = Object.fromEntries(
        [...gateway.tables].map(([table, records]) => [table, { records }]),
      );
      const written = await writeJsonFile(outPath, value, !output.overwrite);
      return written.map(() => outPath);
    },
  });
};
