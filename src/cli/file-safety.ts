import { realpath, stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { err, ok, type Result } from "neverthrow";
import { type CliError, inputError } from "./cli-error.js";

/** A file a command reads, and what it is to the user (for the message). */
export interface InputFile {
  readonly path: string;
  /** e.g. `input export`, `plan`, `backup`. */
  readonly role: string;
}

// The real path of a file that may not exist yet: links in its folder resolved, then its name.
const realPathOf = async (path: string): Promise<string> => {
  try {
    return await realpath(path);
  } catch {
    try {
      return join(await realpath(dirname(path)), basename(path));
    } catch {
      return resolve(path);
    }
  }
};

const identity = async (path: string): Promise<string | undefined> => {
  try {
    const s = await stat(path);
    return `${s.dev}:${s.ino}`;
  } catch {
    return undefined;
  }
};

/**
 * True when two paths name the same file: equal after resolving links, or (for existing files)
 * the same device and inode, so a hard link or a `..` detour is caught too.
 */
export const sameFile = async (a: string, b: string): Promise<boolean> => {
  if ((await realPathOf(a)) === (await realPathOf(b))) return true;
  const [x, y] = await Promise.all([identity(a), identity(b)]);
  return x !== undefined && x === y;
};

/** True when something (file, folder or link) exists at `path`. */
export const pathExists = async (path: string): Promise<boolean> => {
  try {
    await stat(path);
    return true;
  } catch (cause) {
    return (cause as { code?: unknown }).code !== "ENOENT";
  }
};

/**
 * Checks, before anything is written, that an output path is neither one of the command's inputs
 * (never allowed) nor an existing file (allowed only with `--overwrite`).
 * @param option - the flag that named the path, for the message (`--output`, `--plan`)
 */
export const checkOutputPath = async (
  path: string,
  option: string,
  inputs: readonly InputFile[],
  overwrite: boolean,
): Promise<Result<void, CliError>> => {
  for (const input of inputs) {
    if (await sameFile(path, input.path)) {
      return err(
        inputError(
          `${option} ${path} is the ${input.role} (${input.path}); an input is never overwritten - write elsewhere`,
          path,
        ),
      );
    }
  }
  if (!(await pathExists(path))) return ok(undefined);
  try {
    if ((await stat(path)).isDirectory()) {
      return err(inputError(`${option} ${path} is a directory; give a file path`, path));
    }
  } catch {
    // A dangling link: writing replaces the link itself.
  }
  return overwrite
    ? ok(undefined)
    : err(
        inputError(
          `${option} ${path} already exists; choose another path or pass --overwrite to replace it`,
          path,
        ),
      );
};
