import { err, errAsync, ResultAsync } from "neverthrow";
import type { TagChanges } from "../store/tags.js";
import { buildContext, describeCause } from "./build-context.js";
import { getClientRun, listClientRuns, startClientRun } from "./client-runs.js";
import { completeClientRun, completeJob } from "./complete-runs.js";
import type { Out, ServiceContext } from "./context.js";
import { linkExternalRun, resolveExternalRun } from "./external-runs.js";
import { listJobs } from "./list-jobs.js";
import { recordMetrics, setMetrics } from "./metrics.js";
import { completeOperation, startOperation } from "./operations.js";
import type { RunRecordServiceOptions } from "./options.js";
import { appendProgress } from "./progress.js";
import { reopenClientRun, reopenJob } from "./reopen.js";
import type { RunRecordService, ServiceResult } from "./run-record-service.js";
import { sealJob } from "./seal-job.js";
import type { ServiceError } from "./service-error.js";
import { setTags } from "./set-tags.js";
import { startJob } from "./start-job.js";
import { getJob, summarizeJob } from "./summarize.js";
import { sweepStaleRuns } from "./sweep.js";

/**
 * Creates the run record service over `options.store`.
 * @param options the store plus injectable clock, run ID generator, retry policy, sleep, randomness and tokens
 * @returns the service; none of its methods throws or rejects, and bad options (which the types rule
 *   out) make every method answer `invalid-argument` naming the option
 */
export const createRunRecordService = (options: RunRecordServiceOptions): RunRecordService => {
  const built = buildContext(options);
  const run = <T>(task: (ctx: ServiceContext) => Out<T>): ServiceResult<T> =>
    built.isErr() ? errAsync(built.error) : guard(() => task(built.value));
  return {
    startJob: (input) => run((ctx) => startJob(ctx, input)),
    startClientRun: (input) => run((ctx) => startClientRun(ctx, input)),
    startOperation: (runId, clientId, operation) =>
      run((ctx) => startOperation(ctx, runId, clientId, operation)),
    completeOperation: (runId, clientId, operation, input) =>
      run((ctx) => completeOperation(ctx, runId, clientId, operation, input)),
    completeClientRun: (runId, clientId, input) =>
      run((ctx) => completeClientRun(ctx, runId, clientId, input)),
    completeJob: (runId, input) => run((ctx) => completeJob(ctx, runId, input)),
    sealJob: (runId) => run((ctx) => sealJob(ctx, runId)),
    recordMetrics: (runId, clientId, deltas, opts) =>
      run((ctx) => recordMetrics(ctx, runId, clientId, deltas, opts)),
    setMetrics: (runId, clientId, values, opts) =>
      run((ctx) => setMetrics(ctx, runId, clientId, values, opts)),
    appendProgress: (runId, clientId, message, opts) =>
      run((ctx) => appendProgress(ctx, runId, clientId, message, opts)),
    linkExternalRun: (input) => run((ctx) => linkExternalRun(ctx, input)),
    resolveExternalRun: (provider, externalId) =>
      run((ctx) => resolveExternalRun(ctx, provider, externalId)),
    listJobs: (query) => run((ctx) => listJobs(ctx, query)),
    // One implementation behind the overloads: the record's kind follows from `clientId`.
    setTags: ((runId: string, clientId: string | undefined, tags: TagChanges) =>
      run((ctx) => setTags(ctx, runId, clientId, tags))) as RunRecordService["setTags"],
    getJob: (runId) => run((ctx) => getJob(ctx, runId)),
    getClientRun: (runId, clientId) => run((ctx) => getClientRun(ctx, runId, clientId)),
    listClientRuns: (runId) => run((ctx) => listClientRuns(ctx, runId)),
    summarizeJob: (runId) => run((ctx) => summarizeJob(ctx, runId)),
    sweepStaleRuns: (input) => run((ctx) => sweepStaleRuns(ctx, input)),
    reopenJob: (runId, input) => run((ctx) => reopenJob(ctx, runId, input)),
    reopenClientRun: (runId, clientId, input) =>
      run((ctx) => reopenClientRun(ctx, runId, clientId, input)),
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
          message: `unexpected failure: ${describeCause(cause)}`,
          retryable: false,
          cause,
        };
        return err(error);
      }
    })(),
  );
