import { err, ok, type Result } from "neverthrow";
import type { ClientId } from "./brand.js";
import type { RunIdError } from "./errors.js";
import { notAString, quote, runIdError } from "./run-id-error.js";
import {
  CID_BAD_CHAR,
  CID_BAD_EDGE,
  CID_EMPTY,
  CID_NESTED_MASTER,
  CID_NOT_NFC,
  CID_OK,
  CID_PLACEHOLDER,
  CID_REPEATED,
  CID_TIMESTAMP,
  CID_TOO_LONG,
  checkClientId,
  MASTER_MARKER,
  MAX_CLIENT_ID_LENGTH,
} from "./scanner.js";

/** A one-line explanation of a {@link checkClientId} code for `s`. */
export function clientIdProblem(code: number, s: string): string {
  switch (code) {
    case CID_EMPTY:
      return "a client ID cannot be empty";
    case CID_TOO_LONG:
      return `client ID ${quote(s)} is longer than ${MAX_CLIENT_ID_LENGTH} characters`;
    case CID_BAD_CHAR:
      return `client ID ${quote(s)} may contain only letters, digits, "-" and "_"`;
    case CID_BAD_EDGE:
      return `client ID ${quote(s)} must start and end with a letter or digit`;
    case CID_TIMESTAMP:
      return `client ID ${quote(s)} begins with a run ID timestamp (a run ID nested in a run ID)`;
    case CID_REPEATED:
      return `client ID ${quote(s)} is a double suffix (the same client appended twice)`;
    case CID_NOT_NFC:
      return `client ID ${quote(s)} is not in Unicode NFC form`;
    case CID_PLACEHOLDER:
      return `client ID ${quote(s)} is a placeholder, not a client`;
    case CID_NESTED_MASTER:
      return s.length === MASTER_MARKER.length
        ? `${quote(s)} marks an all-clients master run, not a client`
        : `nested master: client ${quote(s.slice(MASTER_MARKER.length + 1))} appended to an all-clients master ID`;
    default:
      return `client ID ${quote(s)} is valid`;
  }
}

/**
 * Validates a client ID exactly as given (no trimming or normalisation).
 * @param input any value
 * @returns the branded client ID, or `not-a-string`, `empty` or `invalid-client-id`
 */
export function parseClientId(input: unknown): Result<ClientId, RunIdError> {
  if (typeof input !== "string") return err(notAString(input, "client ID"));
  const code = checkClientId(input);
  if (code === CID_OK) return ok(input as ClientId);
  const type = code === CID_EMPTY ? "empty" : "invalid-client-id";
  return err(runIdError(type, input, clientIdProblem(code, input)));
}
