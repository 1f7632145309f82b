// Format characters (bidi overrides and isolates, zero-width spaces and joiners, BOM), line and
// paragraph separators, and C1 controls: invisible or reordering on a terminal.
const INVISIBLE = /[\p{Cf}\u2028\u2029\u0080-\u009f]/gu;

/**
 * Shows invisible characters as `\uXXXX`, like control characters, so an ID that differs only
 * by a zero-width space or is reordered by a bidi override is visible. Inside JSON strings the
 * escape is the same value, so machine output stays valid and equal.
 */
export const escapeInvisible = (text: string): string =>
  text.replace(
    INVISIBLE,
    (ch) => `\\u${(ch.codePointAt(0) as number).toString(16).padStart(4, "0")}`,
  );
