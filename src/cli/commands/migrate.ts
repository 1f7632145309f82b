import { err, ok, type Result } from "neverthrow";
import {
  connectPostgres,
  openPostgresStore,
  POSTGRES_SCHEMA_VERSION,
  postgresMigrationSql,
  readPostgresSchemaVersion,
} from "../../postgres/index.js";
import { flag, parseCommandArgs, stringOption } from "../args.js";
import { type CliError, inputError, usageError } from "../cli-error.js";
import { type CommandOutput, output } from "../outcome.js";
import {
  describeLocation,
  postgresHelp,
  postgresOptionSpec,
  readPostgresLocation,
} from "../postgres/postgres-options.js";

/** Help text of `run-records migrate`. */
export const migrateHelp = `Usage: run-records migrate (--postgres <url> | --pglite <dir>) [--schema <name>]
       run-records migrate --print [--schema <name>]

Creates or upgrades the PostgreSQL store's schema to this run-records' version
(${POSTGRES_SCHEMA_VERSION}), under an advisory lock: several processes migrating at once migrate
once, and running it again changes nothing. A database newer than this
run-records is refused. --print only prints the SQL, for teams that apply
migrations with their own tools.

${postgresHelp}
  --print                  print the migration SQL and exit
  -h, --help               show this help

Exit code: 0 when the schema is current, 1 when it cannot be migrated, 2 for
usage errors.`;

/** Runs `run-records migrate`. */
export const runMigrate = async (
  args: readonly string[],
): Promise<Result<CommandOutput, CliError>> => {
  const parsed = parseCommandArgs("migrate", args, {
    ...postgresOptionSpec,
    print: { type: "boolean" },
  });
  if (parsed.isErr()) return err(parsed.error);
  if (flag(parsed.value, "help")) return ok(output(migrateHelp));
  if (parsed.value.positionals.length > 0) {
    return err(usageError(`migrate: unexpected argument '${parsed.value.positionals[0]}'`));
  }
  const schema = stringOption(parsed.value, "schema");
  if (flag(parsed.value, "print")) {
    const sql = postgresMigrationSql(schema === undefined ? {} : { schema });
    if (sql === undefined) {
      return err(usageError(`migrate: --schema must be lower-case letters, digits and _`));
    }
    return ok(output(`${sql};`));
  }
  const location = readPostgresLocation(parsed.value, "migrate");
  if (location.isErr()) return err(location.error);
  const where = describeLocation(location.value);
  const connection = await connectPostgres(location.value, { create: true });
  if (connection.isErr()) {
    return err(inputError(`migrate: cannot open ${where}: ${connection.error.message}`));
  }
  try {
    const db = connection.value.db;
    const before = await readPostgresSchemaVersion(schema === undefined ? { db } : { db, schema });
    if (before.isErr()) return err(inputError(`migrate: ${where}: ${before.error.message}`));
    const store = await openPostgresStore(schema === undefined ? { db } : { db, schema });
    if (store.isErr()) return err(inputError(`migrate: ${where}: ${store.error.message}`));
    await store.value.close();
    const name = store.value.schema;
    return ok(
      output(
        before.value === POSTGRES_SCHEMA_VERSION
          ? `Schema ${name} on ${where} is already at version ${POSTGRES_SCHEMA_VERSION}; nothing to do.`
          : `Schema ${name} on ${where} migrated from version ${before.value} to ${POSTGRES_SCHEMA_VERSION}.`,
      ),
    );
  } finally {
    await connection.value.close();
  }
};
