import {
  type BaseRunId,
  type ClientId,
  type ClientRunId,
  clientIdOf,
  normalizeRunId,
  parseClientId,
  toBaseRunId,
} from "../run-id/index.js";

/** The parsed pair a client run record is cached under, and the client run ID it names. */
export interface RecordKey {
  readonly baseRunId: BaseRunId;
  readonly clientId: ClientId;
  readonly clientRunId: ClientRunId;
}

/**
 * Resolves the old `(runId, clientId)` arguments to the pair they name, through the core's
 * `normalizeRunId`: a base ID gains the client, a client run ID must carry exactly that client.
 * @param runId - a base or client run ID (lenient: whitespace, `.0`, `:`, double suffix)
 * @param clientId - the client the caller means
 * @returns the pair, or `undefined` when either argument is not valid or the run ID belongs to
 *   another client (legacy shapes have no base run ID and are not cached either)
 */
export function recordKeyOf(runId: unknown, clientId: unknown): RecordKey | undefined {
  const client = parseClientId(clientId);
  if (client.isErr()) return undefined;
  const normalized = normalizeRunId(runId, { clientId: client.value });
  if (normalized.isErr()) return undefined;
  const carried = clientIdOf(normalized.value);
  // normalizeRunId with a clientId yields a client run ID; the guard only narrows the type.
  if (carried === undefined) return undefined;
  return {
    baseRunId: toBaseRunId(normalized.value),
    clientId: carried,
    clientRunId: normalized.value as ClientRunId,
  };
}
