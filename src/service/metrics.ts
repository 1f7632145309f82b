import { err, ok } from "neverthrow";
import type { ClientRunChange } from "../store/changes.js";
import { type Out, type ServiceContext, updateClientRun } from "./context.js";
import { resolveClientRunKey } from "./resolve-ids.js";
import { changeToken } from "./tokens.js";
import { validateKey, validateNumbers, validateOptions } from "./validate.js";
import type { WriteResult } from "./write-result.js";

/** Adds `deltas` to the client run's metrics in one atomic write; never overwrites, never loses an increment. */
export const recordMetrics = (
  ctx: ServiceContext,
  runId: unknown,
  clientId: unknown,
  deltas: unknown,
  options: unknown,
): Out<WriteResult> => writeMetrics(ctx, runId, clientId, deltas, options, "increments");

/** Replaces the named metrics outright, for values that are absolute by nature (a count read from a provider). */
export const setMetrics = (
  ctx: ServiceContext,
  runId: unknown,
  clientId: unknown,
  values: unknown,
  options: unknown,
): Out<WriteResult> => writeMetrics(ctx, runId, clientId, values, options, "set");

const writeMetrics = async (
  ctx: ServiceContext,
  runId: unknown,
  clientId: unknown,
  numbers: unknown,
  options: unknown,
  field: "increments" | "set",
): Out<WriteResult> => {
  const key = resolveClientRunKey(runId, clientId);
  if (key.isErr()) return err(key.error);
  const checked = validateNumbers(field === "set" ? "values" : "deltas", numbers);
  if (checked.isErr()) return err(checked.error);
  const bag = validateOptions("options", options);
  if (bag.isErr()) return err(bag.error);
  const idempotencyKey = validateKey(bag.value.idempotencyKey);
  if (idempotencyKey.isErr()) return err(idempotencyKey.error);
  const change: ClientRunChange = {
    token: changeToken(ctx.mintToken, idempotencyKey.value),
    at: ctx.now(),
    ifStatus: ["running"],
    [field]: checked.value,
  };
  const { baseRunId, clientId: client } = key.value;
  const written = await updateClientRun(ctx, baseRunId, client, change, runId);
  if (written.isErr()) return err(written.error);
  return ok({ run: written.value.record, applied: written.value.applied });
};
