import type { ClientRunRecord } from "../../store/index.js";
import { CompatError } from "../compat-error.js";
import { type SortedFields, tagValue } from "./field-mapping.js";
import type { ClientRunAnswer, CreatedClientRun } from "./job-tracking-types.js";
import { clientKeyOrThrow, keyOf, type OldParams, orThrow, paramsOf } from "./old-params.js";
import { extractId, isoTime } from "./old-shapes.js";
import { fromServiceError, invalidArgument, show } from "./record-error.js";
import type { RecordContext } from "./record-options.js";
import {
  APIFY_PROVIDER,
  type ClientRunKey,
  endStatusOf,
  resolveClientRunKey,
  writeClientRun,
} from "./record-writes.js";

/**
 * The JobTracking methods on Client Run Results records, over the context's service.
 * @param ctx - the checked options
 */
export const clientRunMethods = (ctx: RecordContext) => {
  const { service, fields } = ctx;
  const label = fields.labelOf;
  const notFoundMessage = (key: ClientRunKey) => `Run record not found for ${key.clientRunId}`;

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
    if (sorted.notes.length > 0) tags[f.systemNotes] = tagValue(sorted.notes.join(" | "));
    if (sorted.apifyRunId !== undefined) tags[f.apifyRunId] = tagValue(sorted.apifyRunId);
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
        provider: APIFY_PROVIDER,
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

  return {
    createClientRun,
    updateClientRun,
    completeClientRun,
    checkClientRunExists,
    updateClientMetrics,
    completeClientProcessing,
    appendToProgressLog,
  };
};
