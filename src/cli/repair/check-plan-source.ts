import { err, ok, type Result } from "neverthrow";
import type { ExportRow } from "../audit/export-rows.js";
import { type CliError, inputError } from "../cli-error.js";
import type { SourceSpec } from "../source/source-options.js";
import { fileFingerprint, jsonHash, tableFingerprint } from "./fingerprint.js";
import type { RepairPlan, TableFingerprint } from "./plan-types.js";

const refuse = (why: string): Result<never, CliError> =>
  err(inputError(`${why}; nothing was written (plan again from this source, or pass --force)`));

/**
 * Checks, before anything is read for writing, that a plan is applied with the mapping it was
 * made with and to the source it was made from: the same base, or export files with the same
 * bytes. `changed` lists the files whose bytes differ (their content is checked next).
 */
export const checkPlanSource = async (
  plan: RepairPlan,
  spec: SourceSpec,
  mappingGiven: boolean,
): Promise<Result<{ readonly changedFiles: readonly string[] }, CliError>> => {
  if (jsonHash(plan.mapping) !== plan.fingerprint.mapping) {
    return refuse("the plan's mapping does not match its fingerprint (the plan was edited)");
  }
  if (mappingGiven && jsonHash(spec.mapping) !== plan.fingerprint.mapping) {
    return refuse(
      "the plan was made with another table/field mapping than --mapping/--table-* give",
    );
  }
  const made = plan.source;
  const now = spec.source;
  if (made.kind !== now.kind) {
    return refuse(
      `the plan was made from ${made.kind === "file" ? "export files" : "a live base"}`,
    );
  }
  if (made.kind === "airtable" && now.kind === "airtable") {
    return made.baseId === now.baseId
      ? ok({ changedFiles: [] })
      : refuse(`the plan was made from base ${made.baseId}, not ${now.baseId}`);
  }
  if (now.kind !== "file") return ok({ changedFiles: [] });
  const files = plan.fingerprint.files ?? [];
  if (files.length !== now.paths.length) {
    return refuse(`the plan was made from ${files.length} export files, not ${now.paths.length}`);
  }
  const changedFiles: string[] = [];
  for (const [index, path] of now.paths.entries()) {
    const print = await fileFingerprint(path);
    if (print.isErr()) return err(print.error);
    if (print.value.sha256 !== files[index]?.sha256) changedFiles.push(path);
  }
  return ok({ changedFiles });
};

const sameTables = (
  expected: Readonly<Record<string, TableFingerprint>> | undefined,
  current: ReadonlyMap<string, readonly ExportRow[]>,
): string | undefined => {
  if (expected === undefined) return "no fingerprint";
  for (const [table, print] of Object.entries(expected)) {
    const now = tableFingerprint(current.get(table) ?? []);
    if (now.records !== print.records) {
      return `table ${table} holds ${now.records} records, the plan's source held ${print.records}`;
    }
    if (now.sha256 !== print.sha256) {
      return `table ${table} differs from the plan's source (same record count, other content)`;
    }
  }
  return undefined;
};

/**
 * Decides what an export whose bytes differ from the plan's source is: the same tables in
 * other formatting (`fresh`), the plan's own result (`applied`: a second apply changes nothing),
 * or another export: an error naming the first difference.
 * @param recordMismatch - the first touched record that differs from the plan, if any (named first)
 */
export const checkChangedExport = (
  plan: RepairPlan,
  current: ReadonlyMap<string, readonly ExportRow[]>,
  files: readonly string[],
  recordMismatch: string | undefined,
): Result<"fresh" | "applied", CliError> => {
  const asMade = sameTables(plan.fingerprint.tables, current);
  if (asMade === undefined) return ok("fresh");
  if (sameTables(plan.fingerprint.result, current) === undefined) return ok("applied");
  const what = recordMismatch ?? asMade;
  return refuse(`${files.join(", ")} is not the export the plan was made from: ${what}`);
};
