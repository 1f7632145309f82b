import { err, ok, type Result } from "neverthrow";
import type { ClientRunRecord, JobRecord } from "../store/records.js";
import { type TagChanges, type Tags, validateTags } from "../store/tags.js";
import { type Out, type ServiceContext, updateClientRun, updateJob } from "./context.js";
import { resolveBaseRunId, resolveClientRunKey } from "./resolve-ids.js";
import { invalidArgument, type ServiceError } from "./service-error.js";
import { changeToken } from "./tokens.js";

/**
 * Merges `tags` into a job's tags (`clientId` undefined) or a client run's: a string sets the key,
 * `null` removes it. Tags are labels, not state: the write carries no status precondition, so ended
 * and stale runs can be tagged and it is never `run-terminal`.
 * @returns the record after the merge, or `invalid-argument` naming `tags` or `tags.<key>`
 */
export const setTags = async (
  ctx: ServiceContext,
  runId: unknown,
  clientId: unknown,
  tags: unknown,
): Out<JobRecord | ClientRunRecord> => {
  // The IDs first, as every other method does, then the tags.
  if (clientId === undefined) {
    const base = resolveBaseRunId(runId);
    if (base.isErr()) return err(base.error);
    const changes = checkTags(tags, true);
    if (changes.isErr()) return err(changes.error);
    const written = await updateJob(ctx, base.value, tagChange(ctx, changes.value), runId);
    return written.map(({ record }) => record);
  }
  const key = resolveClientRunKey(runId, clientId);
  if (key.isErr()) return err(key.error);
  const changes = checkTags(tags, true);
  if (changes.isErr()) return err(changes.error);
  const { baseRunId, clientId: client } = key.value;
  const written = await updateClientRun(
    ctx,
    baseRunId,
    client,
    tagChange(ctx, changes.value),
    runId,
  );
  return written.map(({ record }) => record);
};

// A fresh token per call, so a retry after an unknown outcome never applies the merge twice
// (it would matter if another call changed the same key in between).
const tagChange = (ctx: ServiceContext, tags: TagChanges) => ({
  token: changeToken(ctx.mintToken, undefined),
  at: ctx.now(),
  tags,
});

/**
 * Checks a tag update (`allowNull`) or a record's initial tags with the store's tag rules.
 * @returns the tags as a fresh frozen object, or `invalid-argument` whose `field` names the key
 */
export function checkTags(value: unknown, allowNull: true): Result<TagChanges, ServiceError>;
export function checkTags(value: unknown, allowNull: false): Result<Tags, ServiceError>;
export function checkTags(value: unknown, allowNull: boolean): Result<TagChanges, ServiceError> {
  let checked: ReturnType<typeof validateTags>;
  try {
    checked = validateTags(value, "tags", allowNull);
  } catch {
    // A Proxy or a throwing getter in the caller's object.
    return err(invalidArgument("tags", value, "could not be read"));
  }
  if (checked.isErr()) {
    const { path, input, reason } = checked.error;
    return err(invalidArgument(path, input, reason));
  }
  return ok(checked.value);
}

/** Checks the initial tags of `startJob`/`startClientRun`: absent is `{}`, `null` values are refused. */
export const initialTags = (value: unknown): Result<Tags, ServiceError> =>
  value === undefined ? ok(Object.freeze({})) : checkTags(value, false);
