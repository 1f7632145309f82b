import type { ServiceError } from "../../service/index.js";
import type { RunStatus } from "../../store/index.js";
import { getClientId } from "../base-and-client.js";
import { CompatError } from "../compat-error.js";
import { adapterJobMethods } from "./adapter-job-methods.js";
import {
  type AdapterParams,
  idempotencyKeyOf,
  optionsOf,
  positional,
  type Skipped,
  STANDALONE,
} from "./adapter-params.js";
import type { SortedFields } from "./field-mapping.js";
import { clientRunView, extractId, type OldRecord } from "./old-shapes.js";
import { compatOnly, fromServiceError, invalidArgument, show } from "./record-error.js";
import { type RecordCompatOptions, readRecordOptions } from "./record-options.js";
import {
  type ClientRunKey,
  endStatusOf,
  isRefusal,
  resolveClientRunKey,
  writeClientRun,
} from "./record-writes.js";

export type { AdapterParams, Skipped } from "./adapter-params.js";

/** The old simple run-record adapter, as an object over a `RunRecordService`. */
export interface RunRecordAdapter {
  /** Whether the client run of exactly this run exists (never another run of the same day). */
  checkRunRecordExists(params: AdapterParams | string, ...rest: unknown[]): Promise<boolean>;
  /** Updates a client run: counters are increments (once per `idempotencyKey`); returns the record. */
  updateRunRecord(params: AdapterParams | string, ...rest: unknown[]): Promise<OldRecord | Skipped>;
  /** Ends a client run with its `status` (boolean or status text) and notes; returns the record. */
  completeRunRecord(params: AdapterParams): Promise<OldRecord | Skipped>;
  /** Adds metric increments (once per `idempotencyKey`); returns the record. */
  updateClientMetrics(params: AdapterParams | string, ...rest: unknown[]): Promise<OldRecord>;
  /** Adds metric increments; `{ success, skipped, … }`, never throws for a missing record or a store failure. */
  safeUpdateMetrics(
    params: AdapterParams | string,
    ...rest: unknown[]
  ): Promise<Readonly<Record<string, unknown>>>;
  /** Creates the client run once; returns the one record. */
  createRunRecord(params: AdapterParams | string, ...rest: unknown[]): Promise<OldRecord | Skipped>;
  /** Creates the job once: the record with `success`, `created`, `existed`. */
  createJobRecord(
    params: AdapterParams | string,
    ...rest: unknown[]
  ): Promise<Readonly<Record<string, unknown>>>;
  /** Ends the job (`success` → Completed, else Failed); returns the record. */
  completeJobRecord(
    params: AdapterParams | string,
    ...rest: unknown[]
  ): Promise<OldRecord | Skipped>;
  /** Totals are derived: returns them without writing anything. */
  updateJobAggregates(
    params: AdapterParams | string,
    ...rest: unknown[]
  ): Promise<Readonly<Record<string, unknown>>>;
  /** Adds final metrics (once per `idempotencyKey`) and ends the client run; returns the record. */
  completeClientProcessing(params: AdapterParams | string, ...rest: unknown[]): Promise<OldRecord>;
  /** The old alias of `createRunRecord`. */
  createClientRunRecord(
    params: AdapterParams | string,
    ...rest: unknown[]
  ): Promise<OldRecord | Skipped>;
}

/**
 * Builds the existing server's simple run-record adapter over a `RunRecordService`: the old
 * function names, arguments and return shapes, with the old bugs fixed (see MIGRATION.md,
 * "Run records: the run-record adapter").
 * @param options - `{ service, mapping? }`
 * @throws CompatError `invalid-argument` when the service lacks a method
 */
export function createRunRecordAdapter(options: RecordCompatOptions): RunRecordAdapter {
  const ctx = readRecordOptions(options, "createRunRecordAdapter");
  const { service, fields } = ctx;
  const { createJobRecord, completeJobRecord, updateJobAggregates } = adapterJobMethods(ctx);

  // The old adapter's argument check: both present and valid, else an Error naming them.
  const keyOrThrow = (runId: unknown, clientId: unknown): ClientRunKey => {
    const rid = extractId(runId);
    const cid = extractId(clientId);
    if (rid === null || cid === null) {
      throw new CompatError(
        rid === null ? "missing-run-id" : "missing-client-id",
        `Invalid parameters: runId=${show(runId)}, clientId=${show(clientId)}`,
        { input: rid === null ? runId : clientId },
      );
    }
    const key = resolveClientRunKey(rid, cid);
    if (key.isErr()) throw key.error;
    return key.value;
  };

  const sortOrThrow = (value: unknown, what: string): SortedFields => {
    const sorted = fields.sort(value, "clientRun", what);
    if (isRefusal(sorted)) throw sorted;
    return sorted;
  };

  const nonExistent = (error: ServiceError, key: ClientRunKey, verb: string) =>
    fromServiceError(
      error,
      error.type === "not-found"
        ? `Cannot ${verb} non-existent run record for ${key.clientId} (${key.clientRunId}). Record must exist before ${verb === "update" ? "updates" : "completion"}.`
        : undefined,
    );

  const checkRunRecordExists = async (params: AdapterParams | string, ...rest: unknown[]) => {
    try {
      const p = positional(params, rest, ["runId", "clientId", "options"]);
      const rid = extractId(p.runId);
      if (rid === null) return false;
      const cid = extractId(p.clientId) ?? getClientId(rid);
      if (cid === null) return false;
      const key = resolveClientRunKey(rid, cid);
      if (key.isErr()) return false;
      // Exactly this (job, client): never a FIND over the day's run IDs.
      const run = await service.getClientRun(key.value.clientRunId, key.value.clientId);
      return run.isOk();
    } catch {
      return false;
    }
  };

  const increments = async (
    key: ClientRunKey,
    values: unknown,
    what: string,
    idempotencyKey: string | undefined,
    end: { status?: RunStatus; fallback: (sorted: SortedFields) => RunStatus } | undefined,
  ) => {
    const sorted = sortOrThrow(values, what);
    const status = end === undefined ? sorted.status : (sorted.status ?? end.fallback(sorted));
    const final = status === undefined ? undefined : endStatusOf(status);
    return writeClientRun(service, fields, key, {
      sorted,
      metrics: "increments",
      ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
      ...(final === undefined ? {} : { end: { status: final } }),
    });
  };

  const updateRunRecord = async (params: AdapterParams | string, ...rest: unknown[]) => {
    const p = positional(params, rest, ["runId", "clientId", "updates", "options"]);
    const key = keyOrThrow(p.runId, p.clientId);
    if (optionsOf(p).isStandalone === true) return STANDALONE;
    if (typeof p.updates !== "object" || p.updates === null) {
      throw invalidArgument(`Invalid updates object: ${show(p.updates)}`, p.updates);
    }
    const written = await increments(key, p.updates, "updates", idempotencyKeyOf(p), undefined);
    if (written.isErr()) throw nonExistent(written.error, key, "update");
    return clientRunView(fields, written.value.run);
  };

  const completionStatus = (value: unknown): RunStatus => {
    if (typeof value === "boolean") return value ? "completed" : "failed";
    const named = fields.statusOf(value);
    // The old adapter treated anything but Completed/success as a failure.
    return named === undefined || named === "running" ? "failed" : named;
  };

  const completeRunRecord = async (params: AdapterParams) => {
    if (typeof params !== "object" || params === null) {
      throw invalidArgument(`Invalid params: ${show(params)}`, params);
    }
    const f = fields.mapping.fields;
    const key = keyOrThrow(params.runId, params.clientId);
    if (optionsOf(params).isStandalone === true) return STANDALONE;
    const status = completionStatus(params[f.status] ?? params.status ?? params.Status);
    const notes = params[f.systemNotes] ?? params.systemNotes ?? params.notes;
    const end = endStatusOf(status) ?? "failed";
    const sorted: SortedFields = {
      metrics: {},
      notes: typeof notes === "string" && notes.trim() !== "" ? [notes] : [],
      tags: {},
      ignored: [],
    };
    const written = await writeClientRun(service, fields, key, {
      sorted,
      metrics: "increments",
      end: { status: end },
    });
    if (written.isErr()) throw nonExistent(written.error, key, "complete");
    return clientRunView(fields, written.value.run);
  };

  const updateClientMetrics = async (params: AdapterParams | string, ...rest: unknown[]) => {
    const p = positional(params, rest, ["runId", "clientId", "metrics", "options"]);
    const key = keyOrThrow(p.runId, p.clientId);
    const sorted = sortOrThrow(p.metrics, "metrics");
    // Metric updates never end a run (the old code deleted Status and End Time).
    const { status: _ignored, ...metricsOnly } = sorted;
    const idempotencyKey = idempotencyKeyOf(p);
    const written = await writeClientRun(service, fields, key, {
      sorted: metricsOnly,
      metrics: "increments",
      ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
    });
    if (written.isErr()) throw nonExistent(written.error, key, "update");
    return clientRunView(fields, written.value.run);
  };

  const safeUpdateMetrics = async (params: AdapterParams | string, ...rest: unknown[]) => {
    const p = positional(params, rest, [
      "runId",
      "clientId",
      "processType",
      "metrics",
      "createIfMissing",
      "options",
    ]);
    const key = keyOrThrow(p.runId, p.clientId);
    if (p.metrics !== undefined && (typeof p.metrics !== "object" || p.metrics === null)) {
      throw invalidArgument(`Invalid metrics parameter: ${show(p.metrics)}`, p.metrics);
    }
    const idempotencyKey = idempotencyKeyOf(p);
    if (optionsOf(p).isStandalone === true) {
      return {
        success: true,
        skipped: true,
        reason: "standalone_run",
        message: "Metrics update skipped for standalone run",
      };
    }
    const sorted = fields.sort(p.metrics, "clientRun", "metrics");
    if (isRefusal(sorted)) {
      return { success: false, error: sorted.message, skipped: true, reason: "update_error" };
    }
    const { status: _ignored, ...metricsOnly } = sorted;
    const written = await writeClientRun(service, fields, key, {
      sorted: metricsOnly,
      metrics: "increments",
      ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
    });
    if (written.isErr()) {
      if (written.error.type === "not-found") {
        return {
          success: false,
          skipped: true,
          reason: "record_not_found",
          message: `Run record not found for ${key.clientRunId} (${key.clientId}). Metrics update skipped.`,
        };
      }
      return {
        success: false,
        error: written.error.message,
        skipped: true,
        reason: "update_error",
      };
    }
    return {
      success: true,
      skipped: false,
      applied: written.value.applied,
      updateResult: clientRunView(fields, written.value.run),
    };
  };

  const createRunRecord = async (params: AdapterParams | string, ...rest: unknown[]) => {
    const p = positional(params, rest, ["runId", "clientId", "clientName", "options"]);
    const key = keyOrThrow(p.runId, p.clientId);
    if (optionsOf(p).isStandalone === true) return STANDALONE;
    const clientName =
      typeof p.clientName === "string" && p.clientName.trim() !== "" ? p.clientName : undefined;
    const started = await service.startClientRun({
      runId: key.clientRunId,
      clientId: key.clientId,
      ...(clientName === undefined ? {} : { clientName }),
    });
    if (started.isOk()) return clientRunView(fields, started.value.run);
    // Another client name on the one record: the record is still the answer.
    if (started.error.type === "conflict") {
      const existing = await service.getClientRun(key.clientRunId, key.clientId);
      if (existing.isOk()) return clientRunView(fields, existing.value);
    }
    throw fromServiceError(started.error);
  };

  const completeClientProcessing = async (params: AdapterParams | string, ...rest: unknown[]) => {
    const p = positional(params, rest, ["runId", "clientId", "finalMetrics", "options"]);
    if (extractId(p.runId) === null) {
      throw new CompatError(
        "missing-run-id",
        "Missing required runId parameter for completing client processing",
        {
          input: p.runId,
        },
      );
    }
    if (extractId(p.clientId) === null) {
      throw new CompatError(
        "missing-client-id",
        "Missing required clientId parameter for completing client processing",
        { input: p.clientId },
      );
    }
    const key = keyOrThrow(p.runId, p.clientId);
    const finalMetrics = (p.finalMetrics ?? {}) as AdapterParams;
    const errors = finalMetrics.errors;
    const written = await increments(key, finalMetrics, "finalMetrics", idempotencyKeyOf(p), {
      fallback: () =>
        typeof errors === "number" && errors > 0 ? "completed_with_errors" : "completed",
    });
    if (written.isErr()) throw nonExistent(written.error, key, "complete");
    return clientRunView(fields, written.value.run);
  };

  const create = compatOnly("createRunRecord", createRunRecord);
  return Object.freeze({
    checkRunRecordExists,
    updateRunRecord: compatOnly("updateRunRecord", updateRunRecord),
    completeRunRecord: compatOnly("completeRunRecord", completeRunRecord),
    updateClientMetrics: compatOnly("updateClientMetrics", updateClientMetrics),
    safeUpdateMetrics: compatOnly("safeUpdateMetrics", safeUpdateMetrics),
    createRunRecord: create,
    createJobRecord: compatOnly("createJobRecord", createJobRecord),
    completeJobRecord: compatOnly("completeJobRecord", completeJobRecord),
    updateJobAggregates: compatOnly("updateJobAggregates", updateJobAggregates),
    completeClientProcessing: compatOnly("completeClientProcessing", completeClientProcessing),
    createClientRunRecord: create,
  });
}
