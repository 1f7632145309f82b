import { createServer } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgresStore, toPostgresStoreError } from "../../src/postgres/index.js";
import { baseId, clientId, newClientRun, newJob } from "../../src/testing/fixtures.js";
import { createTestDatabase, type TestDatabase } from "../support/postgres/index.js";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  (await openPostgresStore({ db: database.pool, schema: "errors" }))._unsafeUnwrap();
}, 120_000);
afterAll(() => database?.drop());

const base = baseId("251007-070457");
const guy = clientId("Guy-Wilson");
let next = 0;

const poolWith = (options?: string, max = 2): pg.Pool => {
  const pool = new pg.Pool({
    connectionString: database.url,
    max,
    ...(options ? { options } : {}),
  });
  pool.on("error", () => {});
  return pool;
};

// Every connection of the pool is back in it: none leaked by an error path.
const expectNoLeak = (pool: pg.Pool) => {
  expect(pool.totalCount - pool.idleCount).toBe(0);
  expect(pool.waitingCount).toBe(0);
};

/** Holds the lock on one client run's row from another session until `release` is called. */
const holdRowLock = async (runId: string, client: string) => {
  const holder = new pg.Client({ connectionString: database.url });
  await holder.connect();
  await holder.query("BEGIN");
  await holder.query(
    "SELECT 1 FROM errors.client_runs WHERE base_run_id = $1 AND client_id = $2 FOR UPDATE",
    [runId, client],
  );
  return async () => {
    await holder.query("ROLLBACK");
    await holder.end();
  };
};

const seededRun = async () => {
  const run = baseId(`251007-0705${String(next++).padStart(2, "0")}`);
  const store = (await openPostgresStore({ db: database.pool, schema: "errors" }))._unsafeUnwrap();
  await store.createJob(newJob(run, "job"));
  await store.createClientRun(newClientRun(run, guy, "run"));
  return run;
};

describe("failures become StoreError values (real server)", () => {
  it("an unreachable server is unavailable (not applied) from open; nothing throws", async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const pool = new pg.Pool({ connectionString: `postgres://x@127.0.0.1:${port}/none` });
    pool.on("error", () => {});
    const error = (await openPostgresStore({ db: pool }))._unsafeUnwrapErr();
    expect(error).toMatchObject({ type: "unavailable", outcome: "not-applied" });
    expect(error.message).toContain("ECONNREFUSED");
    expectNoLeak(pool);
    await pool.end();
  });

  it("a statement timeout is unavailable and wrote nothing: the retry with the same token applies once", async () => {
    const run = await seededRun();
    const pool = poolWith("-c statement_timeout=300");
    const store = (await openPostgresStore({ db: pool, schema: "errors" }))._unsafeUnwrap();
    const release = await holdRowLock(run, guy);
    const change = { token: "t1", at: 1, increments: { leads: 5 } };
    const failed = await store.updateClientRun(run, guy, change);
    expect(failed._unsafeUnwrapErr()).toMatchObject({
      type: "unavailable",
      outcome: "not-applied",
    });
    expect(failed._unsafeUnwrapErr().message).toContain("57014");
    await release();
    const retried = (await store.updateClientRun(run, guy, change))._unsafeUnwrap();
    expect(retried.applied).toBe(true);
    expect(retried.record.metrics).toEqual({ leads: 5 });
    expectNoLeak(pool);
    await pool.end();
  });

  it("a backend terminated mid-write is unavailable with outcome unknown; the pool recovers and the retry applies once", async () => {
    const run = await seededRun();
    const pool = poolWith(undefined, 1);
    const store = (await openPostgresStore({ db: pool, schema: "errors" }))._unsafeUnwrap();
    const release = await holdRowLock(run, guy);
    const change = { token: "t2", at: 1, increments: { leads: 7 } };
    const pending = store.updateClientRun(run, guy, change);
    // Wait until the store's statement is blocked on the row lock, then terminate its backend.
    for (;;) {
      const waiting = await database.pool.query(
        "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%update_client_run%'",
      );
      if (waiting.rows.length > 0) {
        await database.pool.query("SELECT pg_terminate_backend($1)", [waiting.rows[0].pid]);
        break;
      }
    }
    const failed = await pending;
    expect(failed._unsafeUnwrapErr()).toMatchObject({ type: "unavailable", outcome: "unknown" });
    await release();
    const retried = (await store.updateClientRun(run, guy, change))._unsafeUnwrap();
    expect(retried.applied).toBe(true);
    expect(retried.record.metrics).toEqual({ leads: 7 });
    const again = (await store.updateClientRun(run, guy, change))._unsafeUnwrap();
    expect(again.applied).toBe(false);
    expectNoLeak(pool);
    await pool.end();
  });

  it("missing privileges are rejected naming the cause", async () => {
    const role = `${database.name}_reader`.slice(0, 60);
    await database.pool.query(`CREATE ROLE "${role}" NOLOGIN`);
    await database.pool.query(`GRANT USAGE ON SCHEMA errors TO "${role}"`);
    await database.pool.query(`GRANT SELECT ON errors.schema_version TO "${role}"`);
    const pool = poolWith(`-c role=${role}`);
    const store = (
      await openPostgresStore({ db: pool, schema: "errors", migrate: false })
    )._unsafeUnwrap();
    const error = (await store.createJob(newJob(baseId("251007-080000"), "j")))._unsafeUnwrapErr();
    expect(error.type).toBe("rejected");
    expect(error.message).toContain("permission denied (42501)");
    expectNoLeak(pool);
    await pool.end();
    await database.pool.query(`REVOKE ALL ON errors.schema_version FROM "${role}"`);
    await database.pool.query(`REVOKE ALL ON SCHEMA errors FROM "${role}"`);
    await database.pool.query(`DROP ROLE "${role}"`);
  });

  it("a schema dropped under an open store is rejected as a schema error", async () => {
    const store = (
      await openPostgresStore({ db: database.pool, schema: "doomed" })
    )._unsafeUnwrap();
    await database.pool.query("DROP SCHEMA doomed CASCADE");
    const error = (await store.getJob(base))._unsafeUnwrapErr();
    expect(error.type).toBe("rejected");
    expect(error.message).toContain("schema missing or incomplete (42P01)");
    expectNoLeak(database.pool);
  });

  it("bad options are rejected naming the option, never thrown", async () => {
    const cases: [unknown, string][] = [
      [null, "options"],
      [{}, "`db`"],
      [{ db: { query: 1 } }, "`db`"],
      [{ db: database.pool, migrate: "yes" }, "`migrate`"],
      [{ db: database.pool, name: 3 }, "`name`"],
      [{ db: database.pool, schema: "Bad" }, "`schema`"],
    ];
    for (const [options, named] of cases) {
      const opened = await openPostgresStore(options as never);
      expect(opened._unsafeUnwrapErr().type).toBe("rejected");
      expect(opened._unsafeUnwrapErr().message).toContain(named);
    }
  });
});

describe("error mapping of answers a test cannot provoke cheaply", () => {
  it.each([
    [{ code: "53300", message: "too many connections" }, "unavailable", "not-applied"],
    [{ code: "40001", message: "could not serialize" }, "unavailable", "not-applied"],
    [{ code: "40P01", message: "deadlock detected" }, "unavailable", "not-applied"],
    [
      { code: "57P03", message: "the database system is starting up" },
      "unavailable",
      "not-applied",
    ],
    [{ code: "ECONNRESET", message: "read ECONNRESET" }, "unavailable", "unknown"],
    [new Error("Connection terminated unexpectedly"), "unavailable", "unknown"],
    [{ code: "23505", message: "duplicate key", constraint: "jobs_pkey" }, "rejected", undefined],
  ])("%o on a write is %s (%s)", (cause, type, outcome) => {
    const error = toPostgresStoreError(cause, "createJob", true);
    expect(error.type).toBe(type);
    if (outcome !== undefined) expect(error).toMatchObject({ outcome });
  });

  it("a constraint violation names the constraint", () => {
    const error = toPostgresStoreError(
      { code: "23505", message: "duplicate key", constraint: "jobs_pkey" },
      "createJob",
      true,
    );
    expect(error.message).toContain("jobs_pkey");
  });
});
