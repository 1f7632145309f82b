import { err, ok, type Result } from "neverthrow";
import type { AirtableMapping } from "../../airtable/mapping.js";
import { flag, type OptionSpec, type ParsedArgs, stringOption, stringOptions } from "../args.js";
import { type CliError, usageError } from "../cli-error.js";
import { loadMapping } from "../load-mapping.js";

/** Flags shared by `audit` and `repair` that say where the tables come from. */
export const sourceOptionSpec: OptionSpec = {
  file: { type: "string", multiple: true },
  table: { type: "string" },
  airtable: { type: "boolean" },
  base: { type: "string" },
  "api-key-env": { type: "string" },
  "endpoint-url": { type: "string" },
  mapping: { type: "string" },
  "table-jobs": { type: "string" },
  "table-client-runs": { type: "string" },
};

/** Help lines for the shared source flags. */
export const sourceHelp = `Source (one of):
  --file <path>            an export: Airtable list JSON ({"records": [...]}, one file
                           per table, or one object with a key per table) or CSV with
                           a header row; repeat for several files
  --table <name>           the table a single-table file holds (else guessed)
  --airtable --base <id>   a live base through the Airtable API
  --api-key-env <name>     environment variable holding the API key
                           (default AIRTABLE_API_KEY)
  --endpoint-url <url>     Airtable API endpoint (e.g. a local test server)
Names:
  --mapping <file.json>    table/field/status names (the Airtable store's mapping options)
  --table-jobs <name>      Job Tracking table name
  --table-client-runs <n>  Client Run Results table name`;

/** Where tables come from, as given on the command line. */
export type Source =
  | { readonly kind: "file"; readonly paths: readonly string[]; readonly table?: string }
  | {
      readonly kind: "airtable";
      readonly baseId: string;
      readonly apiKeyEnv: string;
      readonly endpointUrl?: string;
    };

/** A source and the mapping to read it with. */
export interface SourceSpec {
  readonly source: Source;
  readonly mapping: AirtableMapping;
}

/**
 * Reads the source flags; exactly one of `--file` and `--airtable` is required.
 * @param required - false when the source may come from elsewhere (a plan file)
 */
export const readSourceSpec = async (
  args: ParsedArgs,
  command: string,
  required = true,
): Promise<Result<SourceSpec | undefined, CliError>> => {
  const files = stringOptions(args, "file");
  const airtable = flag(args, "airtable");
  const mapping = await loadMapping(stringOption(args, "mapping"), {
    jobs: stringOption(args, "table-jobs"),
    clientRuns: stringOption(args, "table-client-runs"),
  });
  if (mapping.isErr()) return err(mapping.error);
  if (files.length > 0 && airtable) {
    return err(usageError(`${command}: give either --file or --airtable, not both`));
  }
  if (files.length > 0) {
    const table = stringOption(args, "table");
    const source: Source =
      table === undefined ? { kind: "file", paths: files } : { kind: "file", paths: files, table };
    return ok({ source, mapping: mapping.value });
  }
  if (airtable) {
    const baseId = stringOption(args, "base");
    if (baseId === undefined) return err(usageError(`${command}: --airtable needs --base <appId>`));
    const endpointUrl = stringOption(args, "endpoint-url");
    const apiKeyEnv = stringOption(args, "api-key-env") ?? "AIRTABLE_API_KEY";
    const source: Source =
      endpointUrl === undefined
        ? { kind: "airtable", baseId, apiKeyEnv }
        : { kind: "airtable", baseId, apiKeyEnv, endpointUrl };
    return ok({ source, mapping: mapping.value });
  }
  if (!required) return ok(undefined);
  return err(
    usageError(`${command}: say what to read: --file <path> or --airtable --base <appId>`),
  );
};
