import type { AirtableMapping } from "../../airtable/mapping.js";
import type { ResolvedAuditOptions } from "./audit-options.js";
import { type ExportRow, isBlank } from "./export-rows.js";
import type { Finding } from "./findings.js";

/** What a mapped field must hold to be read. */
type Expected = "text" | "date" | "number";

// Built once per mapping, not once per record.
const cache = new WeakMap<AirtableMapping, Map<string, Expected>>();

const expectedOf = (mapping: AirtableMapping): Map<string, Expected> => {
  const cached = cache.get(mapping);
  if (cached !== undefined) return cached;
  const f = mapping.fields;
  const kinds = new Map<string, Expected>();
  for (const name of [
    f.runId,
    f.status,
    f.clientId,
    f.clientName,
    f.systemNotes,
    f.progressLog,
    f.errorDetails,
    f.apifyRunId,
    f.tags,
  ]) {
    kinds.set(name, "text");
  }
  kinds.set(f.startTime, "date");
  kinds.set(f.endTime, "date");
  kinds.set(f.stream, "number");
  for (const metric of Object.values(mapping.metrics)) kinds.set(metric, "number");
  cache.set(mapping, kinds);
  return kinds;
};

const describe = (value: unknown): string =>
  Array.isArray(value)
    ? "an array"
    : value === null
      ? "null"
      : typeof value === "object"
        ? "an object"
        : typeof value === "string"
          ? "text"
          : `a ${typeof value}`;

const readable = (value: unknown, expected: Expected): boolean => {
  if (expected === "text") return typeof value === "string" || typeof value === "number";
  if (expected === "number") {
    return (
      (typeof value === "number" && Number.isFinite(value)) ||
      (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)))
    );
  }
  return typeof value === "string" && !Number.isNaN(Date.parse(value));
};

/** The mapped fields of a record whose value cannot be read as the field's type. */
export const unreadableFields = (row: ExportRow, mapping: AirtableMapping): string[] => {
  const kinds = expectedOf(mapping);
  const names: string[] = [];
  for (const name in row.fields) {
    const expected = kinds.get(name);
    const value = row.fields[name];
    if (expected !== undefined && !isBlank(value) && !readable(value, expected)) names.push(name);
  }
  return names;
};

/**
 * Findings for fields of the wrong type (a lookup array as Run ID, an object as Status, a Start
 * Time that is not a date, a metric that is not a number, a createdTime that is not a date):
 * reported with the record ID; a repair never writes over them.
 */
export const wrongTypes = (
  row: ExportRow,
  table: string,
  options: ResolvedAuditOptions,
): Finding[] => {
  const kinds = expectedOf(options.mapping);
  const findings: Finding[] = unreadableFields(row, options.mapping).map((name) => {
    const value = row.fields[name];
    const expected = kinds.get(name) as Expected;
    return {
      kind: "wrong-type",
      table,
      recordIds: [row.id],
      value: JSON.stringify(value).slice(0, 200),
      message: `field '${name}' holds ${describe(value)}, not ${expected === "date" ? "a date" : expected === "number" ? "a number" : "text"}; the repair never writes over it - fix it by hand`,
      fixable: false,
    };
  });
  if (row.createdTime !== undefined && Number.isNaN(Date.parse(row.createdTime))) {
    findings.push({
      kind: "wrong-type",
      table,
      recordIds: [row.id],
      value: row.createdTime,
      message: "createdTime is not a date; the record is treated as created last",
      fixable: false,
    });
  }
  return findings;
};
