import { err, type Result } from "neverthrow";
import type { CliError } from "../cli-error.js";
import { writeJsonFile } from "../write-json.js";

const stamp = (ms: number): string => new Date(ms).toISOString().replace(/[-:]/g, "").slice(0, 15);

/** The default backup path of a plan applied at `now`: `<plan>.backup-<UTC stamp>.json`. */
export const defaultBackupPath = (planPath: string, now: number): string =>
  `${planPath.replace(/\.json$/, "")}.backup-${stamp(now)}.json`;

/**
 * Saves a backup without ever replacing a file: an explicit path must be new; the default name
 * gains `-2`, `-3`… when another apply took it in the same second (exclusive create, so two
 * applies racing both succeed with different files).
 * @returns the path written
 */
export const saveBackupFile = async (
  value: unknown,
  planPath: string,
  now: number,
  explicit: string | undefined,
): Promise<Result<string, CliError>> => {
  if (explicit !== undefined)
    return (await writeJsonFile(explicit, value, true)).map(() => explicit);
  const first = defaultBackupPath(planPath, now);
  for (let n = 1; n <= 1000; n += 1) {
    const path = n === 1 ? first : first.replace(/\.json$/, `-${n}.json`);
    const saved = await writeJsonFile(path, value, true);
    if (saved.isOk()) return saved.map(() => path);
    const code = (saved.error as { cause?: { code?: unknown } }).cause?.code;
    if (code !== "EEXIST") return err(saved.error);
  }
  return (await writeJsonFile(first, value, true)).map(() => first);
};
