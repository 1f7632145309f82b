// Faults on a real PostgreSQL server during the standard run: the run must still end exact
// through the service's retries (the change tokens make a retried write safe).
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRunRecordService, type RunRecordService } from "../../src/index.js";
import { openPostgresStore } from "../../src/postgres/index.js";
import { runStandardRun } from "../../src/testing/index.js";
import {
  type CountingPool,
  countingPool,
  createTestDatabase,
  type PostgresServer,
  startPostgresServer,
  type TestDatabase,
} from "../support/postgres/index.js";

// 12 clients keep the runs short; everything else is the standard run (DESIGN.md section 6).
const CLIENTS = 12;
const clock = (start: number) => () => start++;

// The service on a counting pool. `sleep` is the retry wait: the tests make it wait for the fault
// to be over instead of for wall-clock time.
const serviceOn = async (
  counting: CountingPool,
  sleep: () => Promise<void>,
): Promise<RunRecordService> => {
  const store = (await openPostgresStore({ db: counting.db }))._unsafeUnwrap();
  return createRunRecordService({
    store,
    now: clock(Date.UTC(2026, 11, 1, 9)),
    sleep,
    random: () => 0.5,
    retry: { attempts: 8 },
  });
};

const newPool = (url: string, options: pg.PoolConfig = {}) => {
  const pool = new pg.Pool({ connectionString: url, max: 8, ...options });
  pool.on("error", () => {}); // idle connections the server ended
  return pool;
};

// No duplicate records: one job, one client run per client, one link per client.
const expectNoDuplicates = async (admin: pg.Client, runId: string) => {
  const { rows } = await admin.query(
    `SELECT (SELECT count(*) FROM run_records.jobs WHERE run_id = $1)::int AS jobs,
            (SELECT count(*) FROM run_records.client_runs)::int AS client_runs,
            (SELECT count(DISTINCT client_id) FROM run_records.client_runs)::int AS clients,
            (SELECT count(*) FROM run_records.external_links)::int AS links`,
    [runId],
  );
  expect(rows[0]).toEqual({ jobs: 1, client_runs: CLIENTS, clients: CLIENTS, links: CLIENTS });
};

describe("faults on the shared server", () => {
  let database: TestDatabase;
  let admin: pg.Client;
  beforeAll(async () => {
    database = await createTestDatabase();
    admin = new pg.Client({ connectionString: database.url });
    admin.on("error", () => {});
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end().catch(() => {});
    await database?.drop();
  });

  it("survives the server terminating the store's connections (pg_terminate_backend)", async () => {
    const pool = newPool(database.url);
    let terminations: Promise<unknown> = Promise.resolve();
    let terminated = 0;
    // Every 97th query, end every other connection to this database from the admin session,
    // while the store's queries are in flight.
    const counting = countingPool(pool, (n) => {
      if (n % 97 !== 0) return;
      terminations = admin
        .query(
          `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
           WHERE datname = current_database() AND pid <> pg_backend_pid()`,
        )
        .then((r) => {
          terminated += r.rows[0].n;
        });
    });
    const service = await serviceOn(counting, () => terminations.then(() => {}));
    const result = await runStandardRun(service, { clients: CLIENTS });
    await pool.end();
    expect(result.mismatches).toEqual([]);
    expect(result.actual.jobStatus).toBe("completed");
    expect(terminated).toBeGreaterThan(5);
    // 57P01 (admin_shutdown) mid-query, or a connection found dead: the faults really hit.
    expect(
      counting.failures.filter((code) => code === "57P01" || code === "?").length,
    ).toBeGreaterThan(0);
    await expectNoDuplicates(admin, result.runId);
  });

  it("survives statement timeouts while another session holds the tables locked", async () => {
    const pool = newPool(database.url, { statement_timeout: 300 });
    const locker = new pg.Client({ connectionString: database.url });
    await locker.connect();
    let lock: Promise<unknown> | undefined;
    let release: Promise<unknown> = Promise.resolve();
    let locks = 0;
    // Every 151st query, lock the client runs and links; unlock after the store saw 3 timeouts.
    const counting = countingPool(pool, (n) => {
      if (n % 151 !== 0 || lock !== undefined) return;
      locks++;
      lock = locker.query(
        "BEGIN; LOCK TABLE run_records.client_runs, run_records.external_links IN ACCESS EXCLUSIVE MODE",
      );
    });
    const timeoutsSeen = () => counting.failures.filter((code) => code === "57014").length;
    let released = 0;
    const sleep = async () => {
      if (lock !== undefined && timeoutsSeen() >= 3 * (released + 1)) {
        const held = lock;
        lock = undefined;
        released++;
        release = held.then(() => locker.query("COMMIT"));
      }
      await release;
    };
    const service = await serviceOn(counting, sleep);
    // A fresh database schema: the store migrated on the first pool; this one only opens it.
    const result = await runStandardRun(service, { clients: CLIENTS });
    await lock?.then(() => locker.query("COMMIT"));
    await locker.end();
    await pool.end();
    expect(result.mismatches).toEqual([]);
    expect(result.actual.jobStatus).toBe("completed");
    expect(locks).toBeGreaterThan(1);
    expect(timeoutsSeen()).toBeGreaterThanOrEqual(3);
  });
});

describe("a server stopped and started again", () => {
  let server: PostgresServer;
  beforeAll(async () => {
    // Its own server: stopping the shared one would break the test files running beside this one.
    server = await startPostgresServer();
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("the standard run still ends exact, with no duplicate record", async () => {
    const pool = newPool(server.url);
    let restart: Promise<void> | undefined;
    let restarts = 0;
    // At query 300 and 900: stop the server (fast shutdown ends every session) and start it again.
    const counting = countingPool(pool, (n) => {
      if ((n === 300 || n === 900) && restart === undefined) {
        restarts++;
        restart = server
          .halt()
          .then(() => server.resume())
          .finally(() => {
            restart = undefined;
          });
      }
    });
    const service = await serviceOn(counting, async () => {
      await restart;
    });
    const result = await runStandardRun(service, { clients: CLIENTS });
    await restart;
    await pool.end();
    expect(result.mismatches).toEqual([]);
    expect(result.actual.jobStatus).toBe("completed");
    expect(restarts).toBe(2);
    expect(counting.failures.length).toBeGreaterThan(0);
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await expectNoDuplicates(admin, result.runId);
    await admin.end();
  });
});
