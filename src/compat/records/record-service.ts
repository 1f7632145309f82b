import type { RunRecordService, ServiceResult } from "../../service/index.js";
import type {
  ClientRunRecord,
  JobPage,
  JobRecord,
  ListJobsQuery,
  TagChanges,
} from "../../store/index.js";

/**
 * The service the record functions run over: a `RunRecordService` with job queries and tags
 * (`listJobs`, `setTags`), as `createRunRecordService` builds it.
 */
export type RecordService = RunRecordService & {
  /** Lists jobs newest first. */
  listJobs(query?: ListJobsQuery): ServiceResult<JobPage>;
  /** Merges tags into a job (`clientId` undefined) or a client run. */
  setTags(
    runId: string,
    clientId: string | undefined,
    tags: TagChanges,
  ): ServiceResult<JobRecord | ClientRunRecord>;
};

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
