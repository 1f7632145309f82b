import { afterAll, beforeAll, expect, it } from "vitest";
import { openPostgresStore, type PostgresStore } from "../../src/postgres/index.js";
import { describeRunRecordStore } from "../../src/testing/index.js";
import { createTestDatabase, type TestDatabase } from "../support/postgres/index.js";

let database: TestDatabase;

// One database for the file (the run's throwaway server makes it); every store gets emptied tables.
beforeAll(async () => {
  database = await createTestDatabase();
}, 120_000);
afterAll(() => database?.drop());

const SCHEMA = "conformance";
const TABLES = ["jobs", "job_tokens", "client_runs", "client_run_tokens", "external_links"];

const freshStore = async (): Promise<PostgresStore> => {
  const store = (await openPostgresStore({ db: database.pool, schema: SCHEMA }))._unsafeUnwrap();
  await database.pool.query(`TRUNCATE ${TABLES.map((t) => `${SCHEMA}.${t}`).join(", ")}`);
  return store;
};

describeRunRecordStore({
  name: "postgres",
  create: freshStore,
  destroy: async (store) => {
    await store.close?.();
  },
  numRuns: 25,
  concurrency: 500,
  additionalTests: () => {
    it("declares every capability, multiProcess included", async () => {
      const store = await freshStore();
      expect(store.capabilities).toEqual({
        atomicCreate: true,
        atomicUpdate: true,
        conditionalUpdate: true,
        idempotentChanges: true,
        multiProcess: true,
      });
      expect(store.driver).toBe("pg");
      await store.close();
    });

    it("close() leaves the caller's pool open; the closed store refuses calls", async () => {
      const store = await freshStore();
      await store.close();
      const after = await store.listRunning();
      expect(after._unsafeUnwrapErr()).toMatchObject({ type: "rejected" });
      expect(after._unsafeUnwrapErr().message).toContain("closed");
      expect((await database.pool.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
    });
  },
});
