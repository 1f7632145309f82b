import { existsSync } from "node:fs";
import { err, ok, type Result, ResultAsync } from "neverthrow";
import { type StoreError, storeRejected } from "../store/store-error.js";
import type { SqlDriver } from "./driver.js";
import { causeText, toStoreError } from "./error-map.js";
import { type PostgresStoreOptions, type ResolvedOptions, resolveOptions } from "./options.js";
import { lockPgliteDirectory, pgliteDirectory } from "./pglite-lock.js";
import {
  migrationSql,
  POSTGRES_SCHEMA_VERSION,
  SCHEMA_TOO_NEW,
  versionSql,
} from "./schema/migrations.js";
import { buildPostgresStore, type PostgresStore } from "./store.js";

/**
 * Opens the PostgreSQL store on the caller's client: migrates the schema (or, with `migrate: false`, checks it is
 * current), and for PGlite claims its data directory for this process.
 * @param options - The client (`db`), the schema name, whether to migrate, and the store's name.
 * @returns The store, or a `StoreError`: `rejected` for bad options, a schema at another version or a PGlite
 *   directory another process uses; `unavailable` when the database cannot be reached. Never throws.
 */
export function openPostgresStore(
  options: PostgresStoreOptions,
): ResultAsync<PostgresStore, StoreError> {
  return new ResultAsync(open(options).catch((cause) => err(toStoreError(cause, "open", false))));
}

async function open(input: PostgresStoreOptions): Promise<Result<PostgresStore, StoreError>> {
  let resolved: Result<ResolvedOptions, StoreError>;
  try {
    resolved = resolveOptions(input);
  } catch (cause) {
    return err(
      storeRejected(`openPostgresStore: options could not be read: ${causeText(cause)}`, cause),
    );
  }
  if (resolved.isErr()) return err(resolved.error);
  const options = resolved.value;
  let release = () => {};
  if (options.driver.kind === "pglite") {
    const directory = pgliteDirectory((options.db as { dataDir?: unknown }).dataDir);
    if (directory !== undefined) {
      // A PGlite made with `new PGlite(dir)` creates a new directory while starting: lock it once it exists.
      // An existing one is locked at once, so a second process is refused before its PGlite finishes starting.
      if (!existsSync(directory)) await (options.db as { waitReady?: Promise<unknown> }).waitReady;
      const lock = lockPgliteDirectory(directory);
      if (lock.isErr()) return err(lock.error);
      release = lock.value;
    }
  }
  const ready = await prepareSchema(options.driver, options.schema, options.migrate);
  if (ready.isErr()) {
    release();
    return err(ready.error);
  }
  return ok(
    buildPostgresStore(options.driver, {
      schema: options.schema,
      name: options.name,
      multiProcess: options.driver.kind === "pg",
      onClose: release,
    }),
  );
}

/**
 * Reads the version of the store's schema, for audits and deploy checks: 0 when it was never migrated.
 * @param options - The client (`db`) and the schema name (default `run_records`).
 * @returns The version, `rejected` for bad options, `unavailable` when the database cannot be reached.
 */
export function readPostgresSchemaVersion(
  options: Pick<PostgresStoreOptions, "db" | "schema">,
): ResultAsync<number, StoreError> {
  const read = async (): Promise<Result<number, StoreError>> => {
    const resolved = resolveOptions({ ...options, migrate: false });
    if (resolved.isErr()) return err(resolved.error);
    return schemaVersion(resolved.value.driver, resolved.value.schema);
  };
  return new ResultAsync(
    read().catch((cause) => err(toStoreError(cause, "reading the version", false))),
  );
}

async function schemaVersion(
  driver: SqlDriver,
  schema: string,
): Promise<Result<number, StoreError>> {
  try {
    const rows = await driver.run({ name: `rr1_version_${schema}`, text: versionSql(schema) }, []);
    return ok(Number((rows[0] as { version?: unknown } | undefined)?.version ?? 0));
  } catch (cause) {
    const code = (cause as { code?: unknown }).code;
    // No schema or no version table: never migrated, version 0.
    if (code === "42P01" || code === "3F000") return ok(0);
    return err(toStoreError(cause, `reading the version of schema ${schema}`, false));
  }
}

async function prepareSchema(
  driver: SqlDriver,
  schema: string,
  migrate: boolean,
): Promise<Result<void, StoreError>> {
  if (migrate) {
    try {
      await driver.script(migrationSql(schema));
      return ok(undefined);
    } catch (cause) {
      if ((cause as { code?: unknown }).code === SCHEMA_TOO_NEW) {
        return err(storeRejected(causeText(cause), cause));
      }
      return err(toStoreError(cause, `migrating schema ${schema}`, true));
    }
  }
  const read = await schemaVersion(driver, schema);
  if (read.isErr()) return err(read.error);
  const version = read.value;
  if (version === POSTGRES_SCHEMA_VERSION) return ok(undefined);
  if (version > POSTGRES_SCHEMA_VERSION) {
    return err(
      storeRejected(
        `schema ${schema} is at version ${version}, newer than this run-records (version ${POSTGRES_SCHEMA_VERSION}): upgrade run-records`,
      ),
    );
  }
  return err(
    storeRejected(
      `schema ${schema} is at version ${version}, this run-records needs version ${POSTGRES_SCHEMA_VERSION}: open with migrate: true, run \`run-records migrate --postgres <url> --schema ${schema}\`, or apply postgresMigrationSql({ schema: "${schema}" })`,
    ),
  );
}
