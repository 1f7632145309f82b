import { readFileSync, realpathSync, unlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { err, ok, type Result } from "neverthrow";
import { type StoreError, storeRejected } from "../store/store-error.js";
import { causeText } from "./error-map.js";

/** The file a PGlite-backed store creates in the data directory while it is open. */
export const PGLITE_LOCK_FILE = "run-records.lock";

// Stores of this process per directory: one process may open several stores on its own PGlite instance.
const held = new Map<string, number>();

/**
 * The filesystem directory of a PGlite instance, or `undefined` for an in-memory (or browser) one.
 * @param dataDir - The instance's `dataDir` as PGlite reports it.
 */
export function pgliteDirectory(dataDir: unknown): string | undefined {
  if (typeof dataDir !== "string" || dataDir.length === 0) return undefined;
  const path = dataDir.startsWith("file://") ? dataDir.slice("file://".length) : dataDir;
  if (/^[a-z-]+:\/\//.test(path)) return undefined;
  return resolve(path);
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (cause) {
    return (cause as { code?: unknown }).code === "EPERM";
  }
};

const ownerOf = (file: string): number | undefined => {
  try {
    const pid = Number.parseInt(readFileSync(file, "utf8"), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Claims a PGlite data directory for this process: PGlite itself does not lock it, and two processes on one
 * directory each see only their own writes. The claim is a file holding this process's ID, created exclusively; a
 * file left by a process that no longer runs is taken over.
 * @param directory - The data directory (absolute).
 * @returns A function that releases the claim (once every store of this process on it has closed), or `rejected`
 *   naming the process that holds the directory.
 */
export function lockPgliteDirectory(directory: string): Result<() => void, StoreError> {
  let key = directory;
  try {
    key = realpathSync(directory);
  } catch {
    // A directory PGlite has not created yet cannot be locked; writing the file below says so.
  }
  const file = join(key, PGLITE_LOCK_FILE);
  const release = () => {
    const count = (held.get(key) ?? 1) - 1;
    if (count > 0) return void held.set(key, count);
    held.delete(key);
    try {
      if (ownerOf(file) === process.pid) unlinkSync(file);
    } catch {
      // Already gone: nothing to release.
    }
  };
  const count = held.get(key);
  if (count !== undefined) {
    held.set(key, count + 1);
    return ok(release);
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: "wx" });
      held.set(key, 1);
      return ok(release);
    } catch (cause) {
      if ((cause as { code?: unknown }).code !== "EEXIST") {
        return err(
          storeRejected(`cannot lock the PGlite data directory ${key}: ${causeText(cause)}`, cause),
        );
      }
      const owner = ownerOf(file);
      if (owner !== undefined && owner !== process.pid && isAlive(owner)) {
        return err(
          storeRejected(
            `the PGlite data directory ${key} is in use by process ${owner}: a PGlite store is single-process (use a PostgreSQL server to share one database)`,
          ),
        );
      }
      try {
        unlinkSync(file); // left by a process that has exited (or by this one, unreleased)
      } catch {
        // Someone else removed it first; try creating it again.
      }
    }
  }
  return err(
    storeRejected(`cannot lock the PGlite data directory ${key}: another process raced for it`),
  );
}
