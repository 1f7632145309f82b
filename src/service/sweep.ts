import { err, ok } from "neverthrow";
import type { BaseRunId } from "../run-id/brand.js";
import type { ClientRunRecord, JobRecord } from "../store/records.js";
import { callStore, type Out, type ServiceContext, updateClientRun, updateJob } from "./context.js";
import { isoTime } from "./iso-time.js";
import { invalidArgument } from "./service-error.js";
import { changeToken } from "./tokens.js";
import { validateOptions } from "./validate.js";

/** What `sweepStaleRuns` accepts. */
export interface SweepInput {
  /** Inactivity after which a running record is stale. @default the service's `staleAfterMs` */
  readonly olderThanMs?: number;
}

/** What `sweepStaleRuns` marked stale (records as they stand afterwards). */
export interface SweepResult {
  readonly jobs: readonly JobRecord[];
  readonly clientRuns: readonly ClientRunRecord[];
}

/**
 * Marks every running job and client run with no activity for `olderThanMs` as `stale`, with a
 * note. A job counts as active while any of its client runs is. Each mark is conditional on
 * `running`, so a record that ended meanwhile is left alone.
 * @returns what was marked
 */
export const sweepStaleRuns = async (ctx: ServiceContext, input: unknown): Out<SweepResult> => {
  const options = validateOptions("sweepStaleRuns input", input);
  if (options.isErr()) return err(options.error);
  const given = options.value.olderThanMs;
  const olderThanMs = given === undefined ? ctx.staleAfterMs : given;
  if (typeof olderThanMs !== "number" || !Number.isFinite(olderThanMs) || olderThanMs < 0) {
    return err(invalidArgument("olderThanMs", olderThanMs, "not a finite number ≥ 0"));
  }
  const now = ctx.now();
  const cutoff = now - olderThanMs;
  const running = await callStore(ctx, input, false, () => ctx.store.listRunning());
  if (running.isErr()) return err(running.error);

  const clientRuns: ClientRunRecord[] = [];
  const latestByJob = new Map<BaseRunId, number>();
  for (const run of running.value.clientRuns) {
    const last = activityOf(run);
    latestByJob.set(run.baseRunId, Math.max(latestByJob.get(run.baseRunId) ?? last, last));
    if (last > cutoff) continue;
    const marked = await updateClientRun(
      ctx,
      run.baseRunId,
      run.clientId,
      staleChange(ctx, now, last, olderThanMs),
      input,
    );
    if (marked.isOk()) clientRuns.push(marked.value.record);
    else if (marked.error.type !== "run-terminal" && marked.error.type !== "not-found")
      return err(marked.error);
  }

  const jobs: JobRecord[] = [];
  for (const job of running.value.jobs) {
    let last = Math.max(activityOf(job), latestByJob.get(job.runId) ?? Number.NEGATIVE_INFINITY);
    if (last > cutoff) continue;
    // Client runs that ended recently count as the job's activity; stale ones (marked by this or
    // an earlier sweep, which stamps them with the sweep's time) are inactivity, not activity.
    const all = await callStore(ctx, input, false, () => ctx.store.listClientRuns(job.runId));
    if (all.isErr()) return err(all.error);
    for (const run of all.value) if (run.status !== "stale") last = Math.max(last, activityOf(run));
    if (last > cutoff) continue;
    const marked = await updateJob(ctx, job.runId, staleChange(ctx, now, last, olderThanMs), input);
    if (marked.isOk()) jobs.push(marked.value.record);
    else if (marked.error.type !== "run-terminal" && marked.error.type !== "not-found")
      return err(marked.error);
  }
  return ok({ jobs, clientRuns });
};

// A record that was never written after its creation falls back to its start time.
const activityOf = (record: { readonly lastActivityAt?: number; readonly startedAt: number }) =>
  record.lastActivityAt ?? record.startedAt;

const staleChange = (ctx: ServiceContext, now: number, last: number, olderThanMs: number) => ({
  token: changeToken(ctx.mintToken, undefined),
  at: now,
  ifStatus: ["running"] as const,
  status: "stale" as const,
  endedAt: now,
  notes: [
    `marked stale at ${isoTime(now)}: no activity since ${isoTime(last)} (threshold ${olderThanMs} ms)`,
  ],
});
