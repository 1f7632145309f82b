import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  openPostgresStore,
  PGLITE_LOCK_FILE,
  type PostgresStore,
} from "../../src/postgres/index.js";
import { describeRunRecordStore } from "../../src/testing/index.js";
import { openTestPglite } from "./store-pglite.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
let db: PGlite;
let dir: string;
let dispose = async () => {};

// One PGlite for the whole file (starting one costs seconds); every store gets emptied tables.
beforeAll(async () => {
  ({ db, dir, dispose } = await openTestPglite());
}, 180_000);
afterAll(() => dispose());

const SCHEMA = "conformance";

const TABLES = ["jobs", "job_tokens", "client_runs", "client_run_tokens", "external_links"];

// DELETE, not TRUNCATE: on PGlite a TRUNCATE rewrites files and costs about 100 times more on these small tables.
const freshStore = async (): Promise<PostgresStore> => {
  const store = (await openPostgresStore({ db, schema: SCHEMA }))._unsafeUnwrap();
  await db.exec(TABLES.map((table) => `DELETE FROM ${SCHEMA}.${table};`).join("\n"));
  return store;
};

describeRunRecordStore({
  name: "pglite",
  create: freshStore,
  destroy: async (store) => {
    await store.close?.();
  },
  numRuns: 25,
  concurrency: 200,
  additionalTests: () => {
    it("declares every capability but multiProcess", async () => {
      const store = await freshStore();
      expect(store.capabilities).toEqual({
        atomicCreate: true,
        atomicUpdate: true,
        conditionalUpdate: true,
        idempotentChanges: true,
        multiProcess: false,
      });
      expect(store.driver).toBe("pglite");
      await store.close();
    });

    it("a second process opening the same data directory is refused; closing releases it", async () => {
      const store = await freshStore();
      expect(existsSync(join(dir, PGLITE_LOCK_FILE))).toBe(true);
      const script = `
        const { PGlite } = await import("@electric-sql/pglite");
        const { openPostgresStore } = await import("./src/postgres/index.ts");
        const db = new PGlite(${JSON.stringify(dir)});
        const opened = await openPostgresStore({ db, schema: "${SCHEMA}", migrate: false });
        console.log(JSON.stringify(opened.isErr() ? opened.error.message : "opened"));
        process.exit(0);
      `;
      const out = execFileSync(
        process.execPath,
        ["--import", "tsx", "--input-type=module", "-e", script],
        { cwd: root, encoding: "utf8" },
      );
      const message = JSON.parse(out.trim().split("\n").pop() ?? "null");
      expect(message).toContain(`is in use by process ${process.pid}`);
      // Every store of this process on the directory must close before the claim goes.
      const second = await freshStore();
      await store.close();
      expect(existsSync(join(dir, PGLITE_LOCK_FILE))).toBe(true);
      await second.close();
      expect(existsSync(join(dir, PGLITE_LOCK_FILE))).toBe(false);
    }, 120_000);
  },
});
