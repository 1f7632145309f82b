import { CompatError } from "../compat-error.js";
import { type AdapterParams, optionsOf, positional, STANDALONE } from "./adapter-params.js";
import type { SortedFields } from "./field-mapping.js";
import { extractId, jobView } from "./old-shapes.js";
import { fromServiceError, show } from "./record-error.js";
import type { RecordContext } from "./record-options.js";
import { resolveBaseRunId, writeJob } from "./record-writes.js";

/** The base run ID of the old `runId`, or the old adapter's error thrown. */
const baseOrThrow = (runId: unknown): string => {
  const rid = extractId(runId);
  if (rid === null) {
    throw new CompatError("missing-run-id", `Invalid runId parameter: ${show(runId)}`, {
      input: runId,
    });
  }
  const base = resolveBaseRunId(rid);
  if (base.isErr()) throw base.error;
  return base.value;
};

/**
 * The adapter's job functions (`createJobRecord`, `completeJobRecord`, `updateJobAggregates`).
 * @param ctx - the checked options
 */
export const adapterJobMethods = (ctx: RecordContext) => {
  const { service, fields } = ctx;

  const createJobRecord = async (params: AdapterParams | string, ...rest: unknown[]) => {
    const p = positional(params, rest, ["runId", "stream"]);
    const base = baseOrThrow(p.runId);
    if (optionsOf(p).isStandalone === true) return { ...STANDALONE, success: true };
    const stream = p.stream ?? 1;
    const started = await service.startJob({
      runId: base,
      ...(typeof stream === "number" && Number.isFinite(stream) ? { stream } : {}),
    });
    if (started.isOk()) {
      const { job, created } = started.value;
      return { ...jobView(fields, job), success: true, created, existed: !created };
    }
    if (started.error.type === "conflict") {
      const existing = await service.getJob(base);
      if (existing.isOk()) {
        return { ...jobView(fields, existing.value), success: true, created: false, existed: true };
      }
    }
    return { success: false, error: started.error.message, runId: base, reason: "exception" };
  };

  const completeJobRecord = async (params: AdapterParams | string, ...rest: unknown[]) => {
    const p = positional(params, rest, ["runId", "success", "notes"]);
    const base = baseOrThrow(p.runId);
    if (optionsOf(p).isStandalone === true) return STANDALONE;
    const status = p.success === false ? "failed" : "completed";
    const notes = typeof p.notes === "string" && p.notes.trim() !== "" ? [p.notes] : [];
    const sorted: SortedFields = { metrics: {}, notes, tags: {}, ignored: [] };
    const written = await writeJob(service, fields, base, sorted, { status });
    if (written.isErr()) {
      throw fromServiceError(
        written.error,
        written.error.type === "not-found"
          ? `[RunRecordAdapterSimple] CRITICAL: Cannot complete non-existent job record for ${base}`
          : undefined,
      );
    }
    const job = await service.getJob(base);
    return jobView(fields, job.isOk() ? job.value : written.value);
  };

  const updateJobAggregates = async (params: AdapterParams | string, ...rest: unknown[]) => {
    const p = positional(params, rest, ["runId"]);
    const base = baseOrThrow(p.runId);
    const job = await service.getJob(base);
    if (job.isErr()) {
      throw fromServiceError(
        job.error,
        job.error.type === "not-found"
          ? `Job tracking record not found for run ID: ${base}`
          : undefined,
      );
    }
    const totals: Record<string, number> = {};
    for (const [metric, total] of Object.entries(job.value.metrics))
      totals[fields.fieldOfMetric(metric)] = total;
    return {
      success: true,
      runId: base,
      message: "Totals are derived from the client runs; nothing to write",
      totals,
    };
  };

  return { createJobRecord, completeJobRecord, updateJobAggregates };
};
