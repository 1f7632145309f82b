import type { OperationState, RunStatus } from "../store/records.js";

/** The statuses a client run or job can end with. */
export type EndStatus = Exclude<RunStatus, "running">;

/**
 * The final status of a client run from its operations, or `undefined` while any declared or
 * started operation has not ended (or none exists yet).
 * @returns all completed (some skipped allowed) → `completed`; all skipped → `no_work`;
 * all failed → `failed`; some failed → `completed_with_errors`
 */
export const rollUpOperations = (
  operations: Readonly<Record<string, OperationState>>,
): EndStatus | undefined => {
  const states = Object.values(operations);
  if (states.length === 0) return undefined;
  let completed = 0;
  let failed = 0;
  let skipped = 0;
  for (const state of states) {
    if (state.status === "completed") completed++;
    else if (state.status === "failed") failed++;
    else if (state.status === "skipped") skipped++;
    else return undefined;
  }
  return combine(states.length, completed, failed, skipped);
};

/**
 * The final status of a job from its client runs' statuses, or `undefined` while any is running.
 * A stale client run counts as failed; `completed_with_errors` counts as a partial failure.
 * @returns the same rule as for operations, one level up; no client runs at all → `no_work`
 */
export const rollUpClientRuns = (statuses: readonly RunStatus[]): EndStatus | undefined => {
  if (statuses.length === 0) return "no_work";
  let completed = 0;
  let failed = 0;
  let skipped = 0;
  let partial = 0;
  for (const status of statuses) {
    if (status === "running") return undefined;
    if (status === "completed") completed++;
    else if (status === "no_work") skipped++;
    else if (status === "completed_with_errors") partial++;
    else failed++;
  }
  if (partial > 0) return "completed_with_errors";
  return combine(statuses.length, completed, failed, skipped);
};

const combine = (total: number, completed: number, failed: number, skipped: number): EndStatus => {
  if (failed === total) return "failed";
  if (failed > 0) return "completed_with_errors";
  if (skipped === total) return "no_work";
  return completed > 0 ? "completed" : "no_work";
};
