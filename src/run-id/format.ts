import { err, ok, type Result } from "neverthrow";
import type { ClientId, RunId } from "./brand.js";
import { clientIdProblem } from "./client-id.js";
import type { RunIdError } from "./errors.js";
import type { RunIdTimestamp } from "./parsed.js";
import { notAString, runIdError } from "./run-id-error.js";
import { CID_OK, checkClientId } from "./scanner.js";
import { formatTimestamp, isValidTimestamp } from "./timestamp.js";

/** What {@link formatRunId} assembles: a parsed base or client run ID fits as is. */
export interface RunIdParts {
  /** The calendar fields, written as `YYMMDD-HHMMSS`. */
  readonly timestamp: RunIdTimestamp;
  /** The client, when formatting a client run ID. */
  readonly clientId?: ClientId;
}

/**
 * Formats timestamp fields (and a client) as a canonical run ID; the inverse of `parseRunId`.
 * @returns the run ID, or `invalid-date`/`invalid-time`/`invalid-client-id` for fields out of range
 */
export function formatRunId(parts: RunIdParts): Result<RunId, RunIdError> {
  let timestamp: RunIdTimestamp;
  let clientId: unknown;
  try {
    const given: unknown = parts.timestamp;
    clientId = parts.clientId;
    if (typeof given !== "object" || given === null || !isValidTimestamp(given as RunIdTimestamp)) {
      return err(timestampError(parts, given));
    }
    // A snapshot, so getters cannot answer differently between the check and the format.
    timestamp = { ...(given as RunIdTimestamp) };
    if (!isValidTimestamp(timestamp)) return err(timestampError(parts, timestamp));
  } catch (cause) {
    return err(runIdError("invalid-option", parts, "formatRunId parts could not be read", cause));
  }
  const base = formatTimestamp(timestamp);
  if (clientId === undefined) return ok(base as RunId);
  if (typeof clientId !== "string") return err(notAString(clientId, "client ID"));
  const code = checkClientId(clientId);
  if (code !== CID_OK) {
    return err(runIdError("invalid-client-id", clientId, clientIdProblem(code, clientId)));
  }
  return ok(`${base}-${clientId}` as RunId);
}

// Tells a bad date from a bad time so the error names the right field (may throw: called in try).
function timestampError(parts: unknown, ts: unknown): RunIdError {
  const dateOk =
    typeof ts === "object" &&
    ts !== null &&
    isValidTimestamp({ ...(ts as RunIdTimestamp), hour: 0, minute: 0, second: 0 });
  return dateOk
    ? runIdError("invalid-time", parts, "timestamp time must be 00:00:00–23:59:59 in whole seconds")
    : runIdError("invalid-date", parts, "timestamp date must be a real calendar date in 2000–2099");
}
