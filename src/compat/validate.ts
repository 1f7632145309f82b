import { normalizeRunId, parseRunId, type RunIdError } from "../run-id/index.js";
import { CompatError, fromRunIdError } from "./compat-error.js";
import { isMissing } from "./missing.js";

/** The old checks both validators start with; returns the error to throw, if any. */
function refuseAbsentOrNonString(runId: unknown): CompatError | undefined {
  if (isMissing(runId)) {
    return new CompatError("missing-run-id", "Run ID cannot be null or undefined", {
      input: runId,
    });
  }
  if (typeof runId !== "string") {
    const cause = parseRunId(runId).match<RunIdError | undefined>(
      () => undefined,
      (error) => error,
    );
    return new CompatError("not-a-string", `Run ID must be a string, received ${typeof runId}`, {
      input: runId,
      cause,
    });
  }
  return undefined;
}

/**
 * Checks that a value is a run ID the core parser accepts (leniently; legacy shapes included).
 * @param runId - anything
 * @returns `true`
 * @throws CompatError `missing-run-id` (`Run ID cannot be null or undefined`) for `null`,
 *   `undefined` and `''`; `not-a-string` (`Run ID must be a string, received <typeof>`);
 *   `placeholder` for `UNKNOWN`, `SYSTEM` and the like; the parser's code (`malformed`,
 *   `invalid-date`, …) for anything else it refuses
 */
export function validateRunId(runId: unknown): true {
  const refused = refuseAbsentOrNonString(runId);
  if (refused !== undefined) throw refused;
  const parsed = parseRunId(runId);
  if (parsed.isErr()) throw fromRunIdError(parsed.error);
  return true;
}

/**
 * The canonical form of a base or client run ID, with the lenient repairs applied (whitespace,
 * trailing `.0`, `:` separator, double suffix); legacy shapes and unrecognised strings come
 * back unchanged.
 * @param runId - a run ID string
 * @returns the canonical run ID, or the input unchanged when it is not a base or client run ID
 * @throws CompatError `missing-run-id` (`Run ID cannot be null or undefined`) for `null`,
 *   `undefined` and `''`; `not-a-string` (`Run ID must be a string, received <typeof>`)
 */
export function validateAndStandardizeRunId(runId: unknown): string {
  const refused = refuseAbsentOrNonString(runId);
  if (refused !== undefined) throw refused;
  const normalized = normalizeRunId(runId);
  return normalized.isOk() ? normalized.value : (runId as string);
}
