import { err, ok, type Result } from "neverthrow";
import type { RunId } from "./brand.js";
import { parseClientId } from "./client-id.js";
import type { RunIdError } from "./errors.js";
import { legacyReadingFor } from "./legacy-reading.js";
import { parseLenient } from "./lenient.js";
import { readOption } from "./options.js";
import { clientMismatch, legacyFormat, notAString, runIdError } from "./run-id-error.js";
import { CANONICAL_BASE, CANONICAL_CLIENT, canonicalKind, NOT_CANONICAL } from "./scanner.js";
import { appendClient } from "./suffix.js";

/** Options of {@link normalizeRunId}. */
export interface NormalizeRunIdOptions {
  /**
   * The client the ID is for: a base ID gains this suffix, this client's double suffix
   * collapses, any other client is `client-mismatch`. Trimmed and NFC-normalised first.
   * @default undefined (keep whatever client the ID carries)
   */
  readonly clientId?: string;
}

/**
 * Lenient parse to a canonical run ID, optionally for a given client; never re-timestamps.
 * @returns the canonical ID, `legacy-format` (carrying the legacy description) for older
 *   shapes — with `clientId`, read as that client when its suffix can be (an ambiguous `-C…`
 *   suffix), else `client-mismatch` —, `client-mismatch`, or the parse error
 */
export function normalizeRunId(
  input: unknown,
  options?: NormalizeRunIdOptions,
): Result<RunId, RunIdError> {
  if (typeof input !== "string") return err(notAString(input));
  const option = readOption(options, "clientId");
  if (option === undefined) {
    return err(runIdError("invalid-option", options, "normalizeRunId options could not be read"));
  }
  const wanted = option.value;
  const kind = canonicalKind(input);
  if (kind !== NOT_CANONICAL && wanted === undefined) return ok(input as RunId);
  if (kind !== NOT_CANONICAL) return appendClient(input, kind, lenientClient(wanted));
  const parsed = parseLenient(input);
  if (parsed.isErr()) return err(parsed.error);
  const p = parsed.value;
  if (p.kind === "legacy") {
    if (wanted === undefined || p.clientId === undefined) return err(legacyFormat(input, p));
    // The caller knows the client: it chooses among the readings of an ambiguous `C` suffix.
    const client = parseClientId(lenientClient(wanted));
    if (client.isErr()) return err(client.error);
    const chosen = legacyReadingFor(p, client.value);
    if (chosen === undefined) return err(clientMismatch(input, client.value, p.clientId));
    return err(legacyFormat(input, chosen));
  }
  if (wanted === undefined) return ok(p.runId);
  const result = appendClient(
    p.runId,
    p.kind === "base" ? CANONICAL_BASE : CANONICAL_CLIENT,
    lenientClient(wanted),
  );
  // A mismatch names the input the caller gave, not our repaired form of it.
  return result.mapErr((e) => (e.type === "client-mismatch" ? { ...e, input } : e));
}

// The option comes from config and forms; tolerate the same noise lenient parsing does.
function lenientClient(value: unknown): unknown {
  return typeof value === "string" ? value.trim().normalize("NFC") : value;
}
