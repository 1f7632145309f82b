import { clientIdOf, parseRunId, toBaseRunId } from "../run-id/index.js";

/**
 * The base run ID of a base or client run ID (lenient: whitespace, `.0`, `:` separator and a
 * double suffix are repaired first). Never throws.
 * @param runId - anything
 * @returns the base run ID; `null` for `null`, `undefined`, `''` and non-strings; any other
 *   string (legacy shapes, placeholders, garbage) unchanged, as the old "never lose data" rule had it
 */
export function getBaseRunId(runId: unknown): string | null {
  if (typeof runId !== "string" || runId === "") return null;
  const parsed = parseRunId(runId);
  if (parsed.isErr() || parsed.value.kind === "legacy") return runId;
  return toBaseRunId(parsed.value.runId);
}

/**
 * The client ID a run ID carries: that of a client run ID, or of a legacy shape with a client
 * suffix (`8MSTBAfqMzuXPvgB3-CGuy-Wilson` → `Guy-Wilson`). Never throws.
 * @param runId - anything
 * @returns the client ID; `null` for base IDs, legacy shapes without a client, placeholders,
 *   unrecognised strings and non-strings
 */
export function getClientId(runId: unknown): string | null {
  const parsed = parseRunId(runId);
  if (parsed.isErr()) return null;
  const value = parsed.value;
  if (value.kind === "legacy") return value.clientId ?? null;
  return clientIdOf(value.runId) ?? null;
}
