import type { LegacyRunId } from "./parsed.js";

/**
 * A legacy description read for a client the caller knows: a suffix starting with `C` is
 * ambiguous (`…-CJ-Smith` is `J-Smith` with the old marker or `CJ-Smith` without), so whoever
 * knows the record's client chooses among `clientIds` instead of trusting the guess.
 * @param legacy a parsed legacy run ID
 * @param clientId the client the caller knows the record belongs to
 * @returns the description with `clientId` set to that reading, or undefined when the suffix
 *   cannot be read as that client (or the shape carries no client)
 */
export function legacyReadingFor(legacy: LegacyRunId, clientId: string): LegacyRunId | undefined {
  const readings = legacy.clientIds ?? (legacy.clientId === undefined ? [] : [legacy.clientId]);
  const chosen = readings.find((reading) => reading === clientId);
  if (chosen === undefined) return undefined;
  return chosen === legacy.clientId ? legacy : { ...legacy, clientId: chosen };
}
