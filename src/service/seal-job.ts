import { err, ok } from "neverthrow";
import type { JobRecord } from "../store/records.js";
import { getJobRecord, type Out, type ServiceContext, updateJob } from "./context.js";
import { resolveBaseRunId } from "./resolve-ids.js";
import { rollUpJob } from "./roll-up-records.js";
import { runTerminal } from "./service-error.js";
import { changeToken } from "./tokens.js";

/**
 * Declares that every client run of the job has been started, then rolls the job up at once
 * (it ends now if they have all ended). Sealing again is a no-op, even after the job ended.
 * @returns the job after the roll-up
 */
export const sealJob = async (ctx: ServiceContext, runId: unknown): Out<JobRecord> => {
  const base = resolveBaseRunId(runId);
  if (base.isErr()) return err(base.error);
  const change = {
    token: changeToken(ctx.mintToken, undefined),
    at: ctx.now(),
    ifStatus: ["running"] as const,
    sealed: true,
  };
  const written = await updateJob(ctx, base.value, change, runId);
  if (written.isErr()) {
    if (written.error.type !== "run-terminal") return err(written.error);
    const reread = await getJobRecord(ctx, base.value, runId);
    if (reread.isErr()) return err(reread.error);
    return reread.value.sealed
      ? ok(reread.value)
      : err(runTerminal(runId, `job ${base.value}`, reread.value.status));
  }
  return rollUpJob(ctx, base.value, runId);
};
