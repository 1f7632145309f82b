/**
 * Words the old code passed (and stored) where a run ID or client ID belonged; compared
 * case-insensitively. `NAN` and `[OBJECT OBJECT]` are what string interpolation makes of a
 * missing number or an object.
 */
export const PLACEHOLDERS: readonly string[] = Object.freeze([
  "UNKNOWN",
  "SYSTEM",
  "INIT",
  "INITIALIZING",
  "RESCORE",
  "STANDALONE",
  "VALIDATION",
  "NULL",
  "UNDEFINED",
  "NONE",
  "NAN",
  "N/A",
  "[OBJECT OBJECT]",
]);

const UPPER = new Set(PLACEHOLDERS);
const LONGEST = 15;

/**
 * Whether `s` is one of {@link PLACEHOLDERS}, ignoring case.
 * @param s the text to test, already trimmed
 */
export function isPlaceholder(s: string): boolean {
  return s.length <= LONGEST && UPPER.has(s.toUpperCase());
}
