import type { Statement } from "./statements.js";

/** The part of a node-postgres `Pool` (or `Client`) the store uses: `query` with a named statement. */
export interface PgPoolLike {
  query(config: { name?: string; text: string; values?: unknown[] }): Promise<{ rows: unknown[] }>;
  connect(...args: never[]): unknown;
}

/** The part of a PGlite instance the store uses. */
export interface PGliteLike {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
  exec(text: string): Promise<unknown>;
  readonly dataDir?: string;
}

/** What `openPostgresStore` accepts as `db`: a node-postgres pool or a PGlite instance, told apart by shape. */
export type PostgresDb = PgPoolLike | PGliteLike;

/** The store's view of either client: one statement in, rows out. */
export interface SqlDriver {
  readonly kind: "pg" | "pglite";
  /** Runs one statement with parameters (named, so prepared, on node-postgres). */
  run(statement: Statement, params: readonly unknown[]): Promise<readonly unknown[]>;
  /** Runs a parameterless statement text (a `DO` block) with the simple protocol. */
  script(text: string): Promise<void>;
}

const isFunction = (value: unknown): boolean => typeof value === "function";

/**
 * Wraps the caller's client, or says it is neither: node-postgres pools have `connect`, PGlite has `exec` and no
 * `connect`. Reading a hostile object's properties may throw; the caller catches.
 * @returns The driver, or `undefined` when `db` has neither shape.
 */
export function driverFor(db: unknown): SqlDriver | undefined {
  if (typeof db !== "object" || db === null) return undefined;
  const candidate = db as Partial<PgPoolLike & PGliteLike>;
  if (!isFunction(candidate.query)) return undefined;
  if (isFunction(candidate.connect)) {
    const pool = db as PgPoolLike;
    return {
      kind: "pg",
      run: async (statement, params) =>
        (await pool.query({ name: statement.name, text: statement.text, values: [...params] }))
          .rows,
      script: async (text) => {
        await pool.query({ text });
      },
    };
  }
  if (isFunction(candidate.exec)) {
    const lite = db as PGliteLike;
    return {
      kind: "pglite",
      run: async (statement, params) => (await lite.query(statement.text, [...params])).rows,
      script: async (text) => {
        await lite.exec(text);
      },
    };
  }
  return undefined;
}
