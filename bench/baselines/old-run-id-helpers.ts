/**
 * A faithful reproduction of the old server's split-based run ID helpers (runIdUtils.js /
 * runIdService.js), kept only as the benchmark baseline. Its bugs are deliberate: no date or time
 * validation, `endsWith` as the "already suffixed" check, no client ID grammar.
 */

const SIX_DIGITS = /^\d{6}$/;

/** Old `parseRunId`: split on `-`, two 6-digit groups, the rest joined back as the client. */
export function oldParseRunId(
  runId: string,
): { baseRunId: string; clientId: string | null } | null {
  if (!runId || typeof runId !== "string") return null;
  const parts = runId.split("-");
  if (parts.length < 2) return null;
  const [date, time] = parts as [string, string];
  if (!SIX_DIGITS.test(date) || !SIX_DIGITS.test(time)) return null;
  const clientId = parts.length > 2 ? parts.slice(2).join("-") : null;
  return { baseRunId: `${date}-${time}`, clientId };
}

/** Old `addClientSuffix`: validate by splitting, then `endsWith` (the cross-tenant bug), then append. */
export function oldAddClientSuffix(runId: string, clientId: string): string | null {
  const parsed = oldParseRunId(runId);
  if (parsed === null || !clientId) return null;
  if (runId.endsWith(`-${clientId}`)) return runId;
  return `${runId}-${clientId}`;
}

/** Old `normalizeRunId`: strip whatever suffix there is, then add the given client's. */
export function oldNormalizeRunId(runId: string, clientId?: string): string | null {
  if (!runId) return null;
  const trimmed = runId.trim();
  const parsed = oldParseRunId(trimmed);
  if (parsed === null) return null;
  if (!clientId) return trimmed;
  return oldAddClientSuffix(parsed.baseRunId, clientId);
}
