import { readFile } from "node:fs/promises";
import { err, ok, type Result } from "neverthrow";
import { type MemorySnapshot, parseMemorySnapshot } from "../../memory/memory-snapshot.js";
import { type CliError, inputError } from "../cli-error.js";

const HOW_TO_WRITE =
  "write one with JSON.stringify(store.snapshot()) or npm run demo -- --save <path>";

// A path inside the snapshot can carry a key from the file itself (a metric name); the error
// must stay on one line whatever that key holds.
const oneLine = (text: string): string => text.replace(/[\u0000-\u001f\u007f]+/g, " ");

/**
 * Reads a memory-store snapshot file (`JSON.stringify(store.snapshot())`) and validates it.
 * @param path - the file named by `--snapshot`
 * @returns the snapshot, or an input error naming the file, the problem and what to do
 */
export const loadSnapshotFile = async (path: string): Promise<Result<MemorySnapshot, CliError>> => {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    const code = (cause as { code?: unknown } | null)?.code;
    const why =
      code === "ENOENT"
        ? `does not exist; check the --snapshot path (${HOW_TO_WRITE})`
        : code === "EISDIR"
          ? "is a directory; give the snapshot file itself"
          : `cannot be read (${String(code ?? cause)}); check its permissions`;
    return err(inputError(oneLine(`${path} ${why}`), path, cause));
  }
  const snapshot = parseMemorySnapshot(text);
  if (snapshot.isErr()) {
    return err(
      inputError(
        oneLine(
          `${path} is not a memory-store snapshot (${snapshot.error.message}); ${HOW_TO_WRITE}`,
        ),
        path,
        snapshot.error,
      ),
    );
  }
  return ok(snapshot.value);
};
