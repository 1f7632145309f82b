import { err, ok, type Result } from "neverthrow";
import type { BaseRunId, ClientId } from "../run-id/brand.js";
import type { Applied, ClientRunChange, JobChange } from "../store/changes.js";
import type { RunRecordStore, StoreCapabilities } from "../store/port.js";
import type { ClientRunRecord, JobRecord } from "../store/records.js";
import { type StoreError, storeRejected } from "../store/store-error.js";
import type { KeyedLock } from "./keyed-lock.js";
import type { RunIdSource } from "./options.js";
import { type RetryContext, withRetry } from "./retry.js";
import { fromStoreError, notFound, runTerminal, type ServiceError } from "./service-error.js";

/** Everything a service operation needs, resolved from the options once. */
export interface ServiceContext {
  readonly store: RunRecordStore;
  readonly caps: StoreCapabilities;
  readonly now: () => number;
  readonly generator: RunIdSource;
  readonly staleAfterMs: number;
  readonly retry: RetryContext;
  readonly mintToken: () => string;
  readonly lock: KeyedLock;
  readonly maxGeneratedIdCollisions: number;
}

/** What every service operation returns before it is wrapped in a ResultAsync. */
export type Out<T> = Promise<Result<T, ServiceError>>;

/** The in-process lock key of a job; JSON keeps (base, client) pairs from colliding. */
export const jobKey = (runId: BaseRunId): string => JSON.stringify(["job", runId]);

/** The in-process lock key of a client run. */
export const clientRunKey = (runId: BaseRunId, clientId: ClientId): string =>
  JSON.stringify(["client", runId, clientId]);

/**
 * Calls the store with the retry policy; a store that throws or rejects is treated as `rejected`.
 * @param write true for updates, whose unknown outcome is retried only when the store has idempotent changes
 */
export const callStore = async <T>(
  ctx: ServiceContext,
  input: unknown,
  write: boolean,
  call: () => PromiseLike<Result<T, StoreError>>,
): Out<T> => {
  const safe = async (): Promise<Result<T, StoreError>> => {
    try {
      return await call();
    } catch (cause) {
      return err(storeRejected("the store threw instead of returning an error", cause));
    }
  };
  const { result, attempts } = await withRetry(
    ctx.retry,
    safe,
    !write || ctx.caps.idempotentChanges,
  );
  return result.isOk() ? ok(result.value) : err(fromStoreError(input, result.error, attempts));
};

/**
 * Runs `task` under the key's in-process lock when the store's capabilities call for it.
 */
export const maybeLocked = <T>(
  ctx: ServiceContext,
  key: string,
  needed: boolean,
  task: () => Promise<T>,
): Promise<T> => (needed ? ctx.lock.run(key, task) : task());

// A store without conditional updates might refuse a field it does not know; the check was done here.
const withoutPrecondition = <C extends { readonly ifStatus?: unknown }>(change: C): C => {
  const { ifStatus: _checked, ...rest } = change;
  return rest as C;
};

/** Applies a change to a client run, emulating atomicity and `ifStatus` in-process when the store lacks them. */
export const updateClientRun = (
  ctx: ServiceContext,
  runId: BaseRunId,
  clientId: ClientId,
  change: ClientRunChange,
  input: unknown,
): Out<Applied<ClientRunRecord>> => {
  const emulate = change.ifStatus !== undefined && !ctx.caps.conditionalUpdate;
  return maybeLocked(
    ctx,
    clientRunKey(runId, clientId),
    emulate || !ctx.caps.atomicUpdate,
    async () => {
      if (emulate) {
        const current = await callStore(ctx, input, false, () =>
          ctx.store.getClientRun(runId, clientId),
        );
        if (current.isErr()) return err(current.error);
        if (current.value === undefined) return err(notFound(input, "client run"));
        const status = current.value.status;
        if (!change.ifStatus?.includes(status))
          return err(runTerminal(input, "client run", status));
      }
      const sent: ClientRunChange = emulate ? withoutPrecondition(change) : change;
      return callStore(ctx, input, true, () => ctx.store.updateClientRun(runId, clientId, sent));
    },
  );
};

/** Applies a change to a job, emulating atomicity and `ifStatus` in-process when the store lacks them. */
export const updateJob = (
  ctx: ServiceContext,
  runId: BaseRunId,
  change: JobChange,
  input: unknown,
): Out<Applied<JobRecord>> => {
  const emulate = change.ifStatus !== undefined && !ctx.caps.conditionalUpdate;
  return maybeLocked(ctx, jobKey(runId), emulate || !ctx.caps.atomicUpdate, async () => {
    if (emulate) {
      const current = await callStore(ctx, input, false, () => ctx.store.getJob(runId));
      if (current.isErr()) return err(current.error);
      if (current.value === undefined) return err(notFound(input, "job"));
      const status = current.value.status;
      if (!change.ifStatus?.includes(status)) return err(runTerminal(input, "job", status));
    }
    const sent: JobChange = emulate ? withoutPrecondition(change) : change;
    return callStore(ctx, input, true, () => ctx.store.updateJob(runId, sent));
  });
};

/** Reads a job; `not-found` when absent. */
export const getJobRecord = async (
  ctx: ServiceContext,
  runId: BaseRunId,
  input: unknown,
): Out<JobRecord> => {
  const got = await callStore(ctx, input, false, () => ctx.store.getJob(runId));
  if (got.isErr()) return err(got.error);
  return got.value === undefined ? err(notFound(input, `job ${runId}`)) : ok(got.value);
};

/** Reads a client run; `not-found` when absent. */
export const getClientRunRecord = async (
  ctx: ServiceContext,
  runId: BaseRunId,
  clientId: ClientId,
  input: unknown,
): Out<ClientRunRecord> => {
  const got = await callStore(ctx, input, false, () => ctx.store.getClientRun(runId, clientId));
  if (got.isErr()) return err(got.error);
  return got.value === undefined
    ? err(notFound(input, `client run of ${clientId} in ${runId}`))
    : ok(got.value);
};
