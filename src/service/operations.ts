import { err, ok } from "neverthrow";
import type { ClientRunRecord, OperationOutcome } from "../store/records.js";
import { getClientRunRecord, type Out, type ServiceContext, updateClientRun } from "./context.js";
import { resolveClientRunKey } from "./resolve-ids.js";
import { rollUpClientRun } from "./roll-up-records.js";
import { whileRunning } from "./running-change.js";
import { invalidArgument, runTerminal } from "./service-error.js";
import {
  validateKey,
  validateName,
  validateNotes,
  validateNumbers,
  validateOptions,
} from "./validate.js";

/** What `startOperation` returns: the client run and whether this call started the operation. */
export interface StartOperationResult {
  readonly run: ClientRunRecord;
  /** False when the operation was already running or ended (a repeated start changes nothing). */
  readonly started: boolean;
}

/** Marks an operation of a running client run as running; a repeat leaves the record unchanged. */
export const startOperation = async (
  ctx: ServiceContext,
  runId: unknown,
  clientId: unknown,
  operation: unknown,
): Out<StartOperationResult> => {
  const key = resolveClientRunKey(runId, clientId);
  if (key.isErr()) return err(key.error);
  const name = validateName("operation", operation);
  if (name.isErr()) return err(name.error);
  const { baseRunId, clientId: client } = key.value;
  // Read first: a merge would otherwise turn an operation that already ended back into `running`.
  const current = await getClientRunRecord(ctx, baseRunId, client, runId);
  if (current.isErr()) return err(current.error);
  const state = current.value.operations[name.value];
  if (state !== undefined && state.status !== "declared") {
    return ok({ run: current.value, started: false });
  }
  if (current.value.status !== "running") {
    return err(runTerminal(runId, `client run ${current.value.runId}`, current.value.status));
  }
  const head = whileRunning(ctx);
  const change = {
    ...head,
    operations: { [name.value]: { status: "running" as const, startedAt: head.at } },
  };
  const written = await updateClientRun(ctx, baseRunId, client, change, runId);
  if (written.isErr()) return err(written.error);
  return ok({ run: written.value.record, started: written.value.applied });
};

/** What `completeOperation` accepts. */
export interface CompleteOperationInput {
  readonly status: OperationOutcome;
  /** Increments added in the same atomic write as the outcome. */
  readonly metrics?: Readonly<Record<string, number>>;
  readonly notes?: string | readonly string[];
  /** Makes a retried completion (same key) a no-op. */
  readonly idempotencyKey?: string;
}

const OUTCOMES: ReadonlySet<unknown> = new Set(["completed", "failed", "skipped"]);

/**
 * Ends an operation (with optional metric increments and notes) in one atomic write, then rolls
 * the client run up from the record that write returned, and the job after it.
 * @returns the client run after the roll-up
 */
export const completeOperation = async (
  ctx: ServiceContext,
  runId: unknown,
  clientId: unknown,
  operation: unknown,
  input: unknown,
): Out<ClientRunRecord> => {
  const key = resolveClientRunKey(runId, clientId);
  if (key.isErr()) return err(key.error);
  const name = validateName("operation", operation);
  if (name.isErr()) return err(name.error);
  const options = validateOptions("completeOperation input", input);
  if (options.isErr()) return err(options.error);
  const { status, metrics } = options.value;
  if (!OUTCOMES.has(status)) {
    return err(invalidArgument("status", status, "not completed, failed or skipped"));
  }
  const increments = validateNumbers("metrics", metrics ?? {});
  if (increments.isErr()) return err(increments.error);
  const notes = validateNotes(options.value.notes);
  if (notes.isErr()) return err(notes.error);
  const idempotencyKey = validateKey(options.value.idempotencyKey);
  if (idempotencyKey.isErr()) return err(idempotencyKey.error);

  const { baseRunId, clientId: client } = key.value;
  // Stores replace an operation's state by name, so carry its start time over.
  const current = await getClientRunRecord(ctx, baseRunId, client, runId);
  if (current.isErr()) return err(current.error);
  const startedAt = current.value.operations[name.value]?.startedAt;
  const outcome = status as OperationOutcome;
  const head = whileRunning(ctx, idempotencyKey.value);
  const change = {
    ...head,
    operations: {
      [name.value]: {
        status: outcome,
        ...(startedAt === undefined ? {} : { startedAt }),
        endedAt: head.at,
      },
    },
    ...(metrics === undefined ? {} : { increments: increments.value }),
    ...(notes.value.length === 0 ? {} : { notes: notes.value }),
  };
  const written = await updateClientRun(ctx, baseRunId, client, change, runId);
  if (written.isErr()) return err(written.error);
  // Even a repeat (applied: false) rolls up: the first attempt may have stopped before doing so.
  return rollUpClientRun(ctx, written.value.record, runId);
};
