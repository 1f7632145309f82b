import { err, ok, type Result } from "neverthrow";
import type { ClientId } from "./brand.js";
import type { RunIdError } from "./errors.js";
import { isPlaceholder } from "./placeholders.js";
import { notAString, quote, runIdError } from "./run-id-error.js";
import { hasTimestampShape } from "./timestamp.js";

/** Longest client ID, in code points. */
export const MAX_CLIENT_ID_LENGTH = 64;

/** The marker of an "all clients" master ID; a client suffix after it is a nested master. */
export const MASTER_MARKER = "batch-all-clients";

/** Outcome codes of {@link checkClientId}; numbers so the hot path allocates nothing. */
export const CID_OK = 0;
const CID_EMPTY = 1;
const CID_TOO_LONG = 2;
const CID_BAD_CHAR = 3;
const CID_BAD_EDGE = 4;
const CID_TIMESTAMP = 5;
/** The text is a unit repeated, joined by hyphens (`Guy-Wilson-Guy-Wilson`): a double suffix. */
export const CID_REPEATED = 6;
/** The text is not in Unicode NFC. */
export const CID_NOT_NFC = 7;
const CID_PLACEHOLDER = 8;
/** The text starts with the all-clients master marker (`batch-all-clients-Guy-Wilson`). */
export const CID_NESTED_MASTER = 9;

// 1 for ASCII letters and digits, 2 for `-` and `_`, 0 for everything else.
const ASCII = new Uint8Array(128);
for (let c = 48; c <= 57; c++) ASCII[c] = 1;
for (let c = 65; c <= 90; c++) ASCII[c] = 1;
for (let c = 97; c <= 122; c++) ASCII[c] = 1;
ASCII[45] = 2;
ASCII[95] = 2;

const LETTER_OR_DIGIT = /[\p{L}\p{Nd}]/uy;

/**
 * Checks `s` against the client ID grammar with an ASCII fast path and a Unicode fallback.
 * @returns `CID_OK` or a code naming the first rule broken
 */
export function checkClientId(s: string): number {
  const n = s.length;
  if (n === 0) return CID_EMPTY;
  let codePoints = 0;
  let nonAscii = false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    codePoints++;
    if (c < 128) {
      if (ASCII[c] === 0) return CID_BAD_CHAR;
      continue;
    }
    nonAscii = true;
    LETTER_OR_DIGIT.lastIndex = i;
    if (!LETTER_OR_DIGIT.test(s)) return CID_BAD_CHAR;
    if (c >= 0xd800 && c <= 0xdbff) i++; // a valid pair: the letter class matched both halves
  }
  if (codePoints > MAX_CLIENT_ID_LENGTH) return CID_TOO_LONG;
  if (ASCII[s.charCodeAt(0)] === 2 || ASCII[s.charCodeAt(n - 1)] === 2) return CID_BAD_EDGE;
  if (hasTimestampShape(s)) return CID_TIMESTAMP;
  if (nonAscii && s.normalize("NFC") !== s) return CID_NOT_NFC;
  if (repeatedUnit(s) !== undefined) return CID_REPEATED;
  if (isMasterPrefixed(s)) return CID_NESTED_MASTER;
  if (isPlaceholder(s)) return CID_PLACEHOLDER;
  return CID_OK;
}

/**
 * The unit `u` when `s` is `u-u`, `u-u-u`, … (a suffix appended more than once), else undefined.
 * Tries the shortest unit first so `A-A-A-A` collapses to `A`.
 */
export function repeatedUnit(s: string): string | undefined {
  const n = s.length;
  for (let p = s.indexOf("-"); p > 0 && p <= (n - 1) / 2; p = s.indexOf("-", p + 1)) {
    if ((n + 1) % (p + 1) !== 0) continue;
    let same = true;
    for (let i = p + 1; i < n && same; i++) {
      same = s.charCodeAt(i) === s.charCodeAt(i % (p + 1));
    }
    if (same) return s.slice(0, p);
  }
  return undefined;
}

function isMasterPrefixed(s: string): boolean {
  const m = MASTER_MARKER.length;
  return (
    s.length >= m &&
    (s.length === m || s.charCodeAt(m) === 45) &&
    s.slice(0, m).toLowerCase() === MASTER_MARKER
  );
}

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
        : `nested master: client ${quote(s.slice(MASTER_MARKER.length + 1))} was appended to the all-clients master marker ${quote(MASTER_MARKER)}`;
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
