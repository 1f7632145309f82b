import type { AirtableMapping } from "../../airtable/mapping.js";
import { isBlank } from "../audit/export-rows.js";
import type { MergePolicy } from "./merge-policy.js";
import { appendLine, mergeProgressLogs, unionLines } from "./text-lines.js";
import { writableFields } from "./writable-fields.js";

/** One member of a duplicate group: its record ID and its fields after per-record fixes. */
export interface MergeMember {
  readonly id: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

const numberOf = (value: unknown): number | undefined => {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) {
    return Number(value);
  }
  return undefined;
};

/**
 * Merges a duplicate group into its survivor (the first member) under `policy`.
 * @returns the survivor's fields after the merge
 */
export const mergeGroup = (
  members: readonly MergeMember[],
  mapping: AirtableMapping,
  policy: MergePolicy,
): Record<string, unknown> => {
  const [survivor, ...others] = members;
  if (survivor === undefined) return {};
  const f = mapping.fields;
  const merged: Record<string, unknown> = { ...survivor.fields };
  const metricFields = new Set(Object.values(mapping.metrics));
  const special = new Set([f.systemNotes, f.progressLog, ...metricFields]);
  const writable = writableFields(mapping);
  for (const other of others) {
    for (const [name, value] of Object.entries(other.fields)) {
      if (!writable.has(name) || special.has(name)) continue;
      if (isBlank(merged[name]) && !isBlank(value)) merged[name] = value;
    }
  }
  for (const field of metricFields) {
    const values = members
      .map((m) => numberOf(m.fields[field]))
      .filter((v): v is number => v !== undefined);
    if (values.length === 0) continue;
    merged[field] =
      policy.metrics === "sum" ? values.reduce((a, b) => a + b, 0) : Math.max(...values);
  }
  const progress = mergeProgressLogs(members.map((m) => m.fields[f.progressLog]));
  if (progress !== undefined) merged[f.progressLog] = progress;
  const notes = unionLines(members.map((m) => m.fields[f.systemNotes]));
  const line = `run-records: merged duplicate records ${others.map((o) => o.id).join(", ")} into this one`;
  merged[f.systemNotes] = appendLine(notes, line);
  return merged;
};
