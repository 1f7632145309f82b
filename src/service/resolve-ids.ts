import { err, ok, type Result } from "neverthrow";
import type { BaseRunId, ClientId, ClientRunId } from "../run-id/brand.js";
import {
  clientIdOf,
  normalizeRunId,
  parseClientId,
  toBaseRunId,
  withClient,
} from "../run-id/index.js";
import {
  clientMismatch,
  invalidArgument,
  invalidRunId,
  type ServiceError,
} from "./service-error.js";

/** A client run's key, resolved from caller input. */
export interface ClientRunKey {
  readonly baseRunId: BaseRunId;
  readonly clientId: ClientId;
  readonly clientRunId: ClientRunId;
}

/**
 * Resolves a job's base run ID from a base or client run ID (lenient parse; legacy shapes refused).
 * @returns the base run ID, or `invalid-run-id` wrapping the RunIdError
 */
export const resolveBaseRunId = (input: unknown): Result<BaseRunId, ServiceError> => {
  const normalized = normalizeRunId(input);
  if (normalized.isErr()) return err(invalidRunId(input, normalized.error));
  return ok(toBaseRunId(normalized.value));
};

/**
 * Resolves (run ID, client ID) to a client run key. The run ID may be the base or the client run
 * ID; the client ID may be omitted when the run ID carries it.
 * @returns the key, `invalid-run-id`, `invalid-argument` (no client at all) or `client-mismatch`
 */
export const resolveClientRunKey = (
  runIdInput: unknown,
  clientIdInput: unknown,
): Result<ClientRunKey, ServiceError> => {
  const normalized = normalizeRunId(runIdInput);
  if (normalized.isErr()) return err(invalidRunId(runIdInput, normalized.error));
  const embedded = clientIdOf(normalized.value);
  let clientId: ClientId;
  if (clientIdInput === undefined) {
    if (embedded === undefined) {
      return err(invalidArgument("clientId", clientIdInput, "required with a base run ID"));
    }
    clientId = embedded;
  } else {
    const parsed = parseClientId(clientIdInput);
    if (parsed.isErr()) return err(invalidRunId(clientIdInput, parsed.error));
    clientId = parsed.value;
    if (embedded !== undefined && embedded !== clientId) {
      return err(clientMismatch(runIdInput, clientId, embedded));
    }
  }
  const baseRunId = toBaseRunId(normalized.value);
  const clientRunId = withClient(baseRunId, clientId);
  if (clientRunId.isErr()) return err(invalidRunId(runIdInput, clientRunId.error));
  return ok({ baseRunId, clientId, clientRunId: clientRunId.value });
};
