import { err, ok } from "neverthrow";
import type { ClientRunRecord, JobRecord } from "../store/records.js";
import {
  getClientRunRecord,
  getJobRecord,
  type Out,
  type ServiceContext,
  updateClientRun,
  updateJob,
} from "./context.js";
import { ENDED_STATUSES } from "./end-status.js";
import { resolveBaseRunId, resolveClientRunKey } from "./resolve-ids.js";
import { changeToken } from "./tokens.js";
import { validateNotes, validateOptions } from "./validate.js";

/** What `reopenJob` and `reopenClientRun` accept. */
export interface ReopenInput {
  /** Why it was reopened, appended to the notes after the reopening line. */
  readonly notes?: string | readonly string[];
}

/** Sets a stale or ended job back to `running` (lifting the fence); a running job is returned unchanged. */
export const reopenJob = async (
  ctx: ServiceContext,
  runId: unknown,
  input: unknown,
): Out<JobRecord> => {
  const base = resolveBaseRunId(runId);
  if (base.isErr()) return err(base.error);
  const notes = reopenNotes(ctx, input);
  if (notes.isErr()) return err(notes.error);
  const change = { ...reopenChange(ctx), notes: notes.value };
  const written = await updateJob(ctx, base.value, change, runId);
  if (written.isOk()) return ok(written.value.record);
  // The precondition failing means the job is running already: nothing to reopen.
  return written.error.type === "run-terminal"
    ? getJobRecord(ctx, base.value, runId)
    : err(written.error);
};

/** Sets a stale or ended client run back to `running`; a running one is returned unchanged. */
export const reopenClientRun = async (
  ctx: ServiceContext,
  runId: unknown,
  clientId: unknown,
  input: unknown,
): Out<ClientRunRecord> => {
  const key = resolveClientRunKey(runId, clientId);
  if (key.isErr()) return err(key.error);
  const notes = reopenNotes(ctx, input);
  if (notes.isErr()) return err(notes.error);
  const { baseRunId, clientId: client } = key.value;
  const change = { ...reopenChange(ctx), notes: notes.value };
  const written = await updateClientRun(ctx, baseRunId, client, change, runId);
  if (written.isOk()) return ok(written.value.record);
  return written.error.type === "run-terminal"
    ? getClientRunRecord(ctx, baseRunId, client, runId)
    : err(written.error);
};

const reopenChange = (ctx: ServiceContext) => ({
  token: changeToken(ctx.mintToken, undefined),
  at: ctx.now(),
  ifStatus: ENDED_STATUSES,
  status: "running" as const,
  endedAt: null,
});

const reopenNotes = (ctx: ServiceContext, input: unknown) =>
  validateOptions("reopen input", input).andThen((options) =>
    validateNotes(options.notes).map((notes) => [
      `reopened at ${new Date(ctx.now()).toISOString()}`,
      ...notes,
    ]),
  );
