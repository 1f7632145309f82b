import type { ResolvedAuditOptions } from "../audit/audit-options.js";
import { canonicalStatus, startedAt } from "../audit/detect-status.js";
import { textOf } from "../audit/export-rows.js";
import type { PlanFields } from "./plan-types.js";

/** A client run of a missing job, after its own fixes. */
export interface OrphanRun {
  readonly id: string;
  readonly fields: Readonly<Record<string, unknown>>;
  readonly createdTime?: string;
}

/** The marker line in System Notes of a job the repair created. */
export const CREATED_JOB_NOTE = "run-records: created for client runs whose job was missing";

/**
 * The Job Tracking fields of a job re-created from its client runs: Run ID, a status rolled up from
 * theirs (Running if any runs, Completed if all completed, else Completed with Errors), the
 * earliest start, and a note naming the client runs.
 */
export const orphanJobFields = (
  base: string,
  runs: readonly OrphanRun[],
  options: ResolvedAuditOptions,
): PlanFields => {
  const { fields: f, statuses } = options.mapping;
  const states = runs.map((r) => {
    const status = textOf(r.fields[f.status]);
    return status === undefined ? undefined : canonicalStatus(status, options);
  });
  const status = states.includes(statuses.running)
    ? statuses.running
    : states.every((s) => s === statuses.completed)
      ? statuses.completed
      : statuses.completed_with_errors;
  const starts = runs
    .map((r) => startedAt(r.fields, r.createdTime, options))
    .filter((ms): ms is number => ms !== undefined);
  const fields: Record<string, string> = {
    [f.runId]: base,
    [f.status]: status,
    [f.systemNotes]: `${CREATED_JOB_NOTE} (${runs.map((r) => r.id).join(", ")})`,
  };
  if (starts.length > 0) fields[f.startTime] = new Date(Math.min(...starts)).toISOString();
  return fields;
};
