import { err, ok } from "neverthrow";
import type { ClientRunRecord, JobRecord, OperationState, RunStatus } from "../store/records.js";
import { callStore, getJobRecord, type Out, type ServiceContext } from "./context.js";
import { resolveBaseRunId } from "./resolve-ids.js";

/** A job with its totals: every metric summed over its client runs. */
export interface Job extends JobRecord {
  readonly metrics: Readonly<Record<string, number>>;
}

/** A job at a glance: the job with totals, and counts of its client runs and operations by status. */
export interface JobSummary {
  readonly job: Job;
  readonly clientRuns: number;
  readonly clientRunsByStatus: Readonly<Partial<Record<RunStatus, number>>>;
  /** Per operation name, how many client runs have it in each state. */
  readonly operations: Readonly<
    Record<string, Readonly<Partial<Record<OperationState["status"], number>>>>
  >;
}

/** The job with its totals (sums over its client runs); `not-found` when absent. */
export const getJob = async (ctx: ServiceContext, runId: unknown): Out<Job> => {
  const summary = await summarizeJob(ctx, runId);
  return summary.isErr() ? err(summary.error) : ok(summary.value.job);
};

/** Summarises a job: totals and status counts over its client runs. */
export const summarizeJob = async (ctx: ServiceContext, runId: unknown): Out<JobSummary> => {
  const base = resolveBaseRunId(runId);
  if (base.isErr()) return err(base.error);
  const job = await getJobRecord(ctx, base.value, runId);
  if (job.isErr()) return err(job.error);
  const runs = await callStore(ctx, runId, false, () => ctx.store.listClientRuns(base.value));
  if (runs.isErr()) return err(runs.error);
  return ok(summarize(job.value, runs.value));
};

/** Sums metrics and counts statuses over the given client runs (pure). */
export const summarize = (job: JobRecord, runs: readonly ClientRunRecord[]): JobSummary => {
  const metrics = new Map<string, number>();
  const byStatus = new Map<RunStatus, number>();
  const operations = new Map<string, Map<OperationState["status"], number>>();
  for (const run of runs) {
    byStatus.set(run.status, (byStatus.get(run.status) ?? 0) + 1);
    for (const [name, value] of Object.entries(run.metrics)) {
      metrics.set(name, (metrics.get(name) ?? 0) + value);
    }
    for (const [name, state] of Object.entries(run.operations)) {
      const counts = operations.get(name) ?? new Map<OperationState["status"], number>();
      counts.set(state.status, (counts.get(state.status) ?? 0) + 1);
      operations.set(name, counts);
    }
  }
  return {
    job: { ...job, metrics: Object.fromEntries(metrics) },
    clientRuns: runs.length,
    clientRunsByStatus: Object.fromEntries(byStatus),
    operations: Object.fromEntries(
      [...operations].map(([name, counts]) => [name, Object.fromEntries(counts)]),
    ),
  };
};
