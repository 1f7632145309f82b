import type pg from "pg";

/** A real pg.Pool seen through a wrapper that counts round trips and lets a test act on each one. */
export interface CountingPool {
  /** Pass this as the store's `db`: it forwards `query` and `connect` to the pool. */
  readonly db: { query: pg.Pool["query"]; connect: pg.Pool["connect"] };
  /** Queries sent so far (each `query` call is one round trip). */
  count(): number;
  /** SQLSTATE codes of the queries that failed, in order (`?` when an error had none). */
  readonly failures: string[];
}

/**
 * Wraps `pool` (not a mock: every query reaches the real server) so a test or benchmark can count
 * round trips; `beforeQuery(n)` runs before the n-th query (1-based) is forwarded, e.g. to inject a
 * fault at a deterministic point of a run.
 */
export const countingPool = (pool: pg.Pool, beforeQuery?: (n: number) => void): CountingPool => {
  let count = 0;
  const failures: string[] = [];
  const query = ((...args: Parameters<pg.Pool["query"]>) => {
    count += 1;
    beforeQuery?.(count);
    const sent = (pool.query as (...a: unknown[]) => Promise<unknown>)(...args);
    return sent.catch((error: unknown) => {
      const code = (error as { code?: unknown } | null)?.code;
      failures.push(typeof code === "string" ? code : "?");
      throw error;
    });
  }) as pg.Pool["query"];
  return { db: { query, connect: pool.connect.bind(pool) }, count: () => count, failures };
};
