import { err, ok } from "neverthrow";
import type { BaseRunId, ClientId } from "../run-id/brand.js";
import type { Applied, ClientRunChange, JobChange } from "../store/changes.js";
import type { ClientRunRecord, JobRecord } from "../store/records.js";
import {
  getClientRunRecord,
  getJobRecord,
  type Out,
  type ServiceContext,
  updateClientRun,
  updateJob,
} from "./context.js";

/** How a write conditional on status settled: the record, and whether this write produced it. */
export interface Settled<R> {
  readonly record: R;
  /** False when another writer changed the status first and `record` is what it left. */
  readonly wrote: boolean;
}

/**
 * Applies a change conditional on status to a job; when the precondition fails because another
 * writer got there first, re-reads the job as that writer left it instead of failing.
 * @param gone returned in place of the write's `not-found`, where a store may forget ended records
 */
export const updateJobOrReread = (
  ctx: ServiceContext,
  runId: BaseRunId,
  change: JobChange,
  input: unknown,
  gone?: JobRecord,
): Out<Settled<JobRecord>> =>
  settle(
    () => updateJob(ctx, runId, change, input),
    () => getJobRecord(ctx, runId, input),
    gone,
  );

/** Like `updateJobOrReread`, for a client run. */
export const updateClientRunOrReread = (
  ctx: ServiceContext,
  runId: BaseRunId,
  clientId: ClientId,
  change: ClientRunChange,
  input: unknown,
  gone?: ClientRunRecord,
): Out<Settled<ClientRunRecord>> =>
  settle(
    () => updateClientRun(ctx, runId, clientId, change, input),
    () => getClientRunRecord(ctx, runId, clientId, input),
    gone,
  );

const settle = async <R>(
  write: () => Out<Applied<R>>,
  reread: () => Out<R>,
  gone: R | undefined,
): Out<Settled<R>> => {
  const written = await write();
  if (written.isOk()) return ok({ record: written.value.record, wrote: true });
  if (gone !== undefined && written.error.type === "not-found") {
    return ok({ record: gone, wrote: false });
  }
  if (written.error.type !== "run-terminal") return err(written.error);
  return (await reread()).map((record) => ({ record, wrote: false }));
};
