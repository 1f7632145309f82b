import { err, ok } from "neverthrow";
import type { ClientRunRecord, JobRecord, OperationState } from "../store/records.js";
import {
  callStore,
  getClientRunRecord,
  getJobRecord,
  type Out,
  type ServiceContext,
  updateClientRun,
  updateJob,
} from "./context.js";
import { validateEndStatus } from "./end-status.js";
import { resolveBaseRunId, resolveClientRunKey } from "./resolve-ids.js";
import { rollUpClientRuns, rollUpOperations } from "./roll-up.js";
import { rollUpJob } from "./roll-up-records.js";
import { runTerminal } from "./service-error.js";
import { changeToken } from "./tokens.js";
import { validateNotes, validateOptions } from "./validate.js";

/** What `completeClientRun` and `completeJob` accept. */
export interface CompleteInput {
  /** The end status; derived from what has ended (operations, or client runs) when absent. */
  readonly status?: "completed" | "completed_with_errors" | "failed" | "no_work";
  readonly notes?: string | readonly string[];
}

/** Ends a running client run explicitly, then rolls its job up; repeating it with the same status is a no-op. */
export const completeClientRun = async (
  ctx: ServiceContext,
  runId: unknown,
  clientId: unknown,
  input: unknown,
): Out<ClientRunRecord> => {
  const key = resolveClientRunKey(runId, clientId);
  if (key.isErr()) return err(key.error);
  const options = validateOptions("completeClientRun input", input);
  if (options.isErr()) return err(options.error);
  const explicit = validateEndStatus(options.value.status);
  if (explicit.isErr()) return err(explicit.error);
  const notes = validateNotes(options.value.notes);
  if (notes.isErr()) return err(notes.error);
  const { baseRunId, clientId: client } = key.value;
  let status = explicit.value;
  if (status === undefined) {
    const current = await getClientRunRecord(ctx, baseRunId, client, runId);
    if (current.isErr()) return err(current.error);
    status = rollUpOperations(endedOnly(current.value.operations)) ?? "completed";
  }
  const at = ctx.now();
  const change = {
    token: changeToken(ctx.mintToken, undefined),
    at,
    ifStatus: ["running"] as const,
    status,
    endedAt: at,
    ...(notes.value.length === 0 ? {} : { notes: notes.value }),
  };
  const written = await updateClientRun(ctx, baseRunId, client, change, runId);
  if (written.isErr()) {
    if (written.error.type !== "run-terminal") return err(written.error);
    const reread = await getClientRunRecord(ctx, baseRunId, client, runId);
    if (reread.isErr()) return err(reread.error);
    if (reread.value.status !== status) {
      return err(runTerminal(runId, `client run ${reread.value.runId}`, reread.value.status));
    }
    return ok(reread.value);
  }
  const job = await rollUpJob(ctx, baseRunId, runId, written.value.record);
  return job.isErr() ? err(job.error) : ok(written.value.record);
};

/** Ends a running job explicitly (it need not be sealed); repeating it with the same status is a no-op. */
export const completeJob = async (
  ctx: ServiceContext,
  runId: unknown,
  input: unknown,
): Out<JobRecord> => {
  const base = resolveBaseRunId(runId);
  if (base.isErr()) return err(base.error);
  const options = validateOptions("completeJob input", input);
  if (options.isErr()) return err(options.error);
  const explicit = validateEndStatus(options.value.status);
  if (explicit.isErr()) return err(explicit.error);
  const notes = validateNotes(options.value.notes);
  if (notes.isErr()) return err(notes.error);
  let status = explicit.value;
  if (status === undefined) {
    const runs = await callStore(ctx, runId, false, () => ctx.store.listClientRuns(base.value));
    if (runs.isErr()) return err(runs.error);
    const ended = runs.value.map((run) => run.status).filter((s) => s !== "running");
    status = rollUpClientRuns(ended) ?? "completed";
  }
  const at = ctx.now();
  const change = {
    token: changeToken(ctx.mintToken, undefined),
    at,
    ifStatus: ["running"] as const,
    status,
    endedAt: at,
    ...(notes.value.length === 0 ? {} : { notes: notes.value }),
  };
  const written = await updateJob(ctx, base.value, change, runId);
  if (written.isOk()) return ok(written.value.record);
  if (written.error.type !== "run-terminal") return err(written.error);
  const reread = await getJobRecord(ctx, base.value, runId);
  if (reread.isErr()) return err(reread.error);
  return reread.value.status === status
    ? ok(reread.value)
    : err(runTerminal(runId, `job ${base.value}`, reread.value.status));
};

const endedOnly = (operations: Readonly<Record<string, OperationState>>) =>
  Object.fromEntries(
    Object.entries(operations).filter(([, s]) => s.status !== "running" && s.status !== "declared"),
  );
