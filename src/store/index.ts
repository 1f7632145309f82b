export type { Applied, ChangeBase, ClientRunChange, JobChange } from "./changes.js";
export type { RunningRecords, RunRecordStore, StoreCapabilities } from "./port.js";
export {
  type ClientRunRecord,
  type ExternalRunLink,
  FINISHED_STATUSES,
  type JobRecord,
  OPERATION_STATUSES,
  type OperationOutcome,
  type OperationState,
  type ProgressLine,
  RUN_STATUSES,
  type RunStatus,
} from "./records.js";
export { isRetryable, type StoreError, storeRejected, storeUnavailable } from "./store-error.js";
