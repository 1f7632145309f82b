import { err, ok, type Result } from "neverthrow";
import type { RunIdError } from "./errors.js";
import { parseLenient } from "./lenient.js";
import { readOption } from "./options.js";
import type { ParsedRunId, Repair } from "./parsed.js";
import { legacyFormat, notAString, quote, runIdError } from "./run-id-error.js";
import { parseCanonical } from "./scanner.js";

/** How strictly {@link parseRunId} reads its input. */
export type ParseMode = "lenient" | "strict";

/** Options of {@link parseRunId}. */
export interface ParseRunIdOptions {
  /**
   * `lenient` repairs what the existing data needs and recognises legacy shapes; `strict`
   * accepts canonical base and client IDs only (legacy shapes are `legacy-format` errors).
   * @default "lenient"
   */
  readonly mode?: ParseMode;
}

/**
 * Parses a run ID of any recognised shape; never throws, whatever `input` is.
 * @param input any value
 * @param options parse mode
 * @returns the parsed ID (`base`, `client` or `legacy`, with the repairs applied) or why not
 */
export function parseRunId(
  input: unknown,
  options?: ParseRunIdOptions,
): Result<ParsedRunId, RunIdError> {
  // Options first: a bad option is an error even for input that needs no option to parse.
  let strict = false;
  if (options !== undefined) {
    const mode = readOption(options, "mode");
    if (mode === undefined) {
      return err(runIdError("invalid-option", options, "parseRunId options could not be read"));
    }
    if (mode.value !== undefined && mode.value !== "lenient" && mode.value !== "strict") {
      return err(
        runIdError(
          "invalid-option",
          mode.value,
          `parseRunId option mode must be "lenient" or "strict", got ${quote(mode.value)}`,
        ),
      );
    }
    strict = mode.value === "strict";
  }
  if (typeof input !== "string") return err(notAString(input));
  const canonical = parseCanonical(input);
  if (canonical !== undefined) return ok(canonical);
  const lenient = parseLenient(input);
  if (!strict) return lenient;
  return lenient.andThen((parsed) => err(strictRefusal(input, parsed)));
}

// Reached only for input the canonical scan refused, so a lenient success is legacy or repaired.
function strictRefusal(input: string, parsed: ParsedRunId): RunIdError {
  if (parsed.kind === "legacy") return legacyFormat(input, parsed);
  const repair = parsed.repairs[0] ?? "trimmed";
  const type = CLIENT_REPAIRS.has(repair) ? "invalid-client-id" : "malformed";
  return runIdError(
    type,
    input,
    `${quote(input)} is not canonical: ${REPAIR_TEXT[repair]} (lenient mode repairs this to ${quote(parsed.runId)})`,
  );
}

const CLIENT_REPAIRS: ReadonlySet<Repair> = new Set<Repair>([
  "double-suffix",
  "unicode-normalized",
]);

const REPAIR_TEXT: Readonly<Record<Repair, string>> = {
  trimmed: "surrounding whitespace",
  "decimal-suffix": 'a trailing ".0"',
  "colon-separator": '":" used as the client separator',
  "double-suffix": "the client suffix appears twice",
  "unicode-normalized": "text not in Unicode NFC form",
};
