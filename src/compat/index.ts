/**
 * `run-records/compat`: the existing server's run ID module, function for function, for
 * CommonJS callers (`const runIdSystem = require('run-records/compat')`). Every rule is the
 * core's; only the old calling conventions (plain strings, `null`, thrown Errors) are kept.
 * @module
 */
import {
  addClientSuffix,
  cacheRecordId,
  generateTimestampRunId,
  getCachedRecordId,
  normalizeRunId,
  stripClientSuffix,
} from "./aliases.js";
import { getBaseRunId, getClientId } from "./base-and-client.js";
import { createClientRunId } from "./client-run-id.js";
import { generateRunId } from "./generate.js";
import { clearCache, getRunRecordId, registerRunRecord } from "./record-functions.js";
import { validateAndStandardizeRunId, validateRunId } from "./validate.js";

export {
  addClientSuffix,
  cacheRecordId,
  generateTimestampRunId,
  getCachedRecordId,
  normalizeRunId,
  stripClientSuffix,
} from "./aliases.js";
export { getBaseRunId, getClientId } from "./base-and-client.js";
export { createClientRunId } from "./client-run-id.js";
export {
  CompatError,
  type CompatErrorCode,
  type CompatErrorOptions,
  isCompatError,
} from "./compat-error.js";
export { generateRunId } from "./generate.js";
export {
  createRecordCache,
  DEFAULT_RECORD_CACHE_CAPACITY,
  type RecordCache,
  type RecordCacheError,
  type RecordCacheOptions,
} from "./record-cache.js";
export { clearCache, getRunRecordId, registerRunRecord } from "./record-functions.js";
export {
  type ClientRunAnswer,
  type CreatedClientRun,
  type CreatedJob,
  createJobTracking,
  type JobTracking,
  type OldParams,
} from "./records/job-tracking.js";
export type { OldFields, OldRecord } from "./records/old-shapes.js";
export type { RecordErrorCode } from "./records/record-error.js";
export type { RecordCompatOptions } from "./records/record-options.js";
export type { RecordService } from "./records/record-service.js";
export {
  type AdapterParams,
  createRunRecordAdapter,
  type RunRecordAdapter,
  type Skipped,
} from "./records/run-record-adapter.js";
export { validateAndStandardizeRunId, validateRunId } from "./validate.js";

/** Every old function and alias on one object, for callers that pass the module around. */
export const runIdSystem = Object.freeze({
  generateRunId,
  createClientRunId,
  getBaseRunId,
  getClientId,
  validateRunId,
  validateAndStandardizeRunId,
  registerRunRecord,
  getRunRecordId,
  clearCache,
  normalizeRunId,
  stripClientSuffix,
  addClientSuffix,
  getCachedRecordId,
  cacheRecordId,
  generateTimestampRunId,
});
