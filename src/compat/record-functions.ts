import { parseRunId, toBaseRunId } from "../run-id/index.js";
import { isMissing } from "./missing.js";
import { DEFAULT_RECORD_CACHE_CAPACITY, type RecordCache, recordCacheOf } from "./record-cache.js";
import { recordKeyOf } from "./record-key.js";

// The old module kept one process-wide cache; so does compat, now bounded (10,000 entries).
const shared: RecordCache = recordCacheOf(DEFAULT_RECORD_CACHE_CAPACITY);

/**
 * Remembers the Airtable record ID of one client's part of one run. The base ID with a client
 * and the full client run ID reach the same entry; a run ID carrying another client is refused.
 * @param runId - a base or client run ID
 * @param clientId - the client
 * @param recordId - the record ID to remember (a non-empty string)
 * @returns the client run ID the record was registered under, or `null` when nothing was
 *   registered (invalid run ID or client, client mismatch, legacy shape, empty record ID)
 */
export function registerRunRecord(
  runId: unknown,
  clientId: unknown,
  recordId: unknown,
): string | null {
  const key = recordKeyOf(runId, clientId);
  if (key === undefined || typeof recordId !== "string" || recordId === "") return null;
  shared.set(key.baseRunId, key.clientId, recordId);
  return key.clientRunId;
}

/**
 * The record ID registered for one client's part of one run.
 * @param runId - a base or client run ID
 * @param clientId - the client
 * @returns the record ID, or `null` when none is cached or the arguments name no valid pair
 */
export function getRunRecordId(runId: unknown, clientId: unknown): string | null {
  const key = recordKeyOf(runId, clientId);
  if (key === undefined) return null;
  return shared.get(key.baseRunId, key.clientId) ?? null;
}

/**
 * Forgets cached record IDs: with a run ID, every client's entry of that run; without one
 * (`undefined`, `null` or `''`, as before), everything.
 * @param runId - a base or client run ID, or nothing
 * @returns how many entries were removed (the old function returned nothing)
 */
export function clearCache(runId?: unknown): number {
  if (isMissing(runId)) return shared.clear();
  const parsed = parseRunId(runId);
  if (parsed.isErr() || parsed.value.kind === "legacy") return 0;
  return shared.deleteRun(toBaseRunId(parsed.value.runId));
}
