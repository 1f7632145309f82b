import type { BaseRunId, ClientId, ClientRunId } from "./brand.js";
import { CID_OK, checkClientId } from "./client-id.js";
import type { ParsedBaseRunId, ParsedClientRunId, Repair } from "./parsed.js";
import { checkTimestamp, readTimestamp, TIMESTAMP_LENGTH, TS_OK } from "./timestamp.js";

/** The shared, frozen "nothing repaired" list, so canonical parses allocate no array. */
export const NO_REPAIRS: readonly Repair[] = Object.freeze([]);

/** {@link canonicalKind} result: not a canonical run ID. */
export const NOT_CANONICAL = 0;
/** {@link canonicalKind} result: a canonical base run ID. */
export const CANONICAL_BASE = 1;
/** {@link canonicalKind} result: a canonical client run ID. */
export const CANONICAL_CLIENT = 2;

/**
 * Classifies `s` as a canonical base or client run ID without allocating (the hot path).
 * @returns `NOT_CANONICAL`, `CANONICAL_BASE` or `CANONICAL_CLIENT`
 */
export function canonicalKind(s: string): number {
  if (checkTimestamp(s) !== TS_OK) return NOT_CANONICAL;
  if (s.length === TIMESTAMP_LENGTH) return CANONICAL_BASE;
  if (s.charCodeAt(TIMESTAMP_LENGTH) !== 45) return NOT_CANONICAL;
  return checkClientId(s.slice(TIMESTAMP_LENGTH + 1)) === CID_OK ? CANONICAL_CLIENT : NOT_CANONICAL;
}

/** Builds the parsed form of a canonical base run ID (text already checked). */
export function parsedBase(s: string, repairs: readonly Repair[]): ParsedBaseRunId {
  return { kind: "base", runId: s as BaseRunId, timestamp: readTimestamp(s), repairs };
}

/** Builds the parsed form of a canonical client run ID (text already checked). */
export function parsedClient(s: string, repairs: readonly Repair[]): ParsedClientRunId {
  return {
    kind: "client",
    runId: s as ClientRunId,
    baseRunId: s.slice(0, TIMESTAMP_LENGTH) as BaseRunId,
    clientId: s.slice(TIMESTAMP_LENGTH + 1) as ClientId,
    timestamp: readTimestamp(s),
    repairs,
  };
}

/** Parses `s` when it is already canonical, else returns undefined. */
export function parseCanonical(s: string): ParsedBaseRunId | ParsedClientRunId | undefined {
  const kind = canonicalKind(s);
  if (kind === CANONICAL_BASE) return parsedBase(s, NO_REPAIRS);
  return kind === CANONICAL_CLIENT ? parsedClient(s, NO_REPAIRS) : undefined;
}
