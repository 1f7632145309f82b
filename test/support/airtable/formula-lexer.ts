import { err, ok, type Result } from "neverthrow";

/** One token of a filterByFormula expression. */
export type Token =
  | { readonly type: "field"; readonly name: string; readonly pos: number }
  | { readonly type: "ident"; readonly name: string; readonly pos: number }
  | { readonly type: "string"; readonly value: string; readonly pos: number }
  | { readonly type: "number"; readonly value: number; readonly pos: number }
  | { readonly type: "op"; readonly op: Operator; readonly pos: number }
  | { readonly type: "lparen" | "rparen" | "comma" | "eof"; readonly pos: number };

/** The binary and unary operators of the supported subset. */
export type Operator = "=" | "!=" | "<" | ">" | "<=" | ">=" | "&" | "+" | "-" | "*" | "/";

/** Why a formula could not be tokenised, with the offset of the offending character. */
export interface LexError {
  readonly type: "lex";
  readonly message: string;
  readonly pos: number;
}

// Airtable string literals accept these backslash escapes; anything else is refused here so a
// test server never silently agrees with an escaper that a real base might read differently.
const ESCAPES: Readonly<Record<string, string>> = {
  "\\": "\\",
  "'": "'",
  '"': '"',
  n: "\n",
  r: "\r",
  t: "\t",
};

const TWO_CHAR_OPS = new Set(["!=", "<=", ">="]);
const ONE_CHAR_OPS = new Set(["=", "<", ">", "&", "+", "-", "*", "/"]);
const NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*/;

const lexError = (message: string, pos: number): LexError => ({ type: "lex", message, pos });

/** Reads a quoted literal starting at `start` (the quote); returns its value and the index after it. */
const readString = (src: string, start: number): Result<[string, number], LexError> => {
  const quote = src[start];
  let out = "";
  for (let i = start + 1; i < src.length; i++) {
    const c = src[i] as string;
    if (c === quote) return ok([out, i + 1]);
    if (c !== "\\") {
      out += c;
      continue;
    }
    const next = src[i + 1];
    const escaped = next === undefined ? undefined : ESCAPES[next];
    if (escaped === undefined) return err(lexError(`Unsupported escape \\${next ?? ""}`, i));
    out += escaped;
    i++;
  }
  return err(lexError("Unterminated string literal", start));
};

/** Reads a `{Field Name}` reference (`\}` and `\\` escape a brace or backslash inside). */
const readField = (src: string, start: number): Result<[string, number], LexError> => {
  let out = "";
  for (let i = start + 1; i < src.length; i++) {
    const c = src[i] as string;
    if (c === "}") return ok([out, i + 1]);
    if (c === "\\" && (src[i + 1] === "}" || src[i + 1] === "\\")) {
      out += src[i + 1];
      i++;
      continue;
    }
    out += c;
  }
  return err(lexError("Unterminated field reference", start));
};

/**
 * Splits a formula into tokens.
 * @param src the formula text as sent in filterByFormula
 * @returns the tokens ending with `eof`, or the first lexical error
 */
export const tokenize = (src: string): Result<Token[], LexError> => {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const pos = i;
    if (c === '"' || c === "'") {
      const read = readString(src, i);
      if (read.isErr()) return err(read.error);
      tokens.push({ type: "string", value: read.value[0], pos });
      i = read.value[1];
    } else if (c === "{") {
      const read = readField(src, i);
      if (read.isErr()) return err(read.error);
      tokens.push({ type: "field", name: read.value[0], pos });
      i = read.value[1];
    } else if (c === "(" || c === ")" || c === ",") {
      tokens.push({ type: c === "(" ? "lparen" : c === ")" ? "rparen" : "comma", pos });
      i++;
    } else if (TWO_CHAR_OPS.has(src.slice(i, i + 2))) {
      tokens.push({ type: "op", op: src.slice(i, i + 2) as Operator, pos });
      i += 2;
    } else if (ONE_CHAR_OPS.has(c)) {
      tokens.push({ type: "op", op: c as Operator, pos });
      i++;
    } else {
      const rest = src.slice(i);
      const number = NUMBER.exec(rest);
      const ident = number ? null : IDENT.exec(rest);
      if (number) tokens.push({ type: "number", value: Number(number[0]), pos });
      else if (ident) tokens.push({ type: "ident", name: ident[0], pos });
      else return err(lexError(`Unexpected character ${JSON.stringify(c)}`, i));
      i += (number ?? ident)?.[0].length ?? 1;
    }
  }
  tokens.push({ type: "eof", pos: src.length });
  return ok(tokens);
};
