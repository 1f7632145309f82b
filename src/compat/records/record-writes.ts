import { err, ok, type Result } from "neverthrow";
import {
  type ClientId,
  clientIdOf,
  normalizeRunId,
  parseClientId,
  toBaseRunId,
} from "../../run-id/index.js";
import type { CompleteInput, ServiceError } from "../../service/index.js";
import type { ClientRunRecord, JobRecord, RunStatus } from "../../store/index.js";
import { CompatError, fromRunIdError } from "../compat-error.js";
import { type FieldMapping, type SortedFields, tagValue } from "./field-mapping.js";
import type { RecordService } from "./record-service.js";

/** The provider name under which an `Apify Run ID` is linked to its client run. */
export const APIFY_PROVIDER = "apify";

/** The (job, client) pair an old `(runId, clientId)` names. */
export interface ClientRunKey {
  readonly baseRunId: string;
  readonly clientId: string;
  readonly clientRunId: string;
}

/**
 * Resolves a base or client run ID and a client ID to their pair: a base ID gains the client, a
 * client run ID must carry exactly this client (lenient repairs applied).
 * @returns the pair, or the CompatError the core's refusal maps to (`invalid-client-id`,
 *   `client-mismatch`, `placeholder`, `legacy-format`, …)
 */
export const resolveClientRunKey = (
  runId: string,
  clientId: string,
): Result<ClientRunKey, CompatError> => {
  const client = parseClientId(clientId);
  if (client.isErr()) return err(fromRunIdError(client.error));
  const normalized = normalizeRunId(runId, { clientId: client.value });
  if (normalized.isErr()) return err(fromRunIdError(normalized.error));
  const carried = clientIdOf(normalized.value) as ClientId;
  return ok({
    baseRunId: toBaseRunId(normalized.value),
    clientId: carried,
    clientRunId: normalized.value,
  });
};

/** Resolves a base or client run ID to the base run ID of its job (lenient repairs applied). */
export const resolveBaseRunId = (runId: string): Result<string, CompatError> =>
  normalizeRunId(runId).map(toBaseRunId).mapErr(fromRunIdError);

/** A status an explicit completion may write. */
export type EndStatus = NonNullable<CompleteInput["status"]>;

/** How an explicit completion ends a run. */
export interface EndWith {
  readonly status: EndStatus;
}

/** Maps a status named by an old caller to the end status the service writes (`stale` ends as failed). */
export const endStatusOf = (status: RunStatus): EndStatus | undefined =>
  status === "running" ? undefined : status === "stale" ? "failed" : status;

// While a run runs, the service has nowhere to append System Notes: they are kept as a tag (the
// old update overwrote the field too) and become notes of the record when the run ends.
const tagsOf = (fm: FieldMapping, sorted: SortedFields, ending: boolean) => {
  const f = fm.mapping.fields;
  const tags: Record<string, string> = { ...sorted.tags };
  if (!ending && sorted.notes.length > 0) tags[f.systemNotes] = tagValue(sorted.notes.join(" | "));
  if (sorted.apifyRunId !== undefined) tags[f.apifyRunId] = tagValue(sorted.apifyRunId);
  if (sorted.clientName !== undefined) tags[f.clientName] = tagValue(sorted.clientName);
  if (sorted.stream !== undefined) tags[f.stream] = String(sorted.stream);
  return tags;
};

/** What a client run write did: the record after it, and whether its metrics were applied. */
export interface ClientRunWritten {
  readonly run: ClientRunRecord;
  /** False when the idempotency key had been applied before (a retried call). */
  readonly applied: boolean;
}

/** A client run write: old fields sorted, how metrics count, the idempotency key, an explicit end. */
export interface ClientRunWrite {
  readonly sorted: SortedFields;
  readonly metrics: "increments" | "set";
  readonly idempotencyKey?: string;
  readonly end?: EndWith;
}

/**
 * Writes sorted old fields to one client run through the service, in the order that keeps every
 * write legal: tags and the provider link, then metrics, then the end (an ended run takes no
 * metrics). Reads the record when nothing was written, so a missing run is always `not-found`.
 */
export const writeClientRun = async (
  service: RecordService,
  fm: FieldMapping,
  key: ClientRunKey,
  write: ClientRunWrite,
): Promise<Result<ClientRunWritten, ServiceError>> => {
  const { sorted } = write;
  let run: ClientRunRecord | undefined;
  let applied = true;
  const tags = tagsOf(fm, sorted, write.end !== undefined);
  if (Object.keys(tags).length > 0) {
    const tagged = await service.setTags(key.clientRunId, key.clientId, tags);
    if (tagged.isErr()) return err(tagged.error);
    run = tagged.value as ClientRunRecord;
  }
  if (sorted.apifyRunId !== undefined) {
    const linked = await service.linkExternalRun({
      provider: APIFY_PROVIDER,
      externalId: sorted.apifyRunId,
      runId: key.baseRunId,
      clientId: key.clientId,
    });
    if (linked.isErr()) return err(linked.error);
  }
  if (Object.keys(sorted.metrics).length > 0) {
    const options =
      write.idempotencyKey === undefined ? {} : { idempotencyKey: write.idempotencyKey };
    const written =
      write.metrics === "increments"
        ? await service.recordMetrics(key.clientRunId, key.clientId, sorted.metrics, options)
        : await service.setMetrics(key.clientRunId, key.clientId, sorted.metrics, options);
    if (written.isErr()) return err(written.error);
    run = written.value.run;
    applied = written.value.applied;
  }
  if (write.end !== undefined) {
    const ended = await service.completeClientRun(key.clientRunId, key.clientId, {
      status: write.end.status,
      ...(sorted.notes.length > 0 ? { notes: sorted.notes } : {}),
    });
    if (ended.isErr()) return err(ended.error);
    run = ended.value;
  }
  if (run === undefined) {
    const read = await service.getClientRun(key.clientRunId, key.clientId);
    if (read.isErr()) return err(read.error);
    run = read.value;
  }
  return ok({ run, applied });
};

/**
 * Writes sorted old fields to a job: tags (stream, notes while running, fields Job Tracking has no
 * column for), then the end when a final status was named. Job totals are derived, so metric
 * fields are not written.
 */
export const writeJob = async (
  service: RecordService,
  fm: FieldMapping,
  baseRunId: string,
  sorted: SortedFields,
  end: EndWith | undefined,
): Promise<Result<JobRecord, ServiceError>> => {
  let job: JobRecord | undefined;
  const tags = tagsOf(fm, sorted, end !== undefined);
  if (Object.keys(tags).length > 0) {
    const tagged = await service.setTags(baseRunId, undefined, tags);
    if (tagged.isErr()) return err(tagged.error);
    job = tagged.value as JobRecord;
  }
  if (end !== undefined) {
    const ended = await service.completeJob(baseRunId, {
      status: end.status,
      ...(sorted.notes.length > 0 ? { notes: sorted.notes } : {}),
    });
    if (ended.isErr()) return err(ended.error);
    job = ended.value;
  }
  if (job === undefined) {
    const read = await service.getJob(baseRunId);
    if (read.isErr()) return err(read.error);
    job = read.value;
  }
  return ok(job);
};

/** True for the CompatError a sort returns instead of its fields (a refused argument). */
export const isRefusal = (value: unknown): value is CompatError => value instanceof CompatError;
