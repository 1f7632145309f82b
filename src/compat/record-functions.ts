import { parseRunId, toBaseRunId } from "../run-id/index.js";
import { CompatError, fromRunIdError } from "./compat-error.js";
import { isMissing } from "./missing.js";
import { DEFAULT_RECORD_CACHE_CAPACITY, type RecordCache, recordCacheOf } from "./record-cache.js";
import { recordKeyOf } from "./record-key.js";

// The old module kept one process-wide cache; so does compat, now bounded (10,000 entries).
const shared: RecordCache = recordCacheOf(DEFAULT_RECORD_CACHE_CAPACITY);

/**
 * Remembers the Airtable record ID of one client's part of one run. The base ID with a client
 * and the full client run ID reach the same entry; a run ID carrying another client is refused.
 * The older services' two-argument form `(clientRunId, recordId)` registers under the client the
 * run ID carries, as the old module did (it keyed by the client run ID alone).
 * @param runId - a base or client run ID (a client run ID in the two-argument form)
 * @param clientId - the client
 * @param recordId - the record ID to remember (a non-empty string)
 * @returns the client run ID the record was registered under, or `null` when nothing was
 *   registered (invalid run ID or client, client mismatch, legacy shape, empty record ID)
 * @throws CompatError, in the two-argument form only, when the run ID names no client:
 *   `missing-run-id`, the parser's code (`malformed`, `legacy-format`, …), or `missing-client-id`
 *   for a base run ID — never a silent no-op
 */
export function registerRunRecord(clientRunId: unknown, recordId: unknown): string | null;
export function registerRunRecord(
  runId: unknown,
  clientId: unknown,
  recordId: unknown,
  metadata?: unknown,
): string | null;
export function registerRunRecord(runId: unknown, ...rest: unknown[]): string | null {
  const [clientId, recordId] =
    rest.length === 1 ? [clientOfOlderCall(runId, "registerRunRecord"), rest[0]] : rest;
  const key = recordKeyOf(runId, clientId);
  if (key === undefined || typeof recordId !== "string" || recordId === "") return null;
  shared.set(key.baseRunId, key.clientId, recordId);
  return key.clientRunId;
}

/**
 * The record ID registered for one client's part of one run. The older one-argument form
 * `(clientRunId)` looks up the client the run ID carries.
 * @param runId - a base or client run ID (a client run ID in the one-argument form)
 * @param clientId - the client
 * @returns the record ID, or `null` when none is cached or the arguments name no valid pair
 * @throws CompatError, in the one-argument form only, as `registerRunRecord`'s two-argument form
 */
export function getRunRecordId(clientRunId: unknown): string | null;
export function getRunRecordId(runId: unknown, clientId: unknown): string | null;
export function getRunRecordId(runId: unknown, ...rest: unknown[]): string | null {
  const clientId = rest.length === 0 ? clientOfOlderCall(runId, "getRunRecordId") : rest[0];
  const key = recordKeyOf(runId, clientId);
  if (key === undefined) return null;
  return shared.get(key.baseRunId, key.clientId) ?? null;
}

// The older signatures named the pair by a client run ID alone: read the client from it, or
// throw — a run ID without a client cannot name a cache entry, and guessing would be a no-op.
function clientOfOlderCall(runId: unknown, fn: string): string {
  if (isMissing(runId)) {
    throw new CompatError("missing-run-id", "Run ID cannot be null or undefined", { input: runId });
  }
  const parsed = parseRunId(runId);
  if (parsed.isErr()) throw fromRunIdError(parsed.error);
  const value = parsed.value;
  if (value.kind === "legacy") {
    // Strict parsing refuses a legacy shape as legacy-format, carrying its description.
    throw fromRunIdError(parseRunId(runId, { mode: "strict" })._unsafeUnwrapErr());
  }
  if (value.kind === "base") {
    throw new CompatError(
      "missing-client-id",
      `${fn}(runId, recordId) needs a client run ID: ${JSON.stringify(value.runId)} names no client (pass (runId, clientId, recordId))`,
      { input: runId },
    );
  }
  return value.clientId;
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
