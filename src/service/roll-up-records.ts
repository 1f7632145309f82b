import { err, ok } from "neverthrow";
import type { BaseRunId } from "../run-id/brand.js";
import type { ClientRunRecord, JobRecord } from "../store/records.js";
import { callStore, getJobRecord, type Out, type ServiceContext } from "./context.js";
import { rollUpClientRuns, rollUpOperations } from "./roll-up.js";
import { endChange } from "./running-change.js";
import { updateClientRunOrReread, updateJobOrReread } from "./write-or-reread.js";

/**
 * Ends a running client run whose operations have all ended, decided from `run` (the post-state
 * an atomic update returned), then rolls the job up. The status write is conditional on
 * `running`, so concurrent finishers end it once; the loser re-reads the winner's record.
 * @returns the client run as it stands afterwards
 */
export const rollUpClientRun = async (
  ctx: ServiceContext,
  run: ClientRunRecord,
  input: unknown,
): Out<ClientRunRecord> => {
  let current = run;
  const status = current.status === "running" ? rollUpOperations(current.operations) : undefined;
  if (status !== undefined) {
    const change = endChange(ctx, status);
    // A store that forgets ended runs drops the record as soon as a concurrent finisher ends it;
    // that finisher also rolls the job up, and `current` (still running) is returned as it was.
    const ended = await updateClientRunOrReread(
      ctx,
      run.baseRunId,
      run.clientId,
      change,
      input,
      current,
    );
    if (ended.isErr()) return err(ended.error);
    current = ended.value.record;
  }
  if (current.status === "running") return ok(current);
  const job = await rollUpJob(ctx, current.baseRunId, input, current);
  // A job that is gone was ended (and forgotten) by whoever finished last; nothing is left to do.
  return job.isErr() && job.error.type !== "not-found" ? err(job.error) : ok(current);
};

/**
 * Ends a sealed, running job once all its client runs have ended (same rule one level up);
 * conditional on `running`, so it happens once however many client runs finish together.
 * @param justEnded the client run whose ending triggered this, counted as it stands
 * @returns the job as it stands afterwards
 */
export const rollUpJob = async (
  ctx: ServiceContext,
  runId: BaseRunId,
  input: unknown,
  justEnded?: ClientRunRecord,
): Out<JobRecord> => {
  const job = await getJobRecord(ctx, runId, input);
  if (job.isErr() || !job.value.sealed || job.value.status !== "running") return job;
  const runs = await callStore(ctx, input, false, () => ctx.store.listClientRuns(runId));
  if (runs.isErr()) return err(runs.error);
  // The post-state of the client run that just ended is authoritative even if a list lags behind it.
  const statuses = runs.value
    .filter((run) => run.clientId !== justEnded?.clientId)
    .map((run) => run.status);
  if (justEnded !== undefined) statuses.push(justEnded.status);
  const status = rollUpClientRuns(statuses);
  if (status === undefined) return job;
  // A job that is gone was ended and forgotten by a concurrent finisher: it is returned as read.
  const ended = await updateJobOrReread(ctx, runId, endChange(ctx, status), input, job.value);
  return ended.map(({ record }) => record);
};
