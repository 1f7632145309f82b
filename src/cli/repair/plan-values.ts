import { isBlank } from "../audit/export-rows.js";
import type { PlanFields, PlanValue } from "./plan-types.js";

/** A field value as a plan stores it: blanks become `null`, objects their JSON text. */
export const toPlanValue = (value: unknown): PlanValue => {
  if (isBlank(value)) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
    return value;
  }
  return JSON.stringify(value);
};

/** True when two field values mean the same (blank equals blank; `120` equals `"120"`). */
export const sameValue = (a: unknown, b: unknown): boolean => {
  const x = toPlanValue(a);
  const y = toPlanValue(b);
  return x === null || y === null ? x === y : String(x) === String(y);
};

/** The fields of `after` that differ from `before`, with their old and new values. */
export const diffFields = (
  before: Readonly<Record<string, unknown>>,
  after: Readonly<Record<string, unknown>>,
): { readonly before: PlanFields; readonly after: PlanFields } => {
  const old: Record<string, PlanValue> = {};
  const changed: Record<string, PlanValue> = {};
  for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (!sameValue(before[name], after[name])) {
      old[name] = toPlanValue(before[name]);
      changed[name] = toPlanValue(after[name]);
    }
  }
  return { before: old, after: changed };
};

/** Every field of a record as a plan stores it. */
export const planFieldsOf = (fields: Readonly<Record<string, unknown>>): PlanFields =>
  Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, toPlanValue(value)]));
