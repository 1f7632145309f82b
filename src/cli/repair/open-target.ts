import { basename, dirname, extname, join } from "node:path";
import { err, ok, type Result } from "neverthrow";
import { loadExportFiles } from "../audit/load-files.js";
import { type CliError, inputError } from "../cli-error.js";
import type { CliContext } from "../context.js";
import { checkOutputPath, type InputFile } from "../file-safety.js";
import { createProgress } from "../output/progress.js";
import { openAirtable } from "../source/open-source.js";
import type { SourceSpec } from "../source/source-options.js";
import type { TableGateway } from "../source/table-gateway.js";
import { writeJsonFile } from "../write-json.js";
import { createMemoryGateway } from "./memory-gateway.js";

/** Where a repair writes: a gateway, and how to finish (write the new export file). */
export interface RepairTarget {
  readonly gateway: TableGateway;
  /** Writes the result out; returns the path written, if any. */
  readonly finish: () => Promise<Result<string | undefined, CliError>>;
  /** Where backups go by default. */
  readonly folder: string;
}

/** The default path of a repaired export: `<input>.repaired.json` next to the first input. */
export const defaultOutputPath = (input: string): string =>
  join(dirname(input), `${basename(input, extname(input))}.repaired.json`);

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
  const outPath = output.path ?? defaultOutputPath(first);
  const inputs = [
    ...source.paths.map((path) => ({ path, role: "input export" })),
    ...output.protect,
  ];
  const free = await checkOutputPath(outPath, "--output", inputs, output.overwrite);
  if (free.isErr()) return err(free.error);
  const tables = await loadExportFiles(
    source.paths,
    mapping,
    createProgress(context),
    source.table,
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
  return ok({
    gateway,
    folder: dirname(outPath),
    finish: async () => {
      const value = Object.fromEntries(
        [...gateway.tables].map(([table, records]) => [table, { records }]),
      );
      const written = await writeJsonFile(outPath, value, !output.overwrite);
      return written.map(() => outPath);
    },
  });
};
