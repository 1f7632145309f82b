import { err, ok, type Result } from "neverthrow";
import { type AirtableMapping, resolveAirtableMapping } from "../../airtable/mapping.js";
import { parseRunId } from "../../index.js";
import { findingKinds } from "../audit/findings.js";
import type { RepairPlan } from "./plan-types.js";
import { writableFields } from "./writable-fields.js";

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const isHash = (value: unknown): boolean =>
  typeof value === "string" && /^[0-9a-f]{64}$/.test(value);

const isPlanValue = (value: unknown): boolean =>
  value === null ||
  typeof value === "string" ||
  typeof value === "boolean" ||
  (typeof value === "number" && Number.isFinite(value));

/** What a field may hold when a plan writes it. */
type FieldKind = "run-id" | "client-id" | "status" | "time" | "number" | "text";

const kindOf = (mapping: AirtableMapping, name: string): FieldKind => {
  const f = mapping.fields;
  if (name === f.runId) return "run-id";
  if (name === f.clientId) return "client-id";
  if (name === f.status) return "status";
  if (name === f.startTime || name === f.endTime) return "time";
  if (name === f.stream || Object.values(mapping.metrics).includes(name)) return "number";
  return "text";
};

// A canonical run ID (or a legacy one kept as recorded): what the plan itself writes.
const canonicalRunId = (value: string): boolean => {
  const parsed = parseRunId(value);
  if (parsed.isErr()) return false;
  return parsed.value.kind === "legacy" ? parsed.value.raw === value : parsed.value.runId === value;
};

/** Why a value cannot go into a field, or undefined when it can. */
const valueProblem = (
  mapping: AirtableMapping,
  name: string,
  value: unknown,
): string | undefined => {
  if (!isPlanValue(value)) return "is not text, a number, true/false or null";
  const kind = kindOf(mapping, name);
  if (kind === "run-id" || kind === "client-id" || kind === "status") {
    if (typeof value !== "string" || value.trim() === "")
      return "must be non-empty text, never null";
    if (kind === "run-id" && !canonicalRunId(value)) return "is not a canonical run ID";
    // A status may be any text: merging fills a blank one from a duplicate as it was written.
    return undefined;
  }
  if (value === null) return undefined;
  if (kind === "time") {
    return typeof value === "string" && !Number.isNaN(Date.parse(value))
      ? undefined
      : "is not a date-time";
  }
  if (kind === "number") {
    // CSV exports hold numbers as text, and a fill from another duplicate keeps that text.
    const ok =
      typeof value === "number" ||
      (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)));
    return ok ? undefined : "is not a number";
  }
  return typeof value === "string" ? undefined : "is not text";
};

const fieldsProblem = (
  fields: unknown,
  mapping: AirtableMapping,
  writable: ReadonlySet<string>,
  checkTypes: boolean,
): string | undefined => {
  if (!isObject(fields)) return "is not an object of fields";
  for (const [name, value] of Object.entries(fields)) {
    if (!writable.has(name)) {
      return `names field '${name}', which is not a mapped writable field (computed fields such as Duration are never written)`;
    }
    const problem = checkTypes
      ? valueProblem(mapping, name, value)
      : isPlanValue(value)
        ? undefined
        : "is not text, a number, true/false or null";
    if (problem !== undefined) return `field '${name}' ${JSON.stringify(value)} ${problem}`;
  }
  return undefined;
};

const reasonsProblem = (reasons: unknown): string | undefined =>
  Array.isArray(reasons) &&
  reasons.length > 0 &&
  reasons.every((r) => (findingKinds as readonly unknown[]).includes(r))
    ? undefined
    : "needs reasons: a non-empty list of finding kinds";

const str = (value: unknown): value is string => typeof value === "string" && value !== "";

const mappingProblem = (mapping: unknown): string | undefined => {
  if (!isObject(mapping)) return "has no mapping";
  const resolved = resolveAirtableMapping(mapping as never);
  return JSON.stringify(resolved) === JSON.stringify(mapping)
    ? undefined
    : "has a mapping that is not a complete table/field/status mapping";
};

const sourceProblem = (source: unknown): string | undefined => {
  if (!isObject(source)) return "has no source";
  if (source.kind === "file") {
    return Array.isArray(source.paths) && source.paths.length > 0 && source.paths.every(str)
      ? undefined
      : "has a file source without paths";
  }
  if (source.kind === "airtable") {
    return str(source.baseId) && str(source.apiKeyEnv)
      ? undefined
      : "has an Airtable source without baseId/apiKeyEnv";
  }
  return "has a source that is neither file nor airtable";
};

const fingerprintProblem = (fp: unknown): string | undefined => {
  if (!isObject(fp) || !isHash(fp.mapping) || !isObject(fp.tables)) {
    return "has no fingerprint of what it was made from (made by an older version?)";
  }
  const tablesOk = (t: unknown): boolean =>
    isObject(t) &&
    Object.values(t).every(
      (v) => isObject(v) && Number.isSafeInteger(v.records) && isHash(v.sha256),
    );
  if (!tablesOk(fp.tables) || (fp.result !== undefined && !tablesOk(fp.result))) {
    return "has a malformed table fingerprint";
  }
  if (
    fp.files !== undefined &&
    !(
      Array.isArray(fp.files) &&
      fp.files.every(
        (f) => isObject(f) && str(f.path) && Number.isSafeInteger(f.bytes) && isHash(f.sha256),
      )
    )
  ) {
    return "has a malformed file fingerprint";
  }
  return undefined;
};

/**
 * Checks a plan read from disk in full, before anything is written: version, mapping, source,
 * fingerprint, duplicate groups and every action (known tables; mapped, writable fields only;
 * values of each field's type; no null over Run ID, Client ID or Status; deletes only of members
 * of the plan's own duplicate groups; one action per record; every required property).
 * @returns the plan, or the first problem found (`actions[3] (update recX): …`)
 */
export const validatePlan = (plan: unknown): Result<RepairPlan, string> => {
  if (!isObject(plan)) return err("is not a JSON object");
  if (plan.version !== 2) return err("is not a version 2 repair plan");
  if (typeof plan.createdAt !== "string" || Number.isNaN(Date.parse(plan.createdAt))) {
    return err("has no createdAt date");
  }
  for (const problem of [
    mappingProblem(plan.mapping),
    sourceProblem(plan.source),
    fingerprintProblem(plan.fingerprint),
  ]) {
    if (problem !== undefined) return err(problem);
  }
  if (!isObject(plan.policy) || !Number.isFinite(plan.staleAfterMs)) {
    return err("has no merge policy or staleAfterMs");
  }
  if (
    !Array.isArray(plan.actions) ||
    !Array.isArray(plan.groups) ||
    !Array.isArray(plan.unresolved)
  ) {
    return err("needs actions, groups and unresolved lists");
  }
  const mapping = plan.mapping as unknown as AirtableMapping;
  const tables = [mapping.tables.jobs, mapping.tables.clientRuns];
  const writable = writableFields(mapping);
  const members = new Map<string, string>();
  for (const [index, group] of plan.groups.entries()) {
    if (
      !isObject(group) ||
      !tables.includes(group.table as string) ||
      !str(group.survivor) ||
      !Array.isArray(group.members) ||
      group.members.length < 2 ||
      !group.members.every(str) ||
      !group.members.includes(group.survivor)
    ) {
      return err(
        `groups[${index}] needs a known table, a survivor and at least two members including it`,
      );
    }
    for (const member of group.members as string[]) {
      if (member !== group.survivor) members.set(`${group.table}\u0000${member}`, group.survivor);
    }
  }
  const seen = new Set<string>();
  for (const [index, action] of plan.actions.entries()) {
    const where = `actions[${index}]`;
    if (!isObject(action)) return err(`${where} is not an object`);
    const label = `${where} (${String(action.type)} ${String(action.recordId ?? action.runId ?? "")})`;
    if (!tables.includes(action.table as string)) {
      return err(
        `${label} names table '${String(action.table)}'; only ${tables.join(" and ")} are repaired`,
      );
    }
    const reasons = reasonsProblem(action.reasons);
    if (reasons !== undefined) return err(`${label} ${reasons}`);
    if (action.type === "update") {
      if (!str(action.recordId)) return err(`${where} (update) needs a recordId`);
      const before = fieldsProblem(action.before, mapping, writable, false);
      if (before !== undefined) return err(`${label}: before ${before}`);
      const after = fieldsProblem(action.after, mapping, writable, true);
      if (after !== undefined) return err(`${label}: after ${after}`);
      const a = Object.keys(action.after as Json).sort();
      if (
        a.length === 0 ||
        JSON.stringify(a) !== JSON.stringify(Object.keys(action.before as Json).sort())
      ) {
        return err(`${label}: before and after must name the same fields`);
      }
    } else if (action.type === "create") {
      if (action.table !== mapping.tables.jobs || !str(action.runId)) {
        return err(`${label}: a create makes a ${mapping.tables.jobs} record and needs its runId`);
      }
      const fields = fieldsProblem(action.fields, mapping, writable, true);
      if (fields !== undefined) return err(`${label}: fields ${fields}`);
      const f = action.fields as Json;
      if (f[mapping.fields.runId] !== action.runId || !str(f[mapping.fields.status])) {
        return err(`${label}: fields must hold the Run ID ${action.runId} and a Status`);
      }
    } else if (action.type === "delete") {
      if (!str(action.recordId) || !str(action.mergedInto)) {
        return err(`${where} (delete) needs recordId and mergedInto`);
      }
      if (members.get(`${action.table}\u0000${action.recordId}`) !== action.mergedInto) {
        return err(
          `${label}: deletes only a duplicate the plan's groups merge into ${action.mergedInto}`,
        );
      }
      const before = fieldsProblem(
        action.before,
        mapping,
        new Set(Object.keys((action.before as Json) ?? {})),
        false,
      );
      if (before !== undefined) return err(`${label}: before ${before}`);
    } else {
      return err(`${where} has an unknown type (update, create or delete)`);
    }
    const key = `${action.table}\u0000${String(action.recordId ?? `create:${action.runId}`)}`;
    if (seen.has(key)) return err(`${label} is a second action on the same record`);
    seen.add(key);
  }
  return ok(plan as unknown as RepairPlan);
};
