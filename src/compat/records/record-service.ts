import type { RunRecordService } from "../../service/index.js";

/**
 * The service the record functions run over: a `RunRecordService` (with job queries and tags,
 * `listJobs` and `setTags`), as `createRunRecordService` builds it.
 */
export type RecordService = RunRecordService;

const REQUIRED = [
  "startJob",
  "startClientRun",
  "completeJob",
  "completeClientRun",
  "recordMetrics",
  "setMetrics",
  "appendProgress",
  "linkExternalRun",
  "getJob",
  "getClientRun",
  "listJobs",
  "setTags",
] as const;

/**
 * Names the first method `value` lacks to serve as a `RecordService`.
 * @returns the missing method's name, or `undefined` when every method is there
 */
export const missingServiceMethod = (value: unknown): string | undefined => {
  if (typeof value !== "object" || value === null) return "service";
  for (const name of REQUIRED) {
    if (typeof Reflect.get(value, name) !== "function") return `service.${name}`;
  }
  return undefined;
};
