import pg from "pg";
import { inject } from "vitest";
import { POSTGRES_COORDINATOR_KEY } from "./provided.js";

/** A fresh, empty database on the test run's PostgreSQL server. */
export interface TestDatabase {
  /** Connection URL of the database (superuser on the throwaway server). */
  readonly url: string;
  /** The database's name. */
  readonly name: string;
  /** A pool of up to 8 connections to it; errors of idle connections are ignored (fault tests). */
  readonly pool: pg.Pool;
  /** Ends the pool and drops the database. */
  drop(): Promise<void>;
}

const fail = (reason: string): never => {
  throw new Error(`no PostgreSQL server for this test: ${reason}`);
};

/**
 * Creates a fresh database (a copy of template0, about 0.1 s) on the server the global setup
 * manages; rejects with one line saying why when no server could be started.
 */
export const createTestDatabase = async (): Promise<TestDatabase> => {
  const coordinator = inject(POSTGRES_COORDINATOR_KEY);
  if (typeof coordinator !== "string") {
    return fail("test/support/postgres/global-setup.ts is not in vitest's globalSetup");
  }
  const response = await fetch(`${coordinator}/database`, { method: "POST" }).catch(
    (error: unknown) => fail(`the coordinator is unreachable (${String(error)})`),
  );
  const body = (await response.json()) as { url?: string; name?: string; error?: string };
  if (!response.ok || body.url === undefined || body.name === undefined) {
    return fail(body.error ?? `the coordinator answered ${response.status}`);
  }
  const { url, name } = body;
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  // A terminated or restarted server makes idle connections emit errors; a pool without a
  // listener would crash the test process instead of letting the next query fail.
  pool.on("error", () => {});
  let dropped = false;
  return {
    url,
    name,
    pool,
    drop: async () => {
      if (dropped) return;
      dropped = true;
      await pool.end().catch(() => {});
      await fetch(`${coordinator}/drop?name=${encodeURIComponent(name)}`, { method: "POST" });
    },
  };
};
