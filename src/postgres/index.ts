export {
  type ConnectPostgresOptions,
  connectPostgres,
  type PostgresConnection,
  type PostgresLocation,
} from "./connect.js";
export type { PGliteLike, PgPoolLike, PostgresDb } from "./driver.js";
export { toStoreError as toPostgresStoreError } from "./error-map.js";
export { openPostgresStore, readPostgresSchemaVersion } from "./open-store.js";
export type { PostgresStoreOptions } from "./options.js";
export { PGLITE_LOCK_FILE } from "./pglite-lock.js";
export { type PostgresRawRecords, readPostgresRecords } from "./read-records.js";
export { DEFAULT_POSTGRES_SCHEMA } from "./schema/identifier.js";
export {
  POSTGRES_SCHEMA_VERSION,
  type PostgresMigrationOptions,
  postgresMigrationSql,
} from "./schema/migrations.js";
export type { PostgresStore } from "./store.js";
