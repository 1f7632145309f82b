import { formulaField, formulaString } from "./formula-escape.js";

/**
 * Exact, case-sensitive equality of a field with a value; never `FIND`/`SEARCH`, which match substrings.
 * @returns a formula such as `{Run ID} = '251007-070457'`
 */
export const fieldEquals = (field: string, value: unknown): string =>
  `${formulaField(field)} = ${formulaString(value)}`;

/**
 * Every pair must hold (the key of a client run is two fields).
 * @param pairs field name and value pairs, at least one
 */
export const allEqual = (pairs: readonly (readonly [string, unknown])[]): string => {
  const parts = pairs.map(([field, value]) => fieldEquals(field, value));
  return parts.length === 1 ? (parts[0] as string) : `AND(${parts.join(", ")})`;
};

/**
 * Any of the formulas may hold; one formula is returned as is.
 * @param formulas at least one formula
 */
export const anyOf = (formulas: readonly string[]): string =>
  formulas.length === 1 ? (formulas[0] as string) : `OR(${formulas.join(", ")})`;
