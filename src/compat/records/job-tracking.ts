import { parseRunId, toBaseRunId } from "../../run-id/index.js";
import type { ServiceError } from "../../service/index.js";
import type { ClientRunRecord } from "../../store/index.js";
import { CompatError } from "../compat-error.js";
import type { SortedFields } from "./field-mapping.js";
import { extractId, isoTime, jobView, type OldRecord } from "./old-shapes.js";
import { compatOnly, fromServiceError, invalidArgument, show } from "./record-error.js";
import {
  type RecordCompatOptions,
  type RecordContext,
  readRecordOptions,
} from "./record-options.js";
import {
  type ClientRunKey,
  endStatusOf,
  isCompatError,
  resolveBaseRunId,
  resolveClientRunKey,
  writeClientRun,
  writeJob,
} from "./record-writes.js";

/** Old arguments of the JobTracking methods: plain objects with the old property names. */
export type OldParams = Readonly<Record<string, unknown>>;

/** `{ id, runId, startTime }` for a new record, `{ …, alreadyExists: true }` for an existing one. */
export interface CreatedJob {
  readonly id: string;
  readonly runId: string;
  readonly startTime: string;
  readonly alreadyExists?: true;
}

/** The old client run creation answer, with the base run ID and client beside the client run ID. */
export interface CreatedClientRun extends CreatedJob {
  readonly baseRunId: string;
  readonly clientId: string;
}

/** The old `{ success, … }` answer of the client run updates. */
export type ClientRunAnswer = Readonly<Record<string, unknown>> & { readonly success: boolean };

/** The old `JobTracking` class, as an object over a `RunRecordService` (every method callable unbound). */
export interface JobTracking {
  /** Creates the job once: `{ id, runId, startTime }`, or `{ id, runId, alreadyExists: true }`. */
  createJob(params: OldParams): Promise<CreatedJob>;
  /** Updates a job's fields; a final `Status` ends it. Returns `{ id, runId, ...updates }`. */
  updateJob(params: OldParams): Promise<Readonly<Record<string, unknown>>>;
  /** Creates the client run once and returns it; a repeat answers `alreadyExists: true`. */
  createClientRun(params: OldParams): Promise<CreatedClientRun>;
  /** Updates a client run's fields (metrics as absolute values); `{ success, … }`. */
  updateClientRun(params: OldParams): Promise<ClientRunAnswer>;
  /** Ends a job with `status` (default `Completed`). */
  completeJob(params: OldParams): Promise<Readonly<Record<string, unknown>>>;
  /** Ends a client run with `status` (default `Completed`); `{ success, … }`. */
  completeClientRun(params: OldParams): Promise<ClientRunAnswer>;
  /** The Job Tracking record (with derived totals), or `null`. */
  getJobById(runId: unknown): Promise<OldRecord | null>;
  /** The most recently started job, or `null`. */
  getLatestRun(): Promise<OldRecord | null>;
  /** Adds metric increments (once per `idempotencyKey`); `{ success, … }`. */
  updateClientMetrics(params: OldParams): Promise<ClientRunAnswer>;
  /** Whether the client run exists. */
  checkClientRunExists(params: OldParams): Promise<boolean>;
  /** Keeps non-metric fields as tags; totals are derived. `{ id, runId, updated, totals }`. */
  updateAggregateMetrics(params: OldParams): Promise<Readonly<Record<string, unknown>>>;
  /** Adds final metrics (once per `idempotencyKey`) and, standalone or forced, ends the client run. */
  completeClientProcessing(params: OldParams): Promise<ClientRunAnswer>;
  /** The base run ID of a run ID (or of an object's `runId`/`id`), or `null`. */
  standardizeRunId(runIdInput: unknown): string | null;
  /** Appends one progress line; `true` when it was stored. Never throws. */
  appendToProgressLog(runId: unknown, clientId: unknown, message: unknown): Promise<boolean>;
  /** This object, for `const { JobTracking } = require(…)` call sites. */
  readonly JobTracking: JobTracking;
}

const paramsOf = (params: unknown, fn: string): OldParams => {
  if (typeof params !== "object" || params === null) {
    throw invalidArgument(`${fn}: Missing parameters object`, params);
  }
  return params as OldParams;
};

const orThrow = <T>(value: T | CompatError): T => {
  if (isCompatError(value)) throw value;
  return value;
};

const keyOf = (value: unknown): string | undefined => {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value.length === 0) {
    throw invalidArgument("idempotencyKey must be a non-empty string", value);
  }
  return value;
};

/**
 * Builds the existing server's `JobTracking` over a `RunRecordService`: the old method names,
 * arguments (Airtable field names, as mapped by the Airtable store) and return shapes, with the
 * old bugs fixed (see MIGRATION.md, "Run records: JobTracking").
 * @param options - `{ service, mapping? }`
 * @throws CompatError `invalid-argument` when the service lacks a method
 */
export function createJobTracking(options: RecordCompatOptions): JobTracking {
  const ctx: RecordContext = readRecordOptions(options, "createJobTracking");
  const { service, fields } = ctx;
  const label = fields.labelOf;

  const baseOrThrow = (runId: string): string => {
    const base = resolveBaseRunId(runId);
    if (base.isErr()) throw base.error;
    return base.value;
  };

  const clientKeyOrThrow = (runId: string, clientId: string): ClientRunKey => {
    const key = resolveClientRunKey(runId, clientId);
    if (key.isErr()) throw key.error;
    return key.value;
  };

  const notFoundMessage = (key: ClientRunKey) => `Run record not found for ${key.clientRunId}`;

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

  const createClientRun = async (params: OldParams): Promise<CreatedClientRun> => {
    const p = paramsOf(params, "createClientRun");
    const runId = extractId(p.runId);
    const clientId = extractId(p.clientId);
    if (runId === null || clientId === null) {
      throw new CompatError(
        runId === null ? "missing-run-id" : "missing-client-id",
        "Run ID and Client ID are required to create client run record",
        { input: runId === null ? p.runId : p.clientId },
      );
    }
    const key = clientKeyOrThrow(runId, clientId);
    const sorted = orThrow(fields.sort(p.initialData, "clientRun", "initialData"));
    const f = fields.mapping.fields;
    const tags: Record<string, string> = { ...sorted.tags };
    if (sorted.notes.length > 0) tags[f.systemNotes] = sorted.notes.join(" | ");
    if (sorted.apifyRunId !== undefined) tags[f.apifyRunId] = sorted.apifyRunId;
    const input = {
      runId: key.clientRunId,
      clientId: key.clientId,
      ...(sorted.clientName === undefined ? {} : { clientName: sorted.clientName }),
      ...(Object.keys(tags).length > 0 ? { tags } : {}),
    };
    const started = await service.startClientRun(input);
    let run: ClientRunRecord;
    let created = false;
    if (started.isErr()) {
      // Only the client name differs: the one record exists, which is the answer.
      if (started.error.type !== "conflict") throw fromServiceError(started.error);
      const existing = await service.getClientRun(key.clientRunId, key.clientId);
      if (existing.isErr()) throw fromServiceError(started.error);
      run = existing.value;
    } else {
      run = started.value.run;
      created = started.value.created;
    }
    // The link makes the provider's webhook find this run. The record exists whatever happens
    // here, so a failed link never turns into a throw after creating (the next update carrying
    // the Apify Run ID links it again).
    if (created && sorted.apifyRunId !== undefined) {
      await service.linkExternalRun({
        provider: "apify",
        externalId: sorted.apifyRunId,
        runId: key.baseRunId,
        clientId: key.clientId,
      });
    }
    const shape = {
      id: run.runId,
      runId: run.runId,
      baseRunId: run.baseRunId,
      clientId: run.clientId,
      startTime: isoTime(run.startedAt),
    };
    return created ? shape : { ...shape, alreadyExists: true };
  };

  // Old answer of an update that could not find its record.
  const recordNotFound = (key: { clientRunId: string; clientId: string }, message: string) => ({
    success: false,
    error: "record_not_found",
    runId: key.clientRunId,
    clientId: key.clientId,
    message,
  });

  const clientArgs = (p: OldParams, what: string) => {
    const runId = extractId(p.runId);
    const clientId = extractId(p.clientId);
    if (runId === null || clientId === null) {
      throw new CompatError(
        runId === null ? "missing-run-id" : "missing-client-id",
        `Run ID and Client ID are required to ${what}`,
        { input: runId === null ? p.runId : p.clientId },
      );
    }
    return { runId, clientId };
  };

  const updateClientRunWith = async (
    p: OldParams,
    updates: Readonly<Record<string, unknown>>,
    forced: SortedFields["status"] | undefined,
  ): Promise<ClientRunAnswer> => {
    const { runId, clientId } = clientArgs(p, "update client run record");
    const key = resolveClientRunKey(runId, clientId);
    // The old update answered a run ID it could not validate with { success: false }.
    if (key.isErr()) return { success: false, error: key.error.message, code: key.error.code };
    const sorted = orThrow(fields.sort(updates, "clientRun", "updates"));
    const status = forced ?? sorted.status;
    const end = status === undefined ? undefined : endStatusOf(status);
    const written = await writeClientRun(service, fields, key.value, {
      sorted,
      metrics: "set",
      ...(end === undefined ? {} : { end: { status: end } }),
    });
    if (written.isErr()) {
      if (written.error.type === "not-found")
        return recordNotFound(key.value, notFoundMessage(key.value));
      throw fromServiceError(written.error);
    }
    const { run } = written.value;
    return {
      success: true,
      id: run.runId,
      runId: run.runId,
      baseRunId: run.baseRunId,
      clientId: run.clientId,
      ...updates,
      ...(forced === undefined ? {} : { status: label(run.status) }),
    };
  };

  const updateClientRun = async (params: OldParams) => {
    const p = paramsOf(params, "updateClientRun");
    return updateClientRunWith(p, (p.updates ?? {}) as OldParams, undefined);
  };

  const completeClientRun = async (params: OldParams) => {
    const p = paramsOf(params, "completeClientRun");
    const statusText = p.status ?? "Completed";
    const status = fields.statusOf(statusText);
    if (status === undefined || endStatusOf(status) === undefined) {
      throw invalidArgument(
        `completeClientRun: status is not a final status: ${show(statusText)}`,
        statusText,
      );
    }
    return updateClientRunWith(p, (p.updates ?? {}) as OldParams, status);
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

  const checkClientRunExists = async (params: OldParams): Promise<boolean> => {
    try {
      if (typeof params !== "object" || params === null) return false;
      const runId = extractId(params.runId);
      const clientId = extractId(params.clientId);
      if (runId === null || clientId === null) return false;
      const key = resolveClientRunKey(runId, clientId);
      if (key.isErr()) return false;
      const run = await service.getClientRun(key.value.clientRunId, key.value.clientId);
      return run.isOk();
    } catch {
      return false;
    }
  };

  const metricsWrite = async (
    p: OldParams,
    what: string,
    values: unknown,
    end: ((run: ClientRunRecord) => SortedFields["status"]) | undefined,
  ): Promise<ClientRunAnswer> => {
    const { runId, clientId } = clientArgs(p, what);
    const idempotencyKey = keyOf(p.idempotencyKey);
    const options = (
      typeof p.options === "object" && p.options !== null ? p.options : {}
    ) as OldParams;
    const source = typeof options.source === "string" ? options.source : "unknown";
    const missing = {
      success: false,
      error: "record_not_found",
      message: `No run record found for ${clientId} with run ID ${runId}`,
      source,
      runId,
      clientId,
    };
    const key = resolveClientRunKey(runId, clientId);
    // The old existence check answered false for a run ID it could not validate.
    if (key.isErr()) return missing;
    const sorted = orThrow(fields.sort(values, "clientRun", "metrics"));
    // Metric updates never carry the status (the old code deleted Status and End Time).
    const { status, ...rest } = sorted;
    const metricsOnly: SortedFields = rest;
    const written = await writeClientRun(service, fields, key.value, {
      sorted: end === undefined ? metricsOnly : { ...metricsOnly, notes: [] },
      metrics: "increments",
      ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
    });
    if (written.isErr()) {
      if (written.error.type === "not-found") return missing;
      throw fromServiceError(written.error);
    }
    let { run } = written.value;
    if (end !== undefined) {
      const final = endStatusOf(status ?? end(run) ?? "completed") ?? "completed";
      const ended = await service.completeClientRun(key.value.clientRunId, key.value.clientId, {
        status: final,
        ...(sorted.notes.length > 0 ? { notes: sorted.notes } : {}),
      });
      if (ended.isErr()) throw fromServiceError(ended.error);
      run = ended.value;
    }
    return {
      success: true,
      id: run.runId,
      runId: run.runId,
      baseRunId: run.baseRunId,
      clientId: run.clientId,
      ...(values as OldParams),
      applied: written.value.applied,
      ...(end === undefined ? {} : { status: label(run.status) }),
    };
  };

  const updateClientMetrics = async (params: OldParams) => {
    const p = paramsOf(params, "updateClientMetrics");
    return metricsWrite(p, "update client metrics", p.metrics, undefined);
  };

  const completeClientProcessing = async (params: OldParams) => {
    const p = paramsOf(params, "completeClientProcessing");
    const options = (
      typeof p.options === "object" && p.options !== null ? p.options : {}
    ) as OldParams;
    const finalMetrics = (p.finalMetrics ?? {}) as OldParams;
    const ends = options.isStandalone === true || options.force === true;
    // Standalone (or forced): the old status rule, judged on the run's totals after this call.
    const decide = (run: ClientRunRecord) => {
      if (finalMetrics.failed === true) return "failed" as const;
      const examined = (run.metrics.profiles_examined ?? 0) + (run.metrics.posts_examined ?? 0);
      return examined === 0 ? ("no_work" as const) : ("completed" as const);
    };
    return metricsWrite(p, "complete client processing", finalMetrics, ends ? decide : undefined);
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

  const appendToProgressLog = async (
    runId: unknown,
    clientId: unknown,
    message: unknown,
  ): Promise<boolean> => {
    try {
      const rid = extractId(runId);
      const cid = extractId(clientId);
      if (rid === null || cid === null || typeof message !== "string" || message.trim() === "") {
        return false;
      }
      const key = resolveClientRunKey(rid, cid);
      if (key.isErr()) return false;
      const appended = await service.appendProgress(
        key.value.clientRunId,
        key.value.clientId,
        message,
      );
      return appended.isOk();
    } catch {
      return false;
    }
  };

  const tracking = {
    createJob: compatOnly("createJob", createJob),
    updateJob: compatOnly("updateJob", updateJob),
    createClientRun: compatOnly("createClientRun", createClientRun),
    updateClientRun: compatOnly("updateClientRun", updateClientRun),
    completeJob: compatOnly("completeJob", completeJob),
    completeClientRun: compatOnly("completeClientRun", completeClientRun),
    getJobById,
    getLatestRun,
    updateClientMetrics: compatOnly("updateClientMetrics", updateClientMetrics),
    checkClientRunExists,
    updateAggregateMetrics: compatOnly("updateAggregateMetrics", updateAggregateMetrics),
    completeClientProcessing: compatOnly("completeClientProcessing", completeClientProcessing),
    standardizeRunId,
    appendToProgressLog,
  } as Omit<JobTracking, "JobTracking"> & { JobTracking?: JobTracking };
  tracking.JobTracking = tracking as JobTracking;
  return Object.freeze(tracking) as JobTracking;
}
