/**
 * Quotes any value as an Airtable formula string literal: single quotes, with backslash escapes for
 * the quote, the backslash and line breaks, so no input can end the literal early. Values that are
 * not strings (a caller bypassing the types) are converted with `String` first.
 * @param value the value to quote
 * @returns a formula literal such as `'O\'Brien'`
 */
export const formulaString = (value: unknown): string => {
  const text = typeof value === "string" ? value : String(value);
  let out = "'";
  for (const c of text) out += ESCAPES[c] ?? c;
  return `${out}'`;
};

// Only characters that could end or corrupt a literal are escaped; everything else (quotes of the
// other kind, any Unicode) is taken literally by Airtable's lexer.
const ESCAPES: Readonly<Record<string, string>> = {
  "\\": "\\\\",
  "'": "\\'",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
};

/**
 * Writes a field reference `{Name}`, escaping `}` and `\` inside the name.
 * @param name a field name from the mapping
 * @returns the reference for a formula
 */
export const formulaField = (name: string): string =>
  `{${name.replace(/[\\}]/g, (c) => `\\${c}`)}}`;
