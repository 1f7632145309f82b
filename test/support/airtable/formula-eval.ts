import type { FormulaNode } from "./formula-parser.js";

/** A formula value: blank is `null`; checkboxes are booleans. */
export type FormulaValue = string | number | boolean | null;

/** What an expression can see of one record. */
export interface FormulaContext {
  readonly id: string;
  readonly createdTime: string;
  /** The value of a field by name (computed fields included); `null` when blank. */
  readonly field: (name: string) => FormulaValue;
}

const toText = (v: FormulaValue): string => {
  if (v === null) return "";
  if (typeof v === "boolean") return v ? "1" : "0";
  return String(v);
};

const toNumber = (v: FormulaValue): number => {
  if (v === null) return 0;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "number") return v;
  return v.trim() === "" ? 0 : Number(v);
};

const isNumeric = (v: FormulaValue): boolean => v === null || typeof v !== "string";

/** Airtable's truthiness: blank, empty text, 0 and errors (NaN) are false. */
export const isTruthy = (v: FormulaValue): boolean => {
  if (v === null) return false;
  if (typeof v === "string") return v !== "";
  if (typeof v === "number") return v !== 0 && !Number.isNaN(v);
  return v;
};

// Text comparison is exact (case-sensitive); blank equals "" and 0, as in a real base.
const equals = (a: FormulaValue, b: FormulaValue): boolean => {
  if (a === null && b === null) return true;
  if (isNumeric(a) && isNumeric(b)) return toNumber(a) === toNumber(b);
  return toText(a) === toText(b);
};

const compare = (a: FormulaValue, b: FormulaValue): number => {
  if (isNumeric(a) && isNumeric(b)) return toNumber(a) - toNumber(b);
  const [x, y] = [toText(a), toText(b)];
  return x < y ? -1 : x > y ? 1 : 0;
};

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T/;

// Two date-times subtract to seconds, so a Duration-style computed field has a value; blank stays blank.
const subtract = (a: FormulaValue, b: FormulaValue): FormulaValue => {
  const dates = [a, b].map((v) =>
    typeof v === "string" && ISO_DATE_TIME.test(v) ? Date.parse(v) : undefined,
  );
  if (dates[0] !== undefined && dates[1] !== undefined) return (dates[0] - dates[1]) / 1000;
  if ((a === null && dates[1] !== undefined) || (b === null && dates[0] !== undefined)) return null;
  return toNumber(a) - toNumber(b);
};

const binary = (op: string, a: FormulaValue, b: FormulaValue): FormulaValue => {
  switch (op) {
    case "=":
      return equals(a, b);
    case "!=":
      return !equals(a, b);
    case "<":
      return compare(a, b) < 0;
    case ">":
      return compare(a, b) > 0;
    case "<=":
      return compare(a, b) <= 0;
    case ">=":
      return compare(a, b) >= 0;
    case "&":
      return toText(a) + toText(b);
    case "+":
      return toNumber(a) + toNumber(b);
    case "-":
      return subtract(a, b);
    case "*":
      return toNumber(a) * toNumber(b);
    default:
      return toNumber(a) / toNumber(b);
  }
};

// A date-time as Airtable compares it: an instant; blank or unparseable text is no date.
const instant = (v: FormulaValue): number => {
  if (typeof v === "number") return v;
  if (typeof v !== "string" || v.trim() === "") return Number.NaN;
  return Date.parse(v);
};

// Airtable's IS_BEFORE/IS_AFTER are false when either side is blank (no date to compare).
const before = (a: FormulaValue, b: FormulaValue): boolean => {
  const [x, y] = [instant(a), instant(b)];
  return !Number.isNaN(x) && !Number.isNaN(y) && x < y;
};

const call = (node: Extract<FormulaNode, { type: "call" }>, ctx: FormulaContext): FormulaValue => {
  const arg = (i: number): FormulaValue => {
    const a = node.args[i];
    return a === undefined ? null : evaluate(a, ctx);
  };
  switch (node.name) {
    case "AND":
      return node.args.every((a) => isTruthy(evaluate(a, ctx)));
    case "OR":
      return node.args.some((a) => isTruthy(evaluate(a, ctx)));
    case "NOT":
      return !isTruthy(arg(0));
    case "IF":
      return isTruthy(arg(0)) ? arg(1) : arg(2);
    case "BLANK":
      return null;
    case "TRUE":
      return true;
    case "FALSE":
      return false;
    case "RECORD_ID":
      return ctx.id;
    case "CREATED_TIME":
      return ctx.createdTime;
    case "LEN":
      return toText(arg(0)).length;
    case "LOWER":
      return toText(arg(0)).toLowerCase();
    case "UPPER":
      return toText(arg(0)).toUpperCase();
    case "TRIM":
      return toText(arg(0)).trim();
    case "DATETIME_PARSE": {
      const ms = instant(arg(0));
      return Number.isNaN(ms) ? Number.NaN : new Date(ms).toISOString();
    }
    case "IS_BEFORE":
      return before(arg(0), arg(1));
    case "IS_AFTER":
      return before(arg(1), arg(0));
  }
};

/**
 * Evaluates a parsed formula against one record.
 * @param node the expression from `parseFormula`
 * @param ctx the record's ID, createdTime and field values
 * @returns the value; NaN stands for Airtable's #ERROR
 */
export const evaluate = (node: FormulaNode, ctx: FormulaContext): FormulaValue => {
  switch (node.type) {
    case "literal":
      return node.value;
    case "field":
      return ctx.field(node.name);
    case "negate":
      return -toNumber(evaluate(node.operand, ctx));
    case "binary":
      return binary(node.op, evaluate(node.left, ctx), evaluate(node.right, ctx));
    case "call":
      return call(node, ctx);
  }
};
