import { rename, writeFile } from "node:fs/promises";
import { err, ok, type Result } from "neverthrow";
import { type CliError, ioError } from "./cli-error.js";

/**
 * Writes a value as pretty JSON through a temporary file and a rename, so a crash never leaves a
 * half-written plan, backup or export.
 * @param exclusive - refuse to replace an existing file
 */
export const writeJsonFile = async (
  path: string,
  value: unknown,
  exclusive = false,
): Promise<Result<void, CliError>> => {
  const temp = `${path}.tmp-${process.pid}`;
  try {
    if (exclusive) await writeFile(path, "", { flag: "wx" });
    await writeFile(temp, `${JSON.stringify(value, null, 2)}\n`, "utf8");
    await rename(temp, path);
    return ok(undefined);
  } catch (cause) {
    const code = (cause as { code?: unknown }).code;
    const why =
      code === "EEXIST"
        ? "already exists; choose another path"
        : code === "ENOENT"
          ? "is in a folder that does not exist; create it first"
          : `cannot be written (${String(code ?? cause)}); check the path and permissions`;
    return err(ioError(`${path} ${why}`, path, cause));
  }
};
