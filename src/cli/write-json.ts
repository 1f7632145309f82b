import { link, rename, unlink, writeFile } from "node:fs/promises";
import { err, ok, type Result } from "neverthrow";
import { type CliError, ioError } from "./cli-error.js";

let counter = 0;

const whyNot = (path: string, cause: unknown): CliError => {
  const code = (cause as { code?: unknown }).code;
  const why =
    code === "EEXIST"
      ? "already exists; choose another path or pass --overwrite to replace it"
      : code === "ENOENT"
        ? "is in a folder that does not exist; create it first"
        : code === "EISDIR"
          ? "is a directory; give a file path"
          : `cannot be written (${String(code ?? cause)}); check the path and permissions`;
  return ioError(`${path} ${why}`, path, cause);
};

/**
 * Writes text through a temporary file, so a crash never leaves a half-written plan, backup or
 * export. Exclusive writes publish the file with a hard link, which fails if anything already
 * exists at `path` (two writers racing for one name: one wins, the other is told).
 * @param exclusive - refuse to replace an existing file
 */
export const writeTextFile = async (
  path: string,
  text: string,
  exclusive = false,
): Promise<Result<void, CliError>> => {
  counter += 1;
  const temp = `${path}.tmp-${process.pid}-${counter}`;
  try {
    await writeFile(temp, text, { encoding: "utf8", flag: "wx" });
  } catch (cause) {
    return err(whyNot(path, cause));
  }
  try {
    if (exclusive) {
      await link(temp, path);
      await unlink(temp);
    } else {
      await rename(temp, path);
    }
    return ok(undefined);
  } catch (cause) {
    await unlink(temp).catch(() => undefined);
    return err(whyNot(path, cause));
  }
};

/**
 * Writes a value as pretty JSON (see {@link writeTextFile}).
 * @param exclusive - refuse to replace an existing file
 */
export const writeJsonFile = (
  path: string,
  value: unknown,
  exclusive = false,
): Promise<Result<void, CliError>> =>
  writeTextFile(path, `${JSON.stringify(value, null, 2)}\n`, exclusive);
