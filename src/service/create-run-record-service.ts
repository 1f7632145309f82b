import { err, ResultAsync } from "neverthrow";
import { createRunIdGenerator } from "../run-id/index.js";
import { getClientRun, listClientRuns, startClientRun } from "./client-runs.js";
import { completeClientRun, completeJob } from "./complete-runs.js";
import type { Out, ServiceContext } from "./context.js";
import { linkExternalRun, resolveExternalRun } from "./external-runs.js";
import { createKeyedLock } from "./keyed-lock.js";
import { recordMetrics, setMetrics } from "./metrics.js";
import { completeOperation, startOperation } from "./operations.js";
import {
  defaultRetryPolicy,
  defaultStaleAfterMs,
  type RunRecordServiceOptions,
} from "./options.js";
import { appendProgress } from "./progress.js";
import { reopenClientRun, reopenJob } from "./reopen.js";
import type { RunRecordService, ServiceResult } from "./run-record-service.js";
import { sealJob } from "./seal-job.js";
import type { ServiceError } from "./service-error.js";
import { startJob } from "./start-job.js";
import { getJob, summarizeJob } from "./summarize.js";
import { sweepStaleRuns } from "./sweep.js";
import { randomToken } from "./tokens.js";

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Creates the run record service over `options.store`.
 * @param options the store plus injectable clock, run ID generator, retry policy, sleep, randomness and tokens
 * @returns the service; none of its methods throws or rejects
 */
export const createRunRecordService = (options: RunRecordServiceOptions): RunRecordService => {
  const now = options.now ?? Date.now;
  const ctx: ServiceContext = {
    store: options.store,
    caps: options.store.capabilities,
    now,
    generator: options.generator ?? createRunIdGenerator({ now }),
    staleAfterMs: options.staleAfterMs ?? defaultStaleAfterMs,
    retry: {
      policy: { ...defaultRetryPolicy, ...options.retry },
      sleep: options.sleep ?? defaultSleep,
      random: options.random ?? Math.random,
    },
    mintToken: options.tokens ?? randomToken,
    lock: createKeyedLock(),
    maxGeneratedIdCollisions: options.maxGeneratedIdCollisions ?? 5,
  };
  const run = <T>(task: () => Out<T>): ServiceResult<T> => guard(task);
  return {
    startJob: (input) => run(() => startJob(ctx, input)),
    startClientRun: (input) => run(() => startClientRun(ctx, input)),
    startOperation: (runId, clientId, operation) =>
      run(() => startOperation(ctx, runId, clientId, operation)),
    completeOperation: (runId, clientId, operation, input) =>
      run(() => completeOperation(ctx, runId, clientId, operation, input)),
    completeClientRun: (runId, clientId, input) =>
      run(() => completeClientRun(ctx, runId, clientId, input)),
    completeJob: (runId, input) => run(() => completeJob(ctx, runId, input)),
    sealJob: (runId) => run(() => sealJob(ctx, runId)),
    recordMetrics: (runId, clientId, deltas, opts) =>
      run(() => recordMetrics(ctx, runId, clientId, deltas, opts)),
    setMetrics: (runId, clientId, values, opts) =>
      run(() => setMetrics(ctx, runId, clientId, values, opts)),
    appendProgress: (runId, clientId, message, opts) =>
      run(() => appendProgress(ctx, runId, clientId, message, opts)),
    linkExternalRun: (input) => run(() => linkExternalRun(ctx, input)),
    resolveExternalRun: (provider, externalId) =>
      run(() => resolveExternalRun(ctx, provider, externalId)),
    getJob: (runId) => run(() => getJob(ctx, runId)),
    getClientRun: (runId, clientId) => run(() => getClientRun(ctx, runId, clientId)),
    listClientRuns: (runId) => run(() => listClientRuns(ctx, runId)),
    summarizeJob: (runId) => run(() => summarizeJob(ctx, runId)),
    sweepStaleRuns: (input) => run(() => sweepStaleRuns(ctx, input)),
    reopenJob: (runId, input) => run(() => reopenJob(ctx, runId, input)),
    reopenClientRun: (runId, clientId, input) =>
      run(() => reopenClientRun(ctx, runId, clientId, input)),
  };
};

// Store calls are already guarded; this net turns anything else unexpected (an injected clock or
// token source that throws) into a value, so no method ever rejects.
const guard = <T>(task: () => Out<T>): ServiceResult<T> =>
  new ResultAsync(
    (async () => {
      try {
        return await task();
      } catch (cause) {
        const error: ServiceError = {
          type: "store-rejected",
          input: undefined,
          message: `unexpected failure: ${cause instanceof Error ? cause.message : String(cause)}`,
          retryable: false,
          cause,
        };
        return err(error);
      }
    })(),
  );
