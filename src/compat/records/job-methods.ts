import { parseRunId, toBaseRunId } from "../../run-id/index.js";
import type { ServiceError } from "../../service/index.js";
import { CompatError } from "../compat-error.js";
import type { SortedFields } from "./field-mapping.js";
import type { CreatedJob } from "./job-tracking-types.js";
import { baseOrThrow, type OldParams, orThrow, paramsOf } from "./old-params.js";
import { extractId, isoTime, jobView, type OldRecord } from "./old-shapes.js";
import { fromServiceError, invalidArgument, show } from "./record-error.js";
import type { RecordContext } from "./record-options.js";
import { endStatusOf, resolveBaseRunId, writeJob } from "./record-writes.js";

/**
 * The JobTracking methods on Job Tracking records, over the context's service.
 * @param ctx - the checked options
 */
export const jobMethods = (ctx: RecordContext) => {
  const { service, fields } = ctx;
  const label = fields.labelOf;

  const createJob = async (params: OldParams): Promise<CreatedJob> => {
    const p = paramsOf(params, "createJob");
    const source = "JobTracking.createJob";
    const runId = extractId(p.runId);
    if (runId === null) {
      throw new CompatError(
        "missing-run-id",
        `[${source}] Run ID is required to create job tracking record`,
        {
          input: p.runId,
        },
      );
    }
    const base = baseOrThrow(runId);
    const sorted = orThrow(fields.sort(p.initialData, "job", "initialData"));
    const tags = { ...sorted.tags };
    const input = {
      runId: base,
      ...(sorted.stream === undefined ? {} : { stream: sorted.stream }),
      ...(sorted.notes.length > 0 ? { notes: sorted.notes } : {}),
      ...(Object.keys(tags).length > 0 ? { tags } : {}),
    };
    const started = await service.startJob(input);
    if (started.isErr()) {
      // Same run ID, other initial data: the job exists, as the old lookup would have found.
      if (started.error.type === "conflict") {
        const existing = await service.getJob(base);
        if (existing.isOk()) {
          const job = existing.value;
          return {
            id: job.runId,
            runId: job.runId,
            startTime: isoTime(job.startedAt),
            alreadyExists: true,
          };
        }
      }
      throw fromServiceError(started.error);
    }
    const { job, created } = started.value;
    const shape = { id: job.runId, runId: job.runId, startTime: isoTime(job.startedAt) };
    return created ? shape : { ...shape, alreadyExists: true };
  };

  const jobNotFound = (error: ServiceError, base: string) =>
    fromServiceError(
      error,
      error.type === "not-found"
        ? `Job tracking record not found for base run ID: ${base}`
        : undefined,
    );

  const updateJobWith = async (
    p: OldParams,
    updates: unknown,
    forced: SortedFields["status"] | undefined,
  ): Promise<{ base: string; endTime?: string }> => {
    const runId = extractId(p.runId);
    if (runId === null) {
      throw new CompatError("missing-run-id", "Run ID is required to update job tracking record", {
        input: p.runId,
      });
    }
    const base = baseOrThrow(runId);
    const sorted = orThrow(fields.sort(updates, "job", "updates"));
    const status = forced ?? sorted.status;
    const end = status === undefined ? undefined : endStatusOf(status);
    const written = await writeJob(
      service,
      fields,
      base,
      sorted,
      end === undefined ? undefined : { status: end },
    );
    if (written.isErr()) throw jobNotFound(written.error, base);
    const endedAt = written.value.endedAt;
    return { base, ...(endedAt === undefined ? {} : { endTime: isoTime(endedAt) }) };
  };

  const updateJob = async (params: OldParams) => {
    const p = paramsOf(params, "updateJob");
    const updates = (p.updates ?? {}) as Readonly<Record<string, unknown>>;
    const { base } = await updateJobWith(p, updates, undefined);
    return { id: base, runId: base, ...updates };
  };

  const completeJob = async (params: OldParams) => {
    const p = paramsOf(params, "completeJob");
    const statusText = p.status ?? "Completed";
    const status = fields.statusOf(statusText);
    if (status === undefined || endStatusOf(status) === undefined) {
      throw invalidArgument(
        `completeJob: status is not a final status: ${show(statusText)}`,
        statusText,
      );
    }
    const updates = (p.updates ?? {}) as Readonly<Record<string, unknown>>;
    const { base, endTime } = await updateJobWith(p, updates, status);
    return {
      id: base,
      runId: base,
      ...updates,
      status: label(status),
      [fields.mapping.fields.endTime]: endTime,
    };
  };

  const getJobById = async (runIdInput: unknown): Promise<OldRecord | null> => {
    try {
      const runId = extractId(runIdInput);
      if (runId === null) return null;
      const base = resolveBaseRunId(runId);
      if (base.isErr()) return null;
      const job = await service.getJob(base.value);
      return job.isOk() ? jobView(fields, job.value) : null;
    } catch {
      return null;
    }
  };

  const getLatestRun = async (): Promise<OldRecord | null> => {
    try {
      const page = await service.listJobs({ limit: 1 });
      if (page.isErr()) return null;
      const latest = page.value.jobs[0];
      if (latest === undefined) return null;
      const job = await service.getJob(latest.runId);
      return job.isOk() ? jobView(fields, job.value) : jobView(fields, latest);
    } catch {
      return null;
    }
  };

  const updateAggregateMetrics = async (params: OldParams) => {
    const p = paramsOf(params, "updateAggregateMetrics");
    const source = "JobTracking.updateAggregateMetrics";
    const runId = extractId(p.runId);
    if (runId === null) {
      throw new CompatError(
        "missing-run-id",
        `[${source}] Run ID is required to update aggregate metrics`,
        {
          input: p.runId,
        },
      );
    }
    const base = baseOrThrow(runId);
    const sorted = orThrow(fields.sort(p.metrics, "job", "metrics"));
    const written = await writeJob(
      service,
      fields,
      base,
      { ...sorted, status: undefined } as SortedFields,
      undefined,
    );
    if (written.isErr()) throw jobNotFound(written.error, base);
    const job = await service.getJob(base);
    if (job.isErr()) throw jobNotFound(job.error, base);
    const view = jobView(fields, job.value);
    const totals: Record<string, number> = {};
    for (const [metric, total] of Object.entries(job.value.metrics))
      totals[fields.fieldOfMetric(metric)] = total;
    const updated = Object.keys(sorted.tags);
    if (sorted.notes.length > 0) updated.push(fields.mapping.fields.systemNotes);
    return { id: view.id, runId: base, updated, totals };
  };

  const standardizeRunId = (runIdInput: unknown): string | null => {
    try {
      const runId = extractId(runIdInput);
      if (runId === null) return null;
      const parsed = parseRunId(runId);
      if (parsed.isErr()) return null;
      return parsed.value.kind === "legacy" ? runId : toBaseRunId(parsed.value.runId);
    } catch {
      return null;
    }
  };

  return {
    createJob,
    updateJob,
    completeJob,
    getJobById,
    getLatestRun,
    updateAggregateMetrics,
    standardizeRunId,
  };
};
