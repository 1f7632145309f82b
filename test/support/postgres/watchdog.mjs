// Stops a throwaway PostgreSQL server and removes its directory once the process that started it
// is gone, even if that process was killed with SIGKILL and could run no cleanup of its own.
// Usage (spawned detached by server.ts): node watchdog.mjs <parent pid> <base directory>
import { readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";

const parentPid = Number(process.argv[2]);
const baseDir = process.argv[3];

const isAlive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
};

const exists = (path) => {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
};

const serverPid = () => {
  try {
    const pid = Number(
      readFileSync(join(baseDir, "data", "postmaster.pid"), "utf8").split("\n")[0],
    );
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const cleanUp = async () => {
  const pid = serverPid();
  if (pid !== undefined && isAlive(pid)) {
    // SIGINT is PostgreSQL's fast shutdown; SIGKILL only if it has not exited after 10 s.
    process.kill(pid, "SIGINT");
    for (let waited = 0; waited < 10_000 && isAlive(pid); waited += 50) await sleep(50);
    if (isAlive(pid)) process.kill(pid, "SIGKILL");
  }
  rmSync(baseDir, { recursive: true, force: true });
};

const watch = async () => {
  // The normal stop removes the base directory: then there is nothing left to watch.
  while (exists(baseDir)) {
    if (!isAlive(parentPid)) {
      await cleanUp();
      return;
    }
    await sleep(200);
  }
};

if (Number.isInteger(parentPid) && parentPid > 0 && typeof baseDir === "string") await watch();
