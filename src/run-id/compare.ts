import type { RunId } from "./brand.js";
import { canonicalKind, NOT_CANONICAL, readTimestamp } from "./scanner.js";
import { localToEpochMs } from "./zoned-time.js";

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
 * @param timeZone an IANA zone name
 * @default timeZone "UTC"
 * @returns the Date, or an Invalid Date (`getTime()` is NaN) when `id` is not a canonical run ID
 *   or `timeZone` is not a known zone — never a silent fallback to UTC
 */
export function runIdDate(id: RunId, timeZone = "UTC"): Date {
  if (typeof id !== "string" || canonicalKind(id) === NOT_CANONICAL) return new Date(Number.NaN);
  return new Date(localToEpochMs(readTimestamp(id), timeZone));
}
