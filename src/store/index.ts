export {
  isMetricOutOfRange,
  type MetricOutOfRange,
  metricRangeError,
} from "./change-rules.js";
export type { Applied, ChangeBase, ClientRunChange, JobChange } from "./changes.js";
export {
  compareJobsNewestFirst,
  DEFAULT_JOB_PAGE,
  type JobPage,
  type JobPosition,
  type JobQuery,
  type JobQueryError,
  jobCursor,
  type ListJobsQuery,
  MAX_JOB_PAGE,
  matchesJobQuery,
  pageOfJobs,
  parseJobQuery,
  type TimeInput,
} from "./job-query.js";
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
export {
  hasTags,
  MAX_TAGS,
  mergeTags,
  TAG_KEY_MAX_LENGTH,
  TAG_VALUE_MAX_LENGTH,
  type TagChanges,
  type TagError,
  type Tags,
  validateTags,
} from "./tags.js";
