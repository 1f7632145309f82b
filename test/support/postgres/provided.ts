/** Key under which the global setup provides the test-database coordinator's address. */
export const POSTGRES_COORDINATOR_KEY = "runRecordsPostgresCoordinator";

/** Environment variable naming an existing PostgreSQL server (superuser URL) to test against. */
export const POSTGRES_URL_ENV = "RUN_RECORDS_TEST_POSTGRES_URL";

declare module "vitest" {
  export interface ProvidedContext {
    /** Base URL (http://127.0.0.1:port) of the coordinator that hands out test databases. */
    runRecordsPostgresCoordinator: string;
  }
}
