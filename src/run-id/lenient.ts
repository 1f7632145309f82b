import { err, ok, type Result } from "neverthrow";
import { clientIdProblem } from "./client-id.js";
import type { RunIdError } from "./errors.js";
import { parseLegacy } from "./legacy.js";
import type { ParsedRunId, Repair } from "./parsed.js";
import { isPlaceholder } from "./placeholders.js";
import { quote, runIdError } from "./run-id-error.js";
import {
  CID_NESTED_MASTER,
  CID_OK,
  CID_REPEATED,
  checkClientId,
  checkTimestamp,
  hasTimestampShape,
  MASTER_MARKER,
  NO_REPAIRS,
  parsedBase,
  parsedClient,
  repeatedUnit,
  TIMESTAMP_LENGTH,
  TS_DATE,
  TS_TIME,
} from "./scanner.js";

/**
 * Parses any string the lenient way, applying and recording the repairs the existing data needs:
 * trim, NFC, then either a timestamped ID (`.0`, `:`, double suffix) or a legacy shape.
 * @param input the original string, kept in errors
 */
export function parseLenient(input: string): Result<ParsedRunId, RunIdError> {
  let s = input.trim();
  if (s === "") return err(runIdError("empty", input, "a run ID cannot be empty or blank"));
  let repairs: readonly Repair[] = s === input ? NO_REPAIRS : ["trimmed"];
  if (!isAscii(s)) {
    const nfc = s.normalize("NFC");
    if (nfc !== s) {
      s = nfc;
      repairs = [...repairs, "unicode-normalized"];
    }
  }
  if (isPlaceholder(s)) {
    return err(runIdError("placeholder", input, `${quote(s)} is a placeholder, not a run ID`));
  }
  if (hasTimestampShape(s)) return parseTimestamped(input, s, repairs);
  const legacy = parseLegacy(s, repairs);
  if (legacy === undefined) return err(malformed(input));
  if (legacy.kind === "legacy") return ok(legacy);
  return err(
    runIdError("invalid-client-id", input, clientIdProblem(legacy.code, legacy.clientText)),
  );
}

function parseTimestamped(
  input: string,
  s: string,
  repairs: readonly Repair[],
): Result<ParsedRunId, RunIdError> {
  const check = checkTimestamp(s);
  const stamp = quote(s.slice(0, TIMESTAMP_LENGTH));
  if (check === TS_DATE) {
    return err(runIdError("invalid-date", input, `${stamp} is not a real date in 2000–2099`));
  }
  if (check === TS_TIME) {
    return err(
      runIdError("invalid-time", input, `${stamp} is not a time from 00:00:00 to 23:59:59`),
    );
  }
  const base = s.slice(0, TIMESTAMP_LENGTH);
  let rest = s.slice(TIMESTAMP_LENGTH);
  let fixed = repairs;
  // A number read back from a sheet gains ".0"; a client ID never has a dot, so base and
  // client IDs alike lose it.
  if (rest.endsWith(".0")) {
    rest = rest.slice(0, -2);
    fixed = [...fixed, "decimal-suffix"];
  }
  if (rest === "") return ok(parsedBase(base, fixed));
  if (rest.charCodeAt(0) === 58) fixed = [...fixed, "colon-separator"];
  else if (rest.charCodeAt(0) !== 45) {
    return err(
      runIdError("malformed", input, `${quote(input)} has ${quote(rest)} after its timestamp`),
    );
  }
  let client = rest.slice(1);
  let code = checkClientId(client);
  if (code === CID_REPEATED) {
    client = repeatedUnit(client)!;
    fixed = [...fixed, "double-suffix"];
    code = checkClientId(client);
  }
  if (code === CID_NESTED_MASTER && client.length > MASTER_MARKER.length) {
    return err(runIdError("malformed", input, clientIdProblem(code, client)));
  }
  if (code !== CID_OK)
    return err(runIdError("invalid-client-id", input, clientIdProblem(code, client)));
  return ok(parsedClient(`${base}-${client}`, fixed));
}

function malformed(input: string): RunIdError {
  return runIdError(
    "malformed",
    input,
    `${quote(input)} is not a run ID (expected YYMMDD-HHMMSS or YYMMDD-HHMMSS-<clientId>)`,
  );
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}
