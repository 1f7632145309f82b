import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  openPostgresStore,
  POSTGRES_SCHEMA_VERSION,
  postgresMigrationSql,
  readPostgresSchemaVersion,
} from "../../src/postgres/index.js";
import { baseId, newJob } from "../../src/testing/fixtures.js";
import { createTestDatabase, type TestDatabase } from "../support/postgres/index.js";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
}, 120_000);
afterAll(() => database?.drop());

// Each case gets its own schema in the file's database: schemas are cheap, databases less so.
let next = 0;
const freshSchema = () => `migrations_${next++}`;

const versionOf = async (schema: string): Promise<number> =>
  (await database.pool.query(`SELECT version FROM ${schema}.schema_version`)).rows[0].version;

const tablesOf = async (schema: string): Promise<string[]> =>
  (
    await database.pool.query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1",
      [schema],
    )
  ).rows.map((row) => row.table_name);

describe("migrations on a real server", () => {
  it("an empty database gets the schema at the current version", async () => {
    const schema = freshSchema();
    const version = () => readPostgresSchemaVersion({ db: database.pool, schema });
    expect((await version())._unsafeUnwrap()).toBe(0);
    const store = (await openPostgresStore({ db: database.pool, schema }))._unsafeUnwrap();
    expect(await versionOf(schema)).toBe(POSTGRES_SCHEMA_VERSION);
    expect((await version())._unsafeUnwrap()).toBe(POSTGRES_SCHEMA_VERSION);
    expect(await tablesOf(schema)).toEqual([
      "client_run_tokens",
      "client_runs",
      "external_links",
      "job_tokens",
      "jobs",
      "schema_version",
    ]);
    await store.close();
  });

  it("a current database is left as it is: records survive a second open", async () => {
    const schema = freshSchema();
    const first = (await openPostgresStore({ db: database.pool, schema }))._unsafeUnwrap();
    const job = newJob(baseId("251007-070457"), "job-1");
    await first.createJob(job);
    const second = (await openPostgresStore({ db: database.pool, schema }))._unsafeUnwrap();
    expect((await second.getJob(job.runId))._unsafeUnwrap()).toEqual(job);
    expect(await versionOf(schema)).toBe(POSTGRES_SCHEMA_VERSION);
  });

  it("five processes' pools opening at once migrate once and all open", async () => {
    const schema = freshSchema();
    const pools = Array.from({ length: 5 }, () => {
      const pool = new pg.Pool({ connectionString: database.url, max: 1 });
      pool.on("error", () => {});
      return pool;
    });
    try {
      const opened = await Promise.all(pools.map((db) => openPostgresStore({ db, schema })));
      expect(opened.map((result) => result.isOk())).toEqual([true, true, true, true, true]);
      expect(await versionOf(schema)).toBe(POSTGRES_SCHEMA_VERSION);
      // Without the advisory lock, concurrent CREATE TABLE / CREATE FUNCTION fail with duplicates.
      const functions = await database.pool.query(
        "SELECT count(*)::int AS n FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1",
        [schema],
      );
      expect(functions.rows[0].n).toBe(4);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });

  it("a database newer than the code is refused, with or without migrate, saying to upgrade", async () => {
    const schema = freshSchema();
    (await openPostgresStore({ db: database.pool, schema }))._unsafeUnwrap();
    await database.pool.query(
      `UPDATE ${schema}.schema_version SET version = ${POSTGRES_SCHEMA_VERSION + 1}`,
    );
    for (const migrate of [true, false]) {
      const error = (
        await openPostgresStore({ db: database.pool, schema, migrate })
      )._unsafeUnwrapErr();
      expect(error.type).toBe("rejected");
      expect(error.message).toContain(`at version ${POSTGRES_SCHEMA_VERSION + 1}`);
      expect(error.message).toContain("upgrade run-records");
    }
    expect(await versionOf(schema)).toBe(POSTGRES_SCHEMA_VERSION + 1);
  });

  it("migrate: false refuses a database that is behind, saying what to run, and creates nothing", async () => {
    const schema = freshSchema();
    const error = (
      await openPostgresStore({ db: database.pool, schema, migrate: false })
    )._unsafeUnwrapErr();
    expect(error.type).toBe("rejected");
    expect(error.message).toContain(`at version 0`);
    expect(error.message).toContain("run-records migrate");
    expect(await tablesOf(schema)).toEqual([]);
  });

  it("migrate: false opens a current database; the exported SQL is what open applies", async () => {
    const schema = freshSchema();
    const sql = postgresMigrationSql({ schema });
    expect(sql).toBeDefined();
    await database.pool.query(sql as string);
    await database.pool.query(sql as string); // running it twice is harmless
    expect(await versionOf(schema)).toBe(POSTGRES_SCHEMA_VERSION);
    const store = await openPostgresStore({ db: database.pool, schema, migrate: false });
    expect(store.isOk()).toBe(true);
  });

  it("a schema name that is not a plain lower-case identifier is refused before any SQL", async () => {
    for (const schema of ["Run", 'x"; DROP TABLE y; --', "", "pg_mine", "9lives", "a".repeat(64)]) {
      expect(postgresMigrationSql({ schema })).toBeUndefined();
      const error = (await openPostgresStore({ db: database.pool, schema }))._unsafeUnwrapErr();
      expect(error).toMatchObject({ type: "rejected" });
      expect(error.message).toContain("`schema`");
    }
  });
});
