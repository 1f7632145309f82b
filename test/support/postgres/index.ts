export { type CountingPool, countingPool } from "./counting-pool.js";
export { POSTGRES_URL_ENV } from "./provided.js";
export { type PostgresServer, startPostgresServer } from "./server.js";
export { createTestDatabase, type TestDatabase } from "./test-database.js";
