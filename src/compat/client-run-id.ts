import { normalizeRunId, parseClientId } from "../run-id/index.js";
import { CompatError, fromRunIdError } from "./compat-error.js";
import { isMissing } from "./missing.js";

/**
 * The client run ID of `clientId` for a run: a base ID gains the suffix; an ID that already
 * carries this client comes back unchanged (after lenient repairs, a double suffix collapsed).
 * Delegates to the core's `normalizeRunId`, which never appends to a suffixed ID.
 * @param baseRunId - a base run ID, or a client run ID of the same client
 * @param clientId - the client
 * @returns the canonical client run ID (or, for a legacy shape already carrying this client,
 *   that shape after lenient repairs)
 * @throws CompatError `missing-base-run-id` / `missing-client-id` (the old messages) for
 *   `null`, `undefined` and `''`; `invalid-client-id`; `client-mismatch` when the ID carries
 *   another client (`Wilson` against `…-Guy-Wilson` included); otherwise the parser's code for a
 *   `baseRunId` that is not a run ID (`placeholder`, `malformed`, `legacy-format`, …)
 */
export function createClientRunId(baseRunId: unknown, clientId: unknown): string {
  if (isMissing(baseRunId)) {
    throw new CompatError("missing-base-run-id", "baseRunId is required to create client run ID", {
      input: baseRunId,
    });
  }
  if (isMissing(clientId)) {
    throw new CompatError("missing-client-id", "clientId is required to create client run ID", {
      input: clientId,
    });
  }
  const client = parseClientId(clientId);
  if (client.isErr()) {
    throw new CompatError("invalid-client-id", client.error.message, {
      input: clientId,
      cause: client.error,
    });
  }
  const normalized = normalizeRunId(baseRunId, { clientId: client.value });
  if (normalized.isOk()) return normalized.value;
  const error = normalized.error;
  // A legacy shape is never converted, but one already carrying this client is its run ID; the
  // core reads an ambiguous `-C…` suffix as the client given, and a legacy shape carrying
  // another client is its `client-mismatch`.
  if (error.type === "legacy-format" && error.legacy.clientId === client.value) {
    return error.legacy.raw;
  }
  throw fromRunIdError(error);
}
