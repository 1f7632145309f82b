import { err, ok, type Result, ResultAsync } from "neverthrow";
import { type StoreError, storeRejected } from "../store/store-error.js";
import { driverFor, type PostgresDb } from "./driver.js";
import { toStoreError } from "./error-map.js";
import { checkSchemaName, DEFAULT_POSTGRES_SCHEMA } from "./schema/identifier.js";

/** Every record of a PostgreSQL store's schema as stored, unchecked (an audit judges them). */
export interface PostgresRawRecords {
  readonly jobs: readonly unknown[];
  readonly clientRuns: readonly unknown[];
  readonly links: readonly unknown[];
}

/**
 * Reads every job, client run and external link of the schema as stored (the `record` values),
 * without the store's checks, so an audit can report what the port would refuse to return.
 * Three statements; meant for audits, not for serving.
 * @returns the records, or a `StoreError` (`rejected` for bad options or a missing schema)
 */
export function readPostgresRecords(options: {
  readonly db: PostgresDb;
  readonly schema?: string;
}): ResultAsync<PostgresRawRecords, StoreError> {
  return new ResultAsync(
    read(options).catch((cause) => err(toStoreError(cause, "reading every record", false))),
  );
}

async function read(options: {
  readonly db: PostgresDb;
  readonly schema?: string;
}): Promise<Result<PostgresRawRecords, StoreError>> {
  const driver = driverFor(options.db);
  if (driver === undefined) {
    return err(storeRejected("readPostgresRecords: `db` must be a node-postgres Pool or PGlite"));
  }
  const schema = checkSchemaName(options.schema ?? DEFAULT_POSTGRES_SCHEMA);
  if (schema.isErr()) return err(storeRejected(`readPostgresRecords: \`schema\` ${schema.error}`));
  const s = `"${schema.value}"`;
  const all = async (table: string) =>
    (
      (await driver.run(
        { name: `rr_read_all_${table}_${schema.value}`, text: `SELECT record FROM ${s}.${table}` },
        [],
      )) as {
        record: unknown;
      }[]
    ).map((row) => row.record);
  try {
    return ok({
      jobs: await all("jobs"),
      clientRuns: await all("client_runs"),
      links: await all("external_links"),
    });
  } catch (cause) {
    if (
      (cause as { code?: unknown }).code === "42P01" ||
      (cause as { code?: unknown }).code === "3F000"
    ) {
      return err(
        storeRejected(`schema ${schema.value} has no run-records tables (never migrated)`, cause),
      );
    }
    throw cause;
  }
}
