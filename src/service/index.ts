export type { StartClientRunInput, StartClientRunResult } from "./client-runs.js";
export type { CompleteInput } from "./complete-runs.js";
export { createRunRecordService } from "./create-run-record-service.js";
export type { LinkExternalRunInput, ResolvedExternalRun } from "./external-runs.js";
export type { CompleteOperationInput, StartOperationResult } from "./operations.js";
export type { RetryPolicy, RunIdSource, RunRecordServiceOptions } from "./options.js";
export { defaultRetryPolicy, defaultStaleAfterMs } from "./options.js";
export type { ReopenInput } from "./reopen.js";
export { type EndStatus, rollUpClientRuns, rollUpOperations } from "./roll-up.js";
export type { RunRecordService, ServiceResult } from "./run-record-service.js";
export {
  isRetryableServiceError,
  type ServiceError,
  type ServiceErrorType,
} from "./service-error.js";
export type { StartJobInput, StartJobResult } from "./start-job.js";
export type { Job, JobSummary } from "./summarize.js";
export type { SweepInput, SweepResult } from "./sweep.js";
export type { WriteOptions, WriteResult } from "./write-result.js";
