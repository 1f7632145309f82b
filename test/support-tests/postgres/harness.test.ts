import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../support/postgres/index.js";

const WATCHDOG = fileURLToPath(new URL("../../support/postgres/watchdog.mjs", import.meta.url));

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const exited = (child: ReturnType<typeof spawn>) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });

describe("test databases on the run's PostgreSQL server", () => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const database of databases) await database.drop();
  });

  it("hands out fresh, separate databases", async () => {
    const [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    databases.push(a!, b!);
    expect(a!.name).not.toBe(b!.name);
    await a!.pool.query("CREATE TABLE t (x int)");
    await a!.pool.query("INSERT INTO t VALUES (1)");
    expect((await a!.pool.query("SELECT x FROM t")).rows).toEqual([{ x: 1 }]);
    const other = await b!.pool.query("SELECT to_regclass('t') AS t");
    expect(other.rows).toEqual([{ t: null }]);
    const { rows } = await a!.pool.query("SHOW server_encoding");
    expect(rows[0]).toEqual({ server_encoding: "UTF8" });
  });

  it("drop() removes the database", async () => {
    const database = await createTestDatabase();
    await database.drop();
    const probe = await createTestDatabase();
    databases.push(probe);
    const { rows } = await probe.pool.query(
      "SELECT count(*)::int AS n FROM pg_database WHERE datname = $1",
      [database.name],
    );
    expect(rows).toEqual([{ n: 0 }]);
  });
});

describe("the watchdog", () => {
  it("stops the server by postmaster.pid and removes the directory once its parent is killed", async () => {
    const baseDir = mkdtempSync(join(tmpdir(), "run-records-watchdog-"));
    mkdirSync(join(baseDir, "data"));
    // Stand-ins: a "server" that only exits on a signal, and a parent that is SIGKILLed.
    const server = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], {
      stdio: "ignore",
    });
    const parent = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], {
      stdio: "ignore",
    });
    writeFileSync(join(baseDir, "data", "postmaster.pid"), `${server.pid}\n${baseDir}/data\n`);
    const watchdog = spawn(process.execPath, [WATCHDOG, String(parent.pid), baseDir], {
      stdio: "ignore",
    });
    try {
      expect(isAlive(server.pid!)).toBe(true);
      parent.kill("SIGKILL");
      await exited(server);
      await exited(watchdog);
      expect(server.signalCode).toBe("SIGINT");
      expect(existsSync(baseDir)).toBe(false);
    } finally {
      server.kill("SIGKILL");
      parent.kill("SIGKILL");
      watchdog.kill("SIGKILL");
    }
  });

  it("exits without touching anything once the directory is gone (the normal stop)", async () => {
    const baseDir = mkdtempSync(join(tmpdir(), "run-records-watchdog-"));
    const watchdog = spawn(process.execPath, [WATCHDOG, String(process.pid), baseDir], {
      stdio: "ignore",
    });
    rmSync(baseDir, { recursive: true });
    await exited(watchdog);
    expect(watchdog.exitCode).toBe(0);
  });
});
