import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";

// A fresh PGlite runs initdb in WebAssembly (5–25 s); loading a dumped data directory is several times faster. The
// dump is cached in the temp directory per PGlite version, written under a temporary name and renamed, so test
// files racing to make it never read half a file.
const version = JSON.parse(
  readFileSync(
    new URL("../../node_modules/@electric-sql/pglite/package.json", import.meta.url),
    "utf8",
  ),
).version as string;
const cacheFile = join(tmpdir(), `run-records-pglite-${version}.tar`);

const cachedBlob = (): Blob | undefined => {
  try {
    return new Blob([readFileSync(cacheFile)]);
  } catch {
    return undefined;
  }
};

/**
 * A PGlite instance in a fresh temporary directory, from the cached initial data directory when there is one.
 * @returns The instance and a cleanup that closes it and removes its directory.
 */
export async function openTestPglite(): Promise<{
  db: PGlite;
  dir: string;
  dispose: () => Promise<void>;
}> {
  const dir = mkdtempSync(join(tmpdir(), "run-records-pglite-"));
  const blob = cachedBlob();
  let db: PGlite;
  if (blob) {
    db = await PGlite.create(dir, { loadDataDir: blob });
  } else {
    db = await PGlite.create(dir);
    const dump = await db.dumpDataDir("none");
    const partial = `${cacheFile}.${process.pid}`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, cacheFile);
  }
  return {
    db,
    dir,
    dispose: async () => {
      if (!db.closed) await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
