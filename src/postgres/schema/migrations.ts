import { checkSchemaName, DEFAULT_POSTGRES_SCHEMA } from "./identifier.js";
import { version1 } from "./version-1.js";

/** The schema version this code reads and writes. */
export const POSTGRES_SCHEMA_VERSION = 1;

/** The SQLSTATE the migration raises when the database is newer than the code. */
export const SCHEMA_TOO_NEW = "RRV01";

/** Options of {@link postgresMigrationSql}. */
export interface PostgresMigrationOptions {
  /** The schema to create or upgrade. @default "run_records" */
  readonly schema?: string;
}

// Every migration, in order; `steps[n - 1]` takes the schema from version n - 1 to n.
const steps: readonly ((schema: string) => string)[] = [version1];

/**
 * The SQL that creates or upgrades the store's schema: one `DO` statement that takes an advisory lock (so processes
 * starting at once migrate once), applies the missing versions and refuses a database newer than the code. Running
 * it again is a no-op.
 * @param options - The schema name (checked: lower-case letters, digits and `_`).
 * @returns The SQL text, or `undefined` when the schema name is not valid.
 */
export function postgresMigrationSql(options: PostgresMigrationOptions = {}): string | undefined {
  const schema = checkSchemaName(options.schema ?? DEFAULT_POSTGRES_SCHEMA);
  if (schema.isErr()) return undefined;
  return migrationSql(schema.value);
}

/** The migration SQL for an already-checked schema name. */
export function migrationSql(schema: string): string {
  const s = `"${schema}"`;
  const blocks = steps
    .map(
      (step, index) => `
  IF v < ${index + 1} THEN
${step(schema)}
    UPDATE ${s}.schema_version SET version = ${index + 1};
  END IF;`,
    )
    .join("\n");
  return `DO $rr_migrate$
DECLARE v integer;
BEGIN
  -- One migrator at a time per schema; the lock ends with this statement's transaction.
  PERFORM pg_advisory_xact_lock(hashtext('run-records:' || '${schema}'));
  CREATE SCHEMA IF NOT EXISTS ${s};
  CREATE TABLE IF NOT EXISTS ${s}.schema_version (
    one boolean PRIMARY KEY DEFAULT true CHECK (one),
    version integer NOT NULL
  );
  SELECT version INTO v FROM ${s}.schema_version;
  IF v IS NULL THEN
    INSERT INTO ${s}.schema_version (version) VALUES (0);
    v := 0;
  END IF;
  IF v > ${POSTGRES_SCHEMA_VERSION} THEN
    RAISE EXCEPTION USING ERRCODE = '${SCHEMA_TOO_NEW}',
      MESSAGE = format('schema ${schema} is at version %s, newer than this run-records (version ${POSTGRES_SCHEMA_VERSION}): upgrade run-records', v);
  END IF;
${blocks}
END
$rr_migrate$`;
}

/** The statement that reads the schema's version (fails with 42P01 when the schema was never migrated). */
export const versionSql = (schema: string): string =>
  `SELECT version FROM "${schema}".schema_version`;
