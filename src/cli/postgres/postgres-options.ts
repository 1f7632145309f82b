import { err, ok, type Result } from "neverthrow";
import type { PostgresLocation } from "../../postgres/index.js";
import { type OptionSpec, type ParsedArgs, stringOption } from "../args.js";
import { type CliError, usageError } from "../cli-error.js";

/** The options that name a PostgreSQL store: a server URL or a PGlite directory, and the schema. */
export const postgresOptionSpec: OptionSpec = {
  postgres: { type: "string" },
  pglite: { type: "string" },
  schema: { type: "string" },
};

/** Help lines of {@link postgresOptionSpec}. */
export const postgresHelp = `  --postgres <url>         a PostgreSQL server, e.g. postgres://user@host:5432/db
  --pglite <dir>           a PGlite data directory (no other process may have it open)
  --schema <name>          the store's schema (default run_records)`;

/** True when the command line names a PostgreSQL store. */
export const namesPostgres = (args: ParsedArgs): boolean =>
  args.values.postgres !== undefined || args.values.pglite !== undefined;

/**
 * The store location on the command line.
 * @returns the location, or a usage error when both or neither of --postgres and --pglite are given
 */
export const readPostgresLocation = (
  args: ParsedArgs,
  command: string,
): Result<PostgresLocation, CliError> => {
  const url = stringOption(args, "postgres");
  const dir = stringOption(args, "pglite");
  if (url !== undefined && dir !== undefined) {
    return err(usageError(`${command}: give either --postgres or --pglite, not both`));
  }
  if (url !== undefined) return ok({ url });
  if (dir !== undefined) return ok({ pgliteDir: dir });
  return err(usageError(`${command}: say which store: --postgres <url> or --pglite <dir>`));
};

/** The location for messages, without a password. */
export const describeLocation = (location: PostgresLocation): string =>
  "url" in location
    ? `PostgreSQL at ${location.url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@")}`
    : `PGlite in ${location.pgliteDir}`;
