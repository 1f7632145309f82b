import { err } from "neverthrow";
import type { ClientRunRecord, JobRecord } from "../store/records.js";
import type { Out, ServiceContext } from "./context.js";
import { ENDED_STATUSES } from "./end-status.js";
import { isoTime } from "./iso-time.js";
import { resolveBaseRunId, resolveClientRunKey } from "./resolve-ids.js";
import { changeToken } from "./tokens.js";
import { validateNotes, validateOptions } from "./validate.js";
import { updateClientRunOrReread, updateJobOrReread } from "./write-or-reread.js";

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
  // The precondition failing means the job is running already: nothing to reopen.
  const settled = await updateJobOrReread(ctx, base.value, change, runId);
  return settled.map(({ record }) => record);
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
  const settled = await updateClientRunOrReread(ctx, baseRunId, client, change, runId);
  return settled.map(({ record }) => record);
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
    validateNotes(options.notes).map((notes) => [`reopened at ${isoTime(ctx.now())}`, ...notes]),
  );
