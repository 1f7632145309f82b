export type { AirtableRow } from "./base-client.js";
export {
  type AirtableErrorLike,
  type AirtableFailure,
  type AirtableFailureKind,
  classifyAirtableFailure,
  isAirtableError,
  toStoreError,
} from "./error-map.js";
export type { EventDecodeError } from "./event-codec.js";
export { formulaField, formulaString } from "./formula-escape.js";
export { allEqual, anyOf, fieldEquals } from "./key-formula.js";
export {
  type AirtableEventFields,
  type AirtableFields,
  type AirtableMapping,
  type AirtableMappingOptions,
  type AirtableTables,
  defaultAirtableMapping,
  resolveAirtableMapping,
} from "./mapping.js";
export { formatProgressLine, formatProgressLog } from "./record-codec.js";
export {
  createScheduler,
  type RequestKind,
  type RetryOptions,
  type Scheduler,
  type SchedulerOptions,
} from "./scheduler.js";
export { type AirtableStore, createAirtableStore } from "./store.js";
export type { AirtableStoreOptions } from "./store-options.js";
export {
  type AirtableConnection,
  type AirtableRecordUpdate,
  type AirtableTableClient,
  connectAirtableTables,
  createAirtableTableClient,
} from "./table-client.js";
