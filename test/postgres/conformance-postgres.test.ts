import type { ResultAsync } from "neverthrow";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openPostgresStore, type PostgresStore } from "../../src/postgres/index.js";
import type { StoreError } from "../../src/store/index.js";
import { baseId, clientId, newClientRun, newJob } from "../../src/testing/fixtures.js";
import { describeRunRecordStore } from "../../src/testing/index.js";
import { countingPool, createTestDatabase, type TestDatabase } from "../support/postgres/index.js";

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

    it("every store call is one round trip", async () => {
      await freshStore(); // empties the tables
      const counting = countingPool(database.pool);
      const store = (await openPostgresStore({ db: counting.db, schema: SCHEMA }))._unsafeUnwrap();
      const base = baseId("251007-070457");
      const guy = clientId("Guy-Wilson");
      const change = {
        token: "t",
        at: 2,
        increments: { leads: 1 },
        progress: [{ at: 2, message: "m" }],
      };
      const calls: [string, () => ResultAsync<unknown, StoreError>][] = [
        ["createJob", () => store.createJob(newJob(base, "j"))],
        ["createJob again", () => store.createJob(newJob(base, "k"))],
        ["getJob", () => store.getJob(base)],
        ["updateJob", () => store.updateJob(base, { token: "u", at: 2, sealed: true })],
        ["createClientRun", () => store.createClientRun(newClientRun(base, guy, "r"))],
        ["getClientRun", () => store.getClientRun(base, guy)],
        ["listClientRuns", () => store.listClientRuns(base)],
        ["updateClientRun", () => store.updateClientRun(base, guy, change)],
        ["updateClientRun repeated", () => store.updateClientRun(base, guy, change)],
        ["listJobs", () => store.listJobs({ tags: {}, limit: 1 })],
        ["listRunning", () => store.listRunning()],
        [
          "linkExternalRun",
          () =>
            store.linkExternalRun({
              provider: "a",
              externalId: "x",
              runId: base,
              clientId: guy,
              linkedAt: 1,
            }),
        ],
        ["resolveExternalRun", () => store.resolveExternalRun("a", "x")],
      ];
      for (const [name, call] of calls) {
        const before = counting.count();
        expect((await call()).isOk(), name).toBe(true);
        expect(counting.count() - before, name).toBe(1);
      }
      expect(counting.failures).toEqual([]);
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
