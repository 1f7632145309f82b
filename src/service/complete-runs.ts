import { err, ok, type Result } from "neverthrow";
import type { ClientRunRecord, JobRecord, OperationState, RunStatus } from "../store/records.js";
import { callStore, getClientRunRecord, type Out, type ServiceContext } from "./context.js";
import { validateEndStatus } from "./end-status.js";
import { resolveBaseRunId, resolveClientRunKey } from "./resolve-ids.js";
import { type EndStatus, rollUpClientRuns, rollUpOperations } from "./roll-up.js";
import { rollUpJob } from "./roll-up-records.js";
import { endChange } from "./running-change.js";
import { runTerminal, type ServiceError } from "./service-error.js";
import { validateNotes, validateOptions } from "./validate.js";
import { updateClientRunOrReread, updateJobOrReread } from "./write-or-reread.js";

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
  const checked = validateCompleteInput("completeClientRun input", input);
  if (checked.isErr()) return err(checked.error);
  const { baseRunId, clientId: client } = key.value;
  let status = checked.value.status;
  if (status === undefined) {
    const current = await getClientRunRecord(ctx, baseRunId, client, runId);
    if (current.isErr()) return err(current.error);
    status = rollUpOperations(endedOnly(current.value.operations)) ?? "completed";
  }
  const change = endChange(ctx, status, checked.value.notes);
  const settled = await updateClientRunOrReread(ctx, baseRunId, client, change, runId);
  if (settled.isErr()) return err(settled.error);
  const { record, wrote } = settled.value;
  if (!wrote) return endedAs(record, status, runId, `client run ${record.runId}`);
  const job = await rollUpJob(ctx, baseRunId, runId, record);
  return job.isErr() ? err(job.error) : ok(record);
};

/** Ends a running job explicitly (it need not be sealed); repeating it with the same status is a no-op. */
export const completeJob = async (
  ctx: ServiceContext,
  runId: unknown,
  input: unknown,
): Out<JobRecord> => {
  const base = resolveBaseRunId(runId);
  if (base.isErr()) return err(base.error);
  const checked = validateCompleteInput("completeJob input", input);
  if (checked.isErr()) return err(checked.error);
  let status = checked.value.status;
  if (status === undefined) {
    const runs = await callStore(ctx, runId, false, () => ctx.store.listClientRuns(base.value));
    if (runs.isErr()) return err(runs.error);
    const ended = runs.value.map((run) => run.status).filter((s) => s !== "running");
    status = rollUpClientRuns(ended) ?? "completed";
  }
  const change = endChange(ctx, status, checked.value.notes);
  const settled = await updateJobOrReread(ctx, base.value, change, runId);
  if (settled.isErr()) return err(settled.error);
  const { record, wrote } = settled.value;
  return wrote ? ok(record) : endedAs(record, status, runId, `job ${base.value}`);
};

const validateCompleteInput = (label: string, input: unknown) =>
  validateOptions(label, input).andThen((options) =>
    validateEndStatus(options.status).andThen((status) =>
      validateNotes(options.notes).map((notes) => ({ status, notes })),
    ),
  );

// Another writer ended it first: that is this call's outcome too if it chose the same status.
const endedAs = <R extends { readonly status: RunStatus }>(
  record: R,
  status: EndStatus,
  input: unknown,
  what: string,
): Result<R, ServiceError> =>
  record.status === status ? ok(record) : err(runTerminal(input, what, record.status));

const endedOnly = (operations: Readonly<Record<string, OperationState>>) =>
  Object.fromEntries(
    Object.entries(operations).filter(([, s]) => s.status !== "running" && s.status !== "declared"),
  );
