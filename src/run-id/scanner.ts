import type { BaseRunId, ClientId, ClientRunId } from "./brand.js";
import type { ParsedBaseRunId, ParsedClientRunId, Repair, RunIdTimestamp } from "./parsed.js";
import { isPlaceholder, PLACEHOLDERS } from "./placeholders.js";

// The canonical scanner: the timestamp and client ID grammar over character codes, with no
// regex and no allocation until a parse succeeds. It lives in one module on purpose: module
// boundaries can cost a binding lookup per call in some loaders, and this is the hot path.

/** Length of the `YYMMDD-HHMMSS` timestamp that starts every canonical run ID. */
export const TIMESTAMP_LENGTH = 13;

/** Outcome codes of {@link checkTimestamp}; numbers so the hot path allocates nothing. */
export const TS_OK = 0;
/** The first 13 characters are not `DDDDDD-DDDDDD`. */
export const TS_SHAPE = 1;
/** The digits do not name a real calendar date in 2000–2099. */
export const TS_DATE = 2;
/** The digits do not name a time from 00:00:00 to 23:59:59. */
export const TS_TIME = 3;

/** A timestamp check outcome. */
export type TimestampCheck = typeof TS_OK | typeof TS_SHAPE | typeof TS_DATE | typeof TS_TIME;

// Two decimal digits at `i` as a number, or -1 when either is not an ASCII digit.
function pair(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >>> 0 > 9 || b >>> 0 > 9 ? -1 : a * 10 + b;
}

const DAYS = Uint8Array.of(0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31);

/**
 * Checks whether `s` starts with a valid `YYMMDD-HHMMSS` timestamp, scanning character codes.
 * @returns `TS_OK`, or the first problem found (shape, then date, then time)
 */
export function checkTimestamp(s: string): TimestampCheck {
  if (s.length < TIMESTAMP_LENGTH || s.charCodeAt(6) !== 45) return TS_SHAPE;
  const yy = pair(s, 0);
  const mo = pair(s, 2);
  const dd = pair(s, 4);
  const hh = pair(s, 7);
  const mi = pair(s, 9);
  const ss = pair(s, 11);
  if ((yy | mo | dd | hh | mi | ss) < 0) return TS_SHAPE;
  if (mo < 1 || mo > 12 || dd < 1) return TS_DATE;
  if (dd > DAYS[mo]! && !(mo === 2 && dd === 29 && isLeapYear(2000 + yy))) return TS_DATE;
  if (hh > 23 || mi > 59 || ss > 59) return TS_TIME;
  return TS_OK;
}

/** Whether `s` starts with six digits, a hyphen and six digits (validity aside). */
export function hasTimestampShape(s: string, start = 0): boolean {
  if (s.length - start < TIMESTAMP_LENGTH || s.charCodeAt(start + 6) !== 45) return false;
  for (let i = start; i < start + TIMESTAMP_LENGTH; i++) {
    if (i === start + 6) continue;
    if ((s.charCodeAt(i) - 48) >>> 0 > 9) return false;
  }
  return true;
}

/** Reads the fields of a timestamp already checked by {@link checkTimestamp}. */
export function readTimestamp(s: string): RunIdTimestamp {
  return {
    year: 2000 + pair(s, 0),
    month: pair(s, 2),
    day: pair(s, 4),
    hour: pair(s, 7),
    minute: pair(s, 9),
    second: pair(s, 11),
  };
}

/** Number of days in `month` (1–12) of `year` in the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Whether `year` is a Gregorian leap year. */
export function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** Longest client ID, in code points. */
export const MAX_CLIENT_ID_LENGTH = 64;

/** The marker of an "all clients" master ID; a client suffix after it is a nested master. */
export const MASTER_MARKER = "batch-all-clients";

/** {@link checkClientId} outcome: valid. Codes are numbers so the hot path allocates nothing. */
export const CID_OK = 0;
/** The text is empty. */
export const CID_EMPTY = 1;
/** The text is longer than 64 code points. */
export const CID_TOO_LONG = 2;
/** The text has a character other than a letter, a decimal digit, `-` or `_`. */
export const CID_BAD_CHAR = 3;
/** The text starts or ends with `-` or `_`. */
export const CID_BAD_EDGE = 4;
/** The text begins with a run ID timestamp. */
export const CID_TIMESTAMP = 5;
/** The text is a unit repeated, joined by hyphens (`Guy-Wilson-Guy-Wilson`): a double suffix. */
export const CID_REPEATED = 6;
/** The text is not in Unicode NFC. */
export const CID_NOT_NFC = 7;
/** The text is a placeholder word (`undefined`, `null`, …). */
export const CID_PLACEHOLDER = 8;
/** The text starts with the all-clients master marker (`batch-all-clients-Guy-Wilson`). */
export const CID_NESTED_MASTER = 9;

// Character classes below U+0300 (ASCII, Latin-1, Latin Extended, IPA): 1 letter or decimal
// digit, 2 for `-` and `_`, 0 for anything else. Nothing below U+0300 changes under NFC, alone
// or next to each other, so text made only of these needs no normalisation check.
const TABLE_END = 0x300;
const CLASS = new Uint8Array(TABLE_END);
const LETTER_OR_DIGIT = /[\p{L}\p{Nd}]/uy;
for (let c = 0; c < TABLE_END; c++) {
  LETTER_OR_DIGIT.lastIndex = 0;
  if (LETTER_OR_DIGIT.test(String.fromCharCode(c))) CLASS[c] = 1;
}
CLASS[45] = 2;
CLASS[95] = 2;

/**
 * Checks `s` (from index `start`) against the client ID grammar: a table scan for characters
 * below U+0300 and a Unicode-property fallback above.
 * @returns `CID_OK` or a code naming the first rule broken
 */
export function checkClientId(s: string, start = 0): number {
  const n = s.length;
  if (n <= start) return CID_EMPTY;
  let pairs = 0;
  let beyondTable = false;
  let hyphens = 0;
  for (let i = start; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < TABLE_END) {
      if (CLASS[c] === 0) return CID_BAD_CHAR;
      if (c === 45) hyphens++;
      continue;
    }
    beyondTable = true;
    LETTER_OR_DIGIT.lastIndex = i;
    if (!LETTER_OR_DIGIT.test(s)) return CID_BAD_CHAR;
    if (c >= 0xd800 && c <= 0xdbff) {
      i++; // a valid pair: the letter class matched both halves
      pairs++;
    }
  }
  if (n - start - pairs > MAX_CLIENT_ID_LENGTH) return CID_TOO_LONG;
  if (CLASS[s.charCodeAt(start)] === 2 || CLASS[s.charCodeAt(n - 1)] === 2) return CID_BAD_EDGE;
  if (hyphens > 0 && hasTimestampShape(s, start)) return CID_TIMESTAMP;
  if (beyondTable && !isNfc(s, start)) return CID_NOT_NFC;
  if (hyphens > 0 && repeatedUnitEnd(s, start) > 0) return CID_REPEATED;
  if (isMasterPrefixed(s, start)) return CID_NESTED_MASTER;
  if (mayBePlaceholder(s, start) && isPlaceholder(s.slice(start))) return CID_PLACEHOLDER;
  return CID_OK;
}

const isNfc = (s: string, start: number): boolean => {
  const t = start === 0 ? s : s.slice(start);
  return t.normalize("NFC") === t;
};

/**
 * The unit `u` when `s` is `u-u`, `u-u-u`, … (a suffix appended more than once), else undefined.
 * Tries the shortest unit first so `A-A-A-A` collapses to `A`.
 */
export function repeatedUnit(s: string): string | undefined {
  const end = repeatedUnitEnd(s, 0);
  return end > 0 ? s.slice(0, end) : undefined;
}

// The end index of the repeated unit of s[start..] (0 when not repeated); allocation-free.
function repeatedUnitEnd(s: string, start: number): number {
  const n = s.length - start;
  for (let p = s.indexOf("-", start) - start; p > 0 && p <= (n - 1) / 2; ) {
    if ((n + 1) % (p + 1) === 0) {
      let same = true;
      for (let i = p + 1; i < n && same; i++) {
        same = s.charCodeAt(start + i) === s.charCodeAt(start + (i % (p + 1)));
      }
      if (same) return start + p;
    }
    const q = s.indexOf("-", start + p + 1);
    p = q < 0 ? -1 : q - start;
  }
  return 0;
}

function isMasterPrefixed(s: string, start: number): boolean {
  const m = MASTER_MARKER.length;
  const n = s.length - start;
  return (
    (s.charCodeAt(start) | 32) === 98 && // "b" or "B"
    n >= m &&
    (n === m || s.charCodeAt(start + m) === 45) &&
    s.slice(start, start + m).toLowerCase() === MASTER_MARKER
  );
}

// Placeholders are short and start with few letters; deriving this guard from the list keeps
// the upper-casing off the hot path for ordinary client IDs.
const PLACEHOLDER_FIRST = new Uint8Array(128);
for (const p of PLACEHOLDERS) {
  PLACEHOLDER_FIRST[p.charCodeAt(0)] = 1;
  PLACEHOLDER_FIRST[p.toLowerCase().charCodeAt(0)] = 1;
}
const PLACEHOLDER_MIN = Math.min(...PLACEHOLDERS.map((p) => p.length));
const PLACEHOLDER_MAX = Math.max(...PLACEHOLDERS.map((p) => p.length));

function mayBePlaceholder(s: string, start: number): boolean {
  const n = s.length - start;
  if (n < PLACEHOLDER_MIN || n > PLACEHOLDER_MAX) return false;
  return PLACEHOLDER_FIRST[s.charCodeAt(start)] === 1;
}

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
  return checkClientId(s, TIMESTAMP_LENGTH + 1) === CID_OK ? CANONICAL_CLIENT : NOT_CANONICAL;
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
  // The timestamp check inlined, so its fields are read once and become the parsed fields.
  const n = s.length;
  if (n < TIMESTAMP_LENGTH || s.charCodeAt(6) !== 45) return undefined;
  const yy = pair(s, 0);
  const mo = pair(s, 2);
  const dd = pair(s, 4);
  const hh = pair(s, 7);
  const mi = pair(s, 9);
  const ss = pair(s, 11);
  if ((yy | mo | dd | hh | mi | ss) < 0 || mo < 1 || mo > 12 || dd < 1) return undefined;
  if (dd > DAYS[mo]! && !(mo === 2 && dd === 29 && isLeapYear(2000 + yy))) return undefined;
  if (hh > 23 || mi > 59 || ss > 59) return undefined;
  const timestamp = { year: 2000 + yy, month: mo, day: dd, hour: hh, minute: mi, second: ss };
  if (n === TIMESTAMP_LENGTH) {
    return { kind: "base", runId: s as BaseRunId, timestamp, repairs: NO_REPAIRS };
  }
  if (s.charCodeAt(TIMESTAMP_LENGTH) !== 45 || checkClientId(s, TIMESTAMP_LENGTH + 1) !== CID_OK) {
    return undefined;
  }
  return {
    kind: "client",
    runId: s as ClientRunId,
    baseRunId: s.slice(0, TIMESTAMP_LENGTH) as BaseRunId,
    clientId: s.slice(TIMESTAMP_LENGTH + 1) as ClientId,
    timestamp,
    repairs: NO_REPAIRS,
  };
}
