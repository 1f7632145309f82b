import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { PGlite } from "@electric-sql/pglite";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryStore } from "../../src/memory/index.js";
import {
  openPostgresStore,
  PGLITE_LOCK_FILE,
  type PostgresStore,
} from "../../src/postgres/index.js";
import type { ClientRunChange } from "../../src/store/index.js";
import { baseId, clientId, newClientRun, newJob } from "../../src/testing/fixtures.js";
import { describeRunRecordStore } from "../../src/testing/index.js";
import { createTestDatabase, type TestDatabase } from "../support/postgres/index.js";
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
  // PGlite runs one query at a time, so races always "pass" here: the real-server file runs the suite at full
  // strength, this one checks the same SQL at a size that keeps the file quick.
  numRuns: 10,
  concurrency: 50,
  racers: 10,
  listSize: 120,
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

    it("a second process opening the same data directory is refused; closing releases it; a dead owner's lock is taken over", async () => {
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

      // A lock left by a process that has exited (killed before close) is taken over.
      const exited = spawnSync(process.execPath, ["-e", ""]).pid;
      writeFileSync(join(dir, PGLITE_LOCK_FILE), String(exited));
      const third = await freshStore();
      expect(readFileSync(join(dir, PGLITE_LOCK_FILE), "utf8")).toBe(String(process.pid));
      await third.close();
    }, 120_000);
  },
});

describe("values: identical records from PGlite and a real server", () => {
  let database: TestDatabase;
  let server: PostgresStore;
  let lite: PostgresStore;
  beforeAll(async () => {
    database = await createTestDatabase();
    server = (await openPostgresStore({ db: database.pool, schema: "values" }))._unsafeUnwrap();
    lite = (await openPostgresStore({ db, schema: "values" }))._unsafeUnwrap();
  }, 120_000);
  afterAll(async () => {
    await lite?.close();
    await database?.drop();
  });

  const text = fc.string({ unit: "grapheme", maxLength: 12 }).filter((s) => !s.includes("\0"));
  const finite = fc
    .double({ noNaN: true, noDefaultInfinity: true })
    .filter((n) => !Object.is(n, -0));
  let n = 0;

  it("every JS number and string round-trips exactly, and increments add as JS does", async () => {
    const property = fc.asyncProperty(
      fc.dictionary(text, finite, { maxKeys: 4 }),
      fc.array(fc.double({ min: -1e14, max: 1e14, noNaN: true }), { maxLength: 8 }),
      fc.array(text, { maxLength: 3 }),
      async (metrics, deltas, notes) => {
        // A client of its own per sample, so every sample starts from a fresh record.
        const run = baseId("251007-100000");
        n++;
        const record = {
          ...newClientRun(run, clientId(`Client-${n}`), `run-${n}`, n * 1.5),
          metrics,
          notes,
        };
        let expected = 0;
        for (const store of [server, lite]) {
          expect((await store.createClientRun(record))._unsafeUnwrap()).toEqual(record);
          expected = 0;
          for (const [i, delta] of deltas.entries()) {
            await store.updateClientRun(run, record.clientId, {
              token: `d${i}`,
              at: i,
              increments: { "sum ": delta },
            });
            expected += delta;
          }
        }
        const fromServer = (await server.getClientRun(run, record.clientId))._unsafeUnwrap();
        const fromLite = (await lite.getClientRun(run, record.clientId))._unsafeUnwrap();
        expect(fromLite).toEqual(fromServer);
        expect(fromServer?.metrics).toEqual({
          ...metrics,
          ...(deltas.length > 0 ? { "sum ": expected } : {}),
        });
      },
    );
    // A denormal delta once raised PostgreSQL's underflow error inside the overflow test.
    await fc.assert(property, { numRuns: 15, examples: [[{}, [5e-324, -5e-324, 5e-324], []]] });
  }, 120_000);

  it("the metric range rule answers exactly as the memory store does, writing nothing when it refuses", async () => {
    const MAX = Number.MAX_VALUE;
    const SAFE = Number.MAX_SAFE_INTEGER;
    const cases: [Record<string, number>, Pick<ClientRunChange, "increments" | "set">][] = [
      [{ big: MAX }, { increments: { big: MAX } }],
      [{ m: -MAX }, { increments: { m: -MAX } }],
      [{ safe: SAFE - 1 }, { increments: { safe: 2 } }],
      [{ safe: SAFE - 1 }, { increments: { safe: 1 } }],
      [{}, { set: { fresh: SAFE + 1 } }],
      [{ huge: 1e20 }, { set: { huge: 1e21 } }],
      [{ huge: 1e20 }, { increments: { huge: 1e20 } }],
      [{ big: MAX }, { increments: { big: MAX }, set: { big: 1 } }],
      [{ x: 0.5 }, { increments: { x: 1e308, y: 1 } }],
      [{}, { increments: { a: 1, b: SAFE + 1 } }],
    ];
    const guy = clientId("Guy");
    let refusals = 0;
    for (const [i, [metrics, change]] of cases.entries()) {
      const run = baseId(`251008-0000${String(i).padStart(2, "0")}`);
      const answers = [];
      for (const store of [createMemoryStore(), server, lite]) {
        await store.createClientRun({ ...newClientRun(run, guy, "r"), metrics });
        const full = { token: "t", at: 1, notes: ["written"], ...change };
        const answer = await store.updateClientRun(run, guy, full);
        const after = (await store.getClientRun(run, guy))._unsafeUnwrap();
        answers.push({ answer: answer.isOk() ? answer.value : answer.error, after });
      }
      expect(answers[1], `case ${i} on the server`).toEqual(answers[0]);
      expect(answers[2], `case ${i} on PGlite`).toEqual(answers[0]);
      if ((answers[0]?.answer as { type?: string } | undefined)?.type === "rejected") refusals++;
    }
    expect(refusals).toBe(5); // Infinity, -Infinity, past 2^53 − 1 by increment, by set, and b of a pair
  });

  it("a string PostgreSQL cannot hold (NUL, a lone surrogate) is rejected, never thrown", async () => {
    for (const [store, note] of [
      [server, "a\0b"],
      [lite, "a\0b"],
      [server, "\ud800"],
      [lite, "\udfff"],
    ] as const) {
      const created = await store.createJob({
        ...newJob(baseId("251009-000000"), "j"),
        notes: [note],
      });
      expect(created._unsafeUnwrapErr().type).toBe("rejected");
    }
  });
});
