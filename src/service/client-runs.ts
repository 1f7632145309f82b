import { err, ok, type Result } from "neverthrow";
import type { ClientRunRecord, OperationState } from "../store/records.js";
import type { Tags } from "../store/tags.js";
import {
  callStore,
  clientRunKey,
  getClientRunRecord,
  getJobRecord,
  type Out,
  type ServiceContext,
} from "./context.js";
import { createOnce } from "./create-once.js";
import { type ClientRunKey, resolveBaseRunId, resolveClientRunKey } from "./resolve-ids.js";
import { conflict, invalidArgument, runTerminal, type ServiceError } from "./service-error.js";
import { initialTags } from "./set-tags.js";
import { validateName, validateOptions, validateText } from "./validate.js";

/** What `startClientRun` accepts. */
export interface StartClientRunInput {
  /** The job's base run ID, or this client's run ID. */
  readonly runId: string;
  readonly clientId: string;
  readonly clientName?: string;
  /** Operations this client run will perform; more may be started later while it runs. */
  readonly operations?: readonly string[];
  /**
   * Initial tags (see `setTags` for the limits). They apply only when this call creates the client run and are
   * not part of the "same payload" comparison (tags change after creation); change them with `setTags`.
   */
  readonly tags?: Tags;
}

/** What `startClientRun` returns: the one stored client run and whether this call created it. */
export interface StartClientRunResult {
  readonly run: ClientRunRecord;
  readonly created: boolean;
}

/** Creates the client run of (job, client) unless it exists; the job must exist and, for a new client run, be running. */
export const startClientRun = async (
  ctx: ServiceContext,
  input: unknown,
): Out<StartClientRunResult> => {
  const options = validateOptions("startClientRun input", input);
  if (options.isErr()) return err(options.error);
  const key = resolveClientRunKey(options.value.runId, options.value.clientId);
  if (key.isErr()) return err(key.error);
  const clientName = options.value.clientName;
  if (clientName !== undefined) {
    const checked = validateText("clientName", clientName, 200);
    if (checked.isErr()) return err(checked.error);
  }
  const operations = validateOperationList(options.value.operations);
  if (operations.isErr()) return err(operations.error);
  const tags = initialTags(options.value.tags);
  if (tags.isErr()) return err(tags.error);
  const wanted = { clientName: clientName as string | undefined, operations: operations.value };

  const { baseRunId, clientId } = key.value;
  const job = await getJobRecord(ctx, baseRunId, input);
  if (job.isErr()) return err(job.error);
  if (job.value.status !== "running") {
    // A retried start of a client run that exists is still answered; only a new one is fenced off.
    const existing = await getClientRunRecord(ctx, baseRunId, clientId, input);
    if (existing.isErr()) {
      return existing.error.type === "not-found"
        ? err(runTerminal(input, `job ${baseRunId}`, job.value.status))
        : err(existing.error);
    }
    return checkPayload(existing.value, wanted, input);
  }
  const made = await createClientRun(ctx, key.value, wanted, tags.value, input);
  if (made.isErr() || made.value.created) return made;
  return checkPayload(made.value.run, wanted, input);
};

interface ClientRunPayload {
  readonly clientName: string | undefined;
  readonly operations: readonly string[];
}

const createClientRun = async (
  ctx: ServiceContext,
  key: ClientRunKey,
  payload: ClientRunPayload,
  tags: Tags,
  input: unknown,
): Out<StartClientRunResult> => {
  const operations: Record<string, OperationState> = {};
  for (const name of payload.operations) operations[name] = { status: "declared" };
  const made = await createOnce(
    ctx,
    clientRunKey(key.baseRunId, key.clientId),
    input,
    (at, token): ClientRunRecord => ({
      runId: key.clientRunId,
      baseRunId: key.baseRunId,
      clientId: key.clientId,
      ...(payload.clientName === undefined ? {} : { clientName: payload.clientName }),
      status: "running",
      operations,
      metrics: {},
      progress: [],
      notes: [],
      startedAt: at,
      lastActivityAt: at,
      tags,
      creationToken: token,
    }),
    (record) => ctx.store.createClientRun(record),
  );
  return made.map(({ record, created }) => ({ run: record, created }));
};

// Declaring an operation the record lacks cannot be merged safely after the fact (it could
// overwrite a state another caller just wrote), so it is a conflict: use startOperation instead.
const checkPayload = (
  run: ClientRunRecord,
  wanted: ClientRunPayload,
  input: unknown,
): Result<StartClientRunResult, ServiceError> => {
  if (
    wanted.clientName !== undefined &&
    run.clientName !== undefined &&
    run.clientName !== wanted.clientName
  ) {
    return err(conflict(input, "client run exists with a different client name", run));
  }
  const missing = wanted.operations.filter((name) => run.operations[name] === undefined);
  if (missing.length > 0) {
    const message = `client run exists without operation(s) ${missing.join(", ")}; use startOperation`;
    return err(conflict(input, message, run));
  }
  return ok({ run, created: false });
};

const validateOperationList = (value: unknown) => {
  if (value === undefined) return ok<readonly string[], ServiceError>([]);
  if (!Array.isArray(value)) return err(invalidArgument("operations", value, "not an array"));
  const names = new Set<string>();
  for (const name of value) {
    const checked = validateName("operation", name);
    if (checked.isErr()) return err(checked.error);
    names.add(checked.value);
  }
  return ok<readonly string[], ServiceError>([...names]);
};

/** The client run of (job, client); `not-found` when absent. */
export const getClientRun = async (
  ctx: ServiceContext,
  runId: unknown,
  clientId: unknown,
): Out<ClientRunRecord> => {
  const key = resolveClientRunKey(runId, clientId);
  if (key.isErr()) return err(key.error);
  return getClientRunRecord(ctx, key.value.baseRunId, key.value.clientId, runId);
};

/** Every client run of the job; `not-found` when the job does not exist. */
export const listClientRuns = async (
  ctx: ServiceContext,
  runId: unknown,
): Out<readonly ClientRunRecord[]> => {
  const base = resolveBaseRunId(runId);
  if (base.isErr()) return err(base.error);
  const listed = await callStore(ctx, runId, false, () => ctx.store.listClientRuns(base.value));
  if (listed.isErr() || listed.value.length > 0) return listed;
  const job = await getJobRecord(ctx, base.value, runId);
  return job.isErr() ? err(job.error) : listed;
};
