import { readFile } from "node:fs/promises";
import { err, ok, type Result } from "neverthrow";
import {
  type AirtableMapping,
  type AirtableMappingOptions,
  resolveAirtableMapping,
} from "../airtable/mapping.js";
import { type CliError, inputError } from "./cli-error.js";

/**
 * Builds the table/field/status mapping: the store's defaults, overridden by a JSON file of
 * `AirtableMappingOptions` (`--mapping`) and the table-name flags.
 */
export const loadMapping = async (
  path: string | undefined,
  tables: { readonly jobs?: string; readonly clientRuns?: string },
): Promise<Result<AirtableMapping, CliError>> => {
  let options: AirtableMappingOptions = {};
  if (path !== undefined) {
    try {
      const parsed: unknown = JSON.parse(await readFile(path, "utf8"));
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        return err(inputError(`${path}: a mapping file must hold one JSON object`, path));
      }
      options = parsed as AirtableMappingOptions;
    } catch (cause) {
      const detail = cause instanceof Error ? cause.message : String(cause);
      return err(
        inputError(
          `cannot read mapping ${path} (${detail}); check the --mapping path`,
          path,
          cause,
        ),
      );
    }
  }
  return ok(
    resolveAirtableMapping({
      ...options,
      tables: {
        ...options.tables,
        ...(tables.jobs === undefined ? {} : { jobs: tables.jobs }),
        ...(tables.clientRuns === undefined ? {} : { clientRuns: tables.clientRuns }),
      },
    }),
  );
};
