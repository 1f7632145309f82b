import { err, ok, type Result } from "neverthrow";
import type { BaseRunId, ClientId, ClientRunId, RunId } from "./brand.js";
import { clientIdProblem } from "./client-id.js";
import type { RunIdError } from "./errors.js";
import { parseRunId } from "./parse.js";
import { clientMismatch, notAString, runIdError } from "./run-id-error.js";
import {
  CANONICAL_BASE,
  CANONICAL_CLIENT,
  CID_OK,
  canonicalKind,
  checkClientId,
  NOT_CANONICAL,
  TIMESTAMP_LENGTH,
} from "./scanner.js";

/**
 * The base run ID of a run ID (its first 13 characters, the timestamp).
 * @returns the base ID; for values that are not run IDs (only reachable from untyped code) `""`
 */
export function toBaseRunId(id: RunId): BaseRunId {
  return (typeof id === "string" ? id.slice(0, TIMESTAMP_LENGTH) : "") as BaseRunId;
}

/**
 * The client of a client run ID (everything after the timestamp and its hyphen).
 * @returns the client ID, or undefined for a base run ID
 */
export function clientIdOf(id: RunId): ClientId | undefined {
  return typeof id === "string" && id.length > TIMESTAMP_LENGTH + 1
    ? (id.slice(TIMESTAMP_LENGTH + 1) as ClientId)
    : undefined;
}

/**
 * Gives a run ID the client suffix: appends it to a base ID, returns a client ID of that same
 * client unchanged, and never appends to or replaces another client's suffix.
 * @returns the client run ID, or `client-mismatch` when `id` belongs to another client
 *   (including a hyphenated tail of it or one differing only in case)
 */
export function withClient(id: RunId, clientId: ClientId): Result<ClientRunId, RunIdError> {
  if (typeof id !== "string") return err(notAString(id));
  const kind = canonicalKind(id);
  if (kind === NOT_CANONICAL) return notCanonical(id);
  return appendClient(id, kind, clientId);
}

/**
 * The shared tail of `withClient` and `normalizeRunId` for a canonical `id` of known kind.
 * @internal
 */
export function appendClient(
  id: string,
  kind: number,
  clientId: unknown,
): Result<ClientRunId, RunIdError> {
  if (typeof clientId !== "string") return err(notAString(clientId, "client ID"));
  // Same client: the ID's suffix was validated with the ID, so the equal argument is valid too.
  if (
    kind === CANONICAL_CLIENT &&
    id.length - TIMESTAMP_LENGTH - 1 === clientId.length &&
    id.endsWith(clientId)
  ) {
    return ok(id as ClientRunId);
  }
  const code = checkClientId(clientId);
  if (code !== CID_OK) {
    const type = clientId === "" ? "empty" : "invalid-client-id";
    return err(runIdError(type, clientId, clientIdProblem(code, clientId)));
  }
  if (kind === CANONICAL_BASE) return ok(`${id}-${clientId}` as ClientRunId);
  return err(clientMismatch(id, clientId, id.slice(TIMESTAMP_LENGTH + 1)));
}

// A branded argument that is not canonical at runtime: report exactly what strict parsing says.
function notCanonical(id: string): Result<never, RunIdError> {
  const parsed = parseRunId(id, { mode: "strict" });
  return err(
    parsed.isErr() ? parsed.error : runIdError("malformed", id, "expected a canonical run ID"),
  );
}
