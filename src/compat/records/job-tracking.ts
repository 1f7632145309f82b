import { clientRunMethods } from "./client-run-methods.js";
import { jobMethods } from "./job-methods.js";
import type { JobTracking } from "./job-tracking-types.js";
import { compatOnly } from "./record-error.js";
import { type RecordCompatOptions, readRecordOptions } from "./record-options.js";

export type {
  ClientRunAnswer,
  CreatedClientRun,
  CreatedJob,
  JobTracking,
} from "./job-tracking-types.js";
export type { OldParams } from "./old-params.js";

/**
 * Builds the existing server's `JobTracking` over a `RunRecordService`: the old method names,
 * arguments (Airtable field names, as mapped by the Airtable store) and return shapes, with the
 * old bugs fixed (see MIGRATION.md, "Run records: JobTracking").
 * @param options - `{ service, mapping? }`
 * @throws CompatError `invalid-argument` when the service lacks a method
 */
export function createJobTracking(options: RecordCompatOptions): JobTracking {
  const ctx = readRecordOptions(options, "createJobTracking");
  const jobs = jobMethods(ctx);
  const runs = clientRunMethods(ctx);
  // Whatever escapes a throwing method is a CompatError; the answering ones never throw.
  const tracking = {
    createJob: compatOnly("createJob", jobs.createJob),
    updateJob: compatOnly("updateJob", jobs.updateJob),
    createClientRun: compatOnly("createClientRun", runs.createClientRun),
    updateClientRun: compatOnly("updateClientRun", runs.updateClientRun),
    completeJob: compatOnly("completeJob", jobs.completeJob),
    completeClientRun: compatOnly("completeClientRun", runs.completeClientRun),
    getJobById: jobs.getJobById,
    getLatestRun: jobs.getLatestRun,
    updateClientMetrics: compatOnly("updateClientMetrics", runs.updateClientMetrics),
    checkClientRunExists: runs.checkClientRunExists,
    updateAggregateMetrics: compatOnly("updateAggregateMetrics", jobs.updateAggregateMetrics),
    completeClientProcessing: compatOnly("completeClientProcessing", runs.completeClientProcessing),
    standardizeRunId: jobs.standardizeRunId,
    appendToProgressLog: runs.appendToProgressLog,
  } as Omit<JobTracking, "JobTracking"> & { JobTracking?: JobTracking };
  tracking.JobTracking = tracking as JobTracking;
  return Object.freeze(tracking) as JobTracking;
}
