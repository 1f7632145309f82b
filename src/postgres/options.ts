import { err, ok, type Result } from "neverthrow";
import { type StoreError, storeRejected } from "../store/store-error.js";
import { driverFor, type PostgresDb, type SqlDriver } from "./driver.js";
import { checkSchemaName, DEFAULT_POSTGRES_SCHEMA } from "./schema/identifier.js";

/** Options of `openPostgresStore`. */
export interface PostgresStoreOptions {
  /**
   * The database: a node-postgres `Pool` (anything with its `query` and `connect`) or a PGlite instance. The caller
   * owns it: the store never ends the pool or closes PGlite.
   */
  readonly db: PostgresDb;
  /** The schema holding the store's tables; lower-case letters, digits and `_`. @default "run_records" */
  readonly schema?: string;
  /**
   * Create or upgrade the schema on open (under an advisory lock). `false` only checks that the schema is at this
   * code's version and refuses otherwise, saying what to run.
   * @default true
   */
  readonly migrate?: boolean;
  /** The store's name in logs and test titles. @default "postgres" or "pglite" */
  readonly name?: string;
}

/** Options after checking. */
export interface ResolvedOptions {
  readonly driver: SqlDriver;
  readonly db: PostgresDb;
  readonly schema: string;
  readonly migrate: boolean;
  readonly name: string;
}

/**
 * Checks the options of `openPostgresStore`.
 * @returns The resolved options, or `rejected` naming the first bad option.
 */
export function resolveOptions(input: unknown): Result<ResolvedOptions, StoreError> {
  if (typeof input !== "object" || input === null) {
    return err(storeRejected("openPostgresStore: options must be an object with a `db`", input));
  }
  const options = input as Partial<PostgresStoreOptions>;
  const driver = driverFor(options.db);
  if (driver === undefined) {
    return err(
      storeRejected(
        "openPostgresStore: `db` must be a node-postgres Pool (query and connect) or a PGlite instance (query and exec)",
        options.db,
      ),
    );
  }
  const schema = checkSchemaName(options.schema ?? DEFAULT_POSTGRES_SCHEMA);
  if (schema.isErr()) {
    return err(storeRejected(`openPostgresStore: \`schema\` ${schema.error}`, options.schema));
  }
  if (options.migrate !== undefined && typeof options.migrate !== "boolean") {
    return err(storeRejected("openPostgresStore: `migrate` must be a boolean", options.migrate));
  }
  if (options.name !== undefined && typeof options.name !== "string") {
    return err(storeRejected("openPostgresStore: `name` must be a string", options.name));
  }
  return ok({
    driver,
    db: options.db as PostgresDb,
    schema: schema.value,
    migrate: options.migrate ?? true,
    name: options.name ?? (driver.kind === "pg" ? "postgres" : "pglite"),
  });
}
