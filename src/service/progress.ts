import { err, ok } from "neverthrow";
import { type Out, type ServiceContext, updateClientRun } from "./context.js";
import { resolveClientRunKey } from "./resolve-ids.js";
import { whileRunning } from "./running-change.js";
import { invalidArgument } from "./service-error.js";
import { validateKey, validateOptions, validateText } from "./validate.js";
import type { WriteResult } from "./write-result.js";

/** Appends one timestamped line to the client run's progress log; concurrent appends all survive, in order. */
export const appendProgress = async (
  ctx: ServiceContext,
  runId: unknown,
  clientId: unknown,
  message: unknown,
  options: unknown,
): Out<WriteResult> => {
  const key = resolveClientRunKey(runId, clientId);
  if (key.isErr()) return err(key.error);
  const text = validateText("message", message);
  if (text.isErr()) return err(text.error);
  if (text.value.trim().length === 0) return err(invalidArgument("message", message, "empty"));
  const bag = validateOptions("options", options);
  if (bag.isErr()) return err(bag.error);
  const idempotencyKey = validateKey(bag.value.idempotencyKey);
  if (idempotencyKey.isErr()) return err(idempotencyKey.error);
  const head = whileRunning(ctx, idempotencyKey.value);
  const change = { ...head, progress: [{ at: head.at, message: text.value }] };
  const { baseRunId, clientId: client } = key.value;
  const written = await updateClientRun(ctx, baseRunId, client, change, runId);
  if (written.isErr()) return err(written.error);
  return ok({ run: written.value.record, applied: written.value.applied });
};
