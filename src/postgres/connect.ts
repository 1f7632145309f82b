import { existsSync, mkdirSync } from "node:fs";
import { err, ok, type Result, ResultAsync } from "neverthrow";
import { type StoreError, storeRejected } from "../store/store-error.js";
import type { PostgresDb } from "./driver.js";
import { toStoreError } from "./error-map.js";
import { lockPgliteDirectory, pgliteDirectory } from "./pglite-lock.js";

/** Where a PostgreSQL store lives: a server (connection URL) or a PGlite data directory. */
export type PostgresLocation = { readonly url: string } | { readonly pgliteDir: string };

/** A client opened by {@link connectPostgres}, for `openPostgresStore({ db })`; `close()` ends it. */
export interface PostgresConnection {
  readonly db: PostgresDb;
  /** Ends the pool or closes PGlite; never rejects. */
  close(): Promise<void>;
}

/** Options of {@link connectPostgres}. */
export interface ConnectPostgresOptions {
  /** Pool size on a server. @default 4 */
  readonly max?: number;
  /** Create the PGlite directory when it does not exist. @default false */
  readonly create?: boolean;
}

/**
 * Opens a client for tools such as the CLI, loading `pg` or `@electric-sql/pglite` only then (both
 * optional peers; only this adapter imports them). A server is asked `SELECT 1` first, so an
 * unreachable one is an error here, not at the first store call.
 * @returns the connection, `unavailable` when the server cannot be reached, `rejected` for a
 *   missing PGlite directory (unless `create`) or a client library that is not installed
 */
export function connectPostgres(
  location: PostgresLocation,
  options: ConnectPostgresOptions = {},
): ResultAsync<PostgresConnection, StoreError> {
  return new ResultAsync(
    connect(location, options).catch((cause) => err(toStoreError(cause, "connecting", false))),
  );
}

async function connect(
  location: PostgresLocation,
  options: ConnectPostgresOptions,
): Promise<Result<PostgresConnection, StoreError>> {
  if ("pgliteDir" in location) {
    if (!options.create && !existsSync(location.pgliteDir)) {
      return err(storeRejected(`no PGlite data directory at ${location.pgliteDir}`));
    }
    let lite: typeof import("@electric-sql/pglite");
    try {
      lite = await import("@electric-sql/pglite");
    } catch (cause) {
      return err(
        storeRejected(
          "@electric-sql/pglite is not installed (npm install @electric-sql/pglite)",
          cause,
        ),
      );
    }
    // Claimed before PGlite starts: a directory another process has open is refused, never opened
    // beside it (PGlite does not lock it, and starting may write to it).
    const directory = pgliteDirectory(location.pgliteDir) ?? location.pgliteDir;
    mkdirSync(directory, { recursive: true });
    const lock = lockPgliteDirectory(directory);
    if (lock.isErr()) return err(lock.error);
    const release = lock.value;
    const db = await lite.PGlite.create(directory).catch((cause: unknown) => {
      release();
      throw cause;
    });
    return ok({ db, close: () => db.close().then(release, release) });
  }
  let pg: typeof import("pg");
  try {
    pg = await import("pg");
  } catch (cause) {
    return err(storeRejected("pg is not installed (npm install pg)", cause));
  }
  const pool = new pg.default.Pool({ connectionString: location.url, max: options.max ?? 4 });
  // Idle connections the server ends emit errors; without a listener they would crash the process.
  pool.on("error", () => {});
  try {
    await pool.query("SELECT 1");
  } catch (cause) {
    await pool.end().catch(() => {});
    return err(toStoreError(cause, "connecting", false));
  }
  return ok({ db: pool, close: () => pool.end().catch(() => {}) });
}
