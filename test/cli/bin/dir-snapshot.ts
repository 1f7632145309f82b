import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/** Every regular file of a folder (not recursive) as name → bytes (base64), to compare byte-for-byte. */
export const snapshotDir = (dir: string): Record<string, string> =>
  Object.fromEntries(
    readdirSync(dir)
      .filter((name) => statSync(join(dir, name)).isFile())
      .sort()
      .map((name) => [name, readFileSync(join(dir, name)).toString("base64")]),
  );
