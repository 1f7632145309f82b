// fast-check arbitraries for run ID tests, with an oracle for the client ID grammar written
// independently of the scanner (regular expressions instead of character-code tables).
import fc from "fast-check";
import { PLACEHOLDERS } from "../../src/index.js";

const FIRST = Date.UTC(2000, 0, 1);
const LAST = Date.UTC(2099, 11, 31, 23, 59, 59);

/** Any second in 2000–2099, as epoch ms. */
export const instantArb = fc.integer({ min: FIRST / 1000, max: LAST / 1000 }).map((s) => s * 1000);

/** `YYMMDD-HHMMSS` of an epoch ms, via Date's own UTC fields. */
export const utcStamp = (ms: number): string =>
  new Date(ms)
    .toISOString()
    .replace(/^20(\d\d)-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d).*$/, "$1$2$3-$4$5$6");

/** Canonical base run IDs. */
export const baseRunIdArb = instantArb.map(utcStamp);

/** The reference grammar for client IDs (see issue 2). */
export function isClientIdOracle(s: string): boolean {
  if (s.normalize("NFC") !== s) return false;
  if ([...s].length > 64) return false;
  if (!/^[\p{L}\p{Nd}](?:[\p{L}\p{Nd}_-]*[\p{L}\p{Nd}])?$/u.test(s)) return false;
  if (/^\d{6}-\d{6}/.test(s)) return false;
  if (/^(.+?)(?:-\1)+$/su.test(s)) return false;
  if (/^batch-all-clients(?:-|$)/i.test(s)) return false;
  return !PLACEHOLDERS.includes(s.toUpperCase());
}

// Letters from several scripts, decimal digits of two systems, the separators, and troublemakers.
const PIECES = [
  ..."abcxyzABCXYZ0189_-",
  "é",
  "ß",
  "Ł",
  "東",
  "京",
  "Ω",
  "٣",
  "𝒜",
  "e\u0301",
  "\u2126",
  "\u0301",
  " ",
  ".",
  ":",
  "'",
  "\u0000",
  "😀",
  "\ud800",
  "251007-070457",
  "Guy",
  "Wilson",
  "undefined",
  "batch-all-clients",
];

/** Strings built from client-ID-like pieces: valid ones and near misses. */
export const clientishArb = fc
  .array(fc.constantFrom(...PIECES), { minLength: 0, maxLength: 12 })
  .map((parts) => parts.join(""));

/** Valid client IDs (filtered through the oracle, not through the code under test). */
export const clientIdArb = fc
  .oneof(
    clientishArb,
    fc
      .array(fc.constantFrom("Guy", "Wilson", "Dean", "Hobin", "ACME", "42", "Zoë", "東京"), {
        minLength: 1,
        maxLength: 4,
      })
      .map((p) => p.join("-")),
  )
  .filter(isClientIdOracle);

/** Canonical client run IDs. */
export const clientRunIdArb = fc
  .tuple(baseRunIdArb, clientIdArb)
  .map(([base, client]) => `${base}-${client}`);

/** Canonical run IDs of either kind. */
export const canonicalRunIdArb = fc.oneof(baseRunIdArb, clientRunIdArb);

/** Any value at all, including strings of any Unicode and hostile objects. */
export const anythingArb = fc.oneof(
  fc.string({ unit: "binary", maxLength: 80 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  canonicalRunIdArb.map((id) => ` ${id}`),
  fc.anything(),
  fc.double(),
  fc.bigInt(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constant(Symbol("x")),
  fc.constant(
    new Proxy(
      {},
      {
        get: () => {
          throw new Error("trap");
        },
      },
    ),
  ),
);
