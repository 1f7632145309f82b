import { err, ok, type Result } from "neverthrow";
import type { RunId } from "./brand.js";
import type { RunIdError } from "./errors.js";
import { parseRunId } from "./parse.js";
import { describeType, quote, runIdError } from "./run-id-error.js";
import { canonicalKind, NOT_CANONICAL, readTimestamp } from "./scanner.js";
import { isTimeZone, localToEpochMs } from "./zoned-time.js";

/**
 * Orders run IDs chronologically: by timestamp, then a base ID before its client IDs, then by
 * client ID (code unit order). The timestamp is fixed-width and first, so for canonical IDs this
 * is plain string order. Non-strings (only from untyped code) sort after all strings.
 * @returns a negative number, zero or a positive number, as `Array.prototype.sort` expects
 */
export function compareRunIds(a: RunId, b: RunId): number {
  const sa = typeof a === "string";
  const sb = typeof b === "string";
  if (!sa || !sb) return sa === sb ? 0 : sa ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The moment a run ID's timestamp names, read in `timeZone`.
 * Ambiguous local times (a DST fall-back hour) resolve to the earlier instant; times skipped by a
 * spring-forward gap move forward by the gap's length.
 * @param id a canonical base or client run ID
 * @param timeZone an IANA zone name
 * @default timeZone "UTC"
 * @returns the Date, `invalid-time-zone` for a zone this runtime does not know (never a silent
 *   fallback to UTC), or the strict parser's error when `id` is not a canonical run ID
 */
export function runIdDate(id: RunId, timeZone: string = "UTC"): Result<Date, RunIdError> {
  if (typeof id !== "string" || canonicalKind(id) === NOT_CANONICAL) {
    return parseRunId(id, { mode: "strict" }).andThen(() =>
      // Unreachable for strings the scanner refused; kept so the types stay honest.
      err(runIdError("malformed", id, `${quote(id)} is not a canonical run ID`)),
    );
  }
  if (!isTimeZone(timeZone)) {
    return err(
      runIdError(
        "invalid-time-zone",
        timeZone,
        `unknown time zone ${typeof timeZone === "string" ? quote(timeZone) : `<${describeType(timeZone)}>`}`,
      ),
    );
  }
  const ms = localToEpochMs(readTimestamp(id), timeZone);
  if (Number.isNaN(ms)) {
    return err(
      runIdError("invalid-time-zone", timeZone, `time zone ${quote(timeZone)} could not be read`),
    );
  }
  return ok(new Date(ms));
}
