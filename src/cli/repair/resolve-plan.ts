import type { AirtableMapping } from "../../airtable/mapping.js";
import type { ExportRow } from "../audit/export-rows.js";
import { textOf } from "../audit/export-rows.js";
import type { PlanAction, PlanFields } from "./plan-types.js";
import { sameValue } from "./plan-values.js";

/** What applying one action would do now: write it, nothing (already done), or refuse (conflict). */
export interface ResolvedAction {
  readonly action: PlanAction;
  readonly state: "apply" | "done" | "conflict";
  /** Why, for conflicts. */
  readonly reason?: string;
}

/** Table name → current records, as read just before applying. */
export type CurrentTables = ReadonlyMap<string, readonly ExportRow[]>;

const differing = (fields: PlanFields, row: ExportRow): string[] =>
  Object.entries(fields)
    .filter(([name, value]) => !sameValue(row.fields[name], value))
    .map(([name]) => name);

const show = (value: unknown): string => JSON.stringify(value ?? null).slice(0, 80);

// Names the first changed field with what the plan expected and what is there now.
const changedSince = (fields: PlanFields, row: ExportRow, changed: readonly string[]): string => {
  const [first] = changed;
  const name = first as string;
  const more = changed.length > 1 ? ` (and ${changed.length - 1} more)` : "";
  return `field '${name}' changed since the plan: it holds ${show(row.fields[name])}, the plan expected ${show(fields[name])}${more}`;
};

/**
 * Decides, against the tables as they are now, what each plan action would do. An action whose
 * result is already there is `done` (so applying a plan twice changes nothing the second time);
 * one whose record changed since the plan is a `conflict` and is left alone.
 */
export const resolvePlan = (
  actions: readonly PlanAction[],
  current: CurrentTables,
  mapping: AirtableMapping,
): ResolvedAction[] => {
  const byId = new Map<string, ExportRow>();
  for (const [table, rows] of current)
    for (const row of rows) byId.set(`${table}\u0000${row.id}`, row);
  const find = (table: string, id: string): ExportRow | undefined =>
    byId.get(`${table}\u0000${id}`);
  const blockedSurvivors = new Set<string>();
  const resolved = actions.map((action): ResolvedAction => {
    if (action.type === "create") {
      const rows = current.get(action.table) ?? [];
      const exists = rows.some(
        (r) => textOf(r.fields[mapping.fields.runId])?.trim() === action.runId,
      );
      return { action, state: exists ? "done" : "apply" };
    }
    const row = find(action.table, action.recordId);
    if (action.type === "delete") {
      if (row === undefined) return { action, state: "done" };
      const changed = differing(action.before, row);
      return changed.length === 0
        ? { action, state: "apply" }
        : { action, state: "conflict", reason: changedSince(action.before, row, changed) };
    }
    if (row === undefined) {
      blockedSurvivors.add(action.recordId);
      return { action, state: "conflict", reason: "the record no longer exists" };
    }
    if (differing(action.after, row).length === 0) return { action, state: "done" };
    const changed = differing(action.before, row);
    if (changed.length === 0) return { action, state: "apply" };
    blockedSurvivors.add(action.recordId);
    return { action, state: "conflict", reason: changedSince(action.before, row, changed) };
  });
  // Never delete a duplicate whose data could not be merged into its survivor.
  return resolved.map((r) =>
    r.action.type === "delete" && r.state === "apply" && blockedSurvivors.has(r.action.mergedInto)
      ? { ...r, state: "conflict", reason: `survivor ${r.action.mergedInto} was not merged` }
      : r,
  );
};
