import { readFile } from "node:fs/promises";
import { err, ok, type Result } from "neverthrow";
import { type MemorySnapshot, parseMemorySnapshot } from "../../memory/memory-snapshot.js";
import { type CliError, inputError } from "../cli-error.js";

const HOW_TO_WRITE =
  "write one with JSON.stringify(store.snapshot()) or npm run demo -- --save <path>";

// A path inside the snapshot can carry a key from the file itself (a metric name); the error
// must stay on one line whatever that key holds.
const oneLine = (text: string): string => text.replace(/[\u0000-\u001f\u007f]+/g, " ");

/** A snapshot record the service could never have written, left out of the audit and reported. */
export interface InvalidSnapshotRecord {
  /** `jobs`, `clientRuns` or `links`. */
  readonly list: "jobs" | "clientRuns" | "links";
  /** The record, as named by the snapshot check (`job "251007-070457"`), or its path. */
  readonly record: string;
  readonly message: string;
}

/** A snapshot's valid part, and every record that was left out. */
export interface LoadedSnapshot {
  readonly snapshot: MemorySnapshot;
  readonly invalid: readonly InvalidSnapshotRecord[];
}

const RECORD_PATH = /^\$\.(jobs|clientRuns|links)\[(\d+)\]/;

/**
 * Validates a parsed snapshot, taking out each record the check refuses (an ended run without
 * endedAt, endedAt before startedAt, a time outside Date's range, a refused name, a non-finite
 * number…) and checking the rest again, so every such record is reported, not just the first.
 */
const parseLeniently = (value: unknown): Result<LoadedSnapshot, string> => {
  const invalid: InvalidSnapshotRecord[] = [];
  let current = value;
  for (let attempt = 0; attempt < 10_000; attempt += 1) {
    const parsed = parseMemorySnapshot(current);
    if (parsed.isOk()) return ok({ snapshot: parsed.value, invalid });
    const cause = (parsed.error as { cause?: unknown }).cause as
      | { path?: unknown; record?: unknown }
      | undefined;
    const path = typeof cause?.path === "string" ? cause.path : "";
    const m = RECORD_PATH.exec(path);
    const list = m?.[1] as InvalidSnapshotRecord["list"] | undefined;
    const holder = current as Record<string, unknown>;
    if (m === null || list === undefined || !Array.isArray(holder[list])) {
      return err(parsed.error.message);
    }
    invalid.push({
      list,
      record: typeof cause?.record === "string" ? cause.record : (m[0] as string).slice(2),
      message: parsed.error.message,
    });
    const items = [...(holder[list] as unknown[])];
    items.splice(Number(m[2]), 1);
    current = { ...holder, [list]: items };
  }
  return err("too many invalid records");
};

/**
 * Reads a memory-store snapshot file (`JSON.stringify(store.snapshot())`) and validates it.
 * @param path - the file named by `--snapshot`
 * @returns the snapshot, or an input error naming the file, the problem and what to do
 */
export const loadSnapshotFile = async (path: string): Promise<Result<LoadedSnapshot, CliError>> => {
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
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    return err(
      inputError(
        oneLine(
          `${path} is not a memory-store snapshot (memory snapshot is not valid JSON); ${HOW_TO_WRITE}`,
        ),
        path,
        cause,
      ),
    );
  }
  const snapshot = parseLeniently(json);
  if (snapshot.isErr()) {
    return err(
      inputError(
        oneLine(`${path} is not a memory-store snapshot (${snapshot.error}); ${HOW_TO_WRITE}`),
        path,
      ),
    );
  }
  return ok(snapshot.value);
};
