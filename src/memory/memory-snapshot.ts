import { err, ok, type Result } from "neverthrow";
import type { ClientRunRecord, ExternalRunLink, JobRecord } from "../store/records.js";
import type { StoreError } from "../store/store-error.js";
import { type Tags, validateTags } from "../store/tags.js";
import { Decoder } from "./memory-snapshot-decode.js";

/** One stored record with the change tokens already applied to it. */
export interface SnapshotEntry<T> {
  readonly record: T;
  readonly tokens: readonly string[];
}

/** The whole state of a memory store as a JSON-serialisable value (`JSON.stringify` it to keep it in a file). */
export interface MemorySnapshot {
  readonly version: 1;
  readonly jobs: readonly SnapshotEntry<JobRecord>[];
  readonly clientRuns: readonly SnapshotEntry<ClientRunRecord>[];
  readonly links: readonly ExternalRunLink[];
}

/**
 * Validates untrusted input (JSON text, or the value `JSON.parse` gave) as a memory snapshot, without throwing.
 * @param json - JSON text or an already-parsed value.
 * @returns The snapshot, or a `rejected` error whose message names the first offending path.
 */
export function parseMemorySnapshot(json: unknown): Result<MemorySnapshot, StoreError> {
  let value = json;
  if (typeof json === "string") {
    try {
      value = JSON.parse(json);
    } catch (cause) {
      return err({ type: "rejected", message: "memory snapshot is not valid JSON", cause });
    }
  }
  const d = new Decoder();
  let snapshot: MemorySnapshot | undefined;
  try {
    snapshot = decodeSnapshot(d, value);
  } catch (cause) {
    // Only exotic input gets here (a Proxy or a throwing getter); JSON.parse output never does.
    return err({ type: "rejected", message: "memory snapshot could not be read", cause });
  }
  if (snapshot) return ok(snapshot);
  const issue = d.issue ?? { path: "$", message: "invalid", value };
  return err({
    type: "rejected",
    message: `invalid memory snapshot at ${issue.path}: ${issue.message}`,
    cause: issue,
  });
}

function decodeSnapshot(d: Decoder, value: unknown): MemorySnapshot | undefined {
  const o = d.object(value, "$");
  if (!o) return undefined;
  if (o.version !== 1) return d.fail("$.version", "expected version 1", o.version);
  const jobs = d.array(o.jobs, "$.jobs", (v, p) => entry(d, v, p, decodeJob));
  const clientRuns = d.array(o.clientRuns, "$.clientRuns", (v, p) =>
    entry(d, v, p, decodeClientRun),
  );
  const links = d.array(o.links, "$.links", (v, p) => decodeLink(d, v, p));
  if (!jobs || !clientRuns || !links) return undefined;
  const duplicate =
    firstDuplicate(
      jobs.map((e) => e.record.runId),
      "$.jobs",
    ) ??
    firstDuplicate(
      clientRuns.map((e) => JSON.stringify([e.record.baseRunId, e.record.clientId])),
      "$.clientRuns",
    ) ??
    firstDuplicate(
      links.map((l) => JSON.stringify([l.provider, l.externalId])),
      "$.links",
    );
  if (duplicate) return d.fail(duplicate.path, "duplicate key", duplicate.key);
  return { version: 1, jobs, clientRuns, links };
}

function entry<T>(
  d: Decoder,
  value: unknown,
  path: string,
  record: (d: Decoder, v: unknown, p: string) => T | undefined,
): SnapshotEntry<T> | undefined {
  const o = d.object(value, path);
  if (!o) return undefined;
  const decoded = record(d, o.record, `${path}.record`);
  const tokens = d.array(o.tokens, `${path}.tokens`, (v, p) => d.string(v, p));
  return decoded === undefined || tokens === undefined ? undefined : { record: decoded, tokens };
}

function decodeJob(d: Decoder, value: unknown, path: string): JobRecord | undefined {
  const o = d.object(value, path);
  if (!o) return undefined;
  const runId = d.baseRunId(o.runId, `${path}.runId`);
  const status = d.status(o.status, `${path}.status`);
  const stream = d.optional(o.stream, `${path}.stream`, (v, p) => d.number(v, p));
  const notes = d.array(o.notes, `${path}.notes`, (v, p) => d.string(v, p));
  const sealed = d.boolean(o.sealed, `${path}.sealed`);
  const times = decodeTimes(d, o, path);
  const creationToken = d.string(o.creationToken, `${path}.creationToken`);
  const tags = decodeTags(d, o.tags, `${path}.tags`);
  if (!runId || !status || stream === null || !notes || sealed === undefined || !times)
    return undefined;
  if (creationToken === undefined || tags === undefined) return undefined;
  return {
    runId,
    status,
    ...(stream === undefined ? {} : { stream }),
    notes,
    sealed,
    ...times,
    tags,
    creationToken,
  };
}

function decodeClientRun(d: Decoder, value: unknown, path: string): ClientRunRecord | undefined {
  const o = d.object(value, path);
  if (!o) return undefined;
  const baseRunId = d.baseRunId(o.baseRunId, `${path}.baseRunId`);
  const clientId = d.clientId(o.clientId, `${path}.clientId`);
  if (!baseRunId || !clientId) return undefined;
  const runId = d.clientRunId(o.runId, `${path}.runId`, baseRunId, clientId);
  const clientName = d.optional(o.clientName, `${path}.clientName`, (v, p) => d.string(v, p));
  const status = d.status(o.status, `${path}.status`);
  const operations = d.dictionary(o.operations, `${path}.operations`, (v, p) => d.operation(v, p));
  const metrics = d.dictionary(o.metrics, `${path}.metrics`, (v, p) => d.number(v, p));
  const progress = d.array(o.progress, `${path}.progress`, (v, p) => d.progressLine(v, p));
  const notes = d.array(o.notes, `${path}.notes`, (v, p) => d.string(v, p));
  const times = decodeTimes(d, o, path);
  const creationToken = d.string(o.creationToken, `${path}.creationToken`);
  const tags = decodeTags(d, o.tags, `${path}.tags`);
  if (!runId || clientName === null || !status || !operations || !metrics || !progress)
    return undefined;
  if (!notes || !times || creationToken === undefined || tags === undefined) return undefined;
  return {
    runId,
    baseRunId,
    clientId,
    ...(clientName === undefined ? {} : { clientName }),
    status,
    operations,
    metrics,
    progress,
    notes,
    ...times,
    tags,
    creationToken,
  };
}

// Snapshots written before tags existed have none: they load as `{}`.
function decodeTags(d: Decoder, value: unknown, path: string): Tags | undefined {
  if (value === undefined) return {};
  const tags = validateTags(value, path, false);
  if (tags.isErr()) return d.fail(tags.error.path, tags.error.reason, tags.error.input);
  return tags.value as Tags;
}

function decodeTimes(
  d: Decoder,
  o: Record<string, unknown>,
  path: string,
): { startedAt: number; endedAt?: number; lastActivityAt: number } | undefined {
  const startedAt = d.number(o.startedAt, `${path}.startedAt`);
  const endedAt = d.optional(o.endedAt, `${path}.endedAt`, (v, p) => d.number(v, p));
  const lastActivityAt = d.number(o.lastActivityAt, `${path}.lastActivityAt`);
  if (startedAt === undefined || endedAt === null || lastActivityAt === undefined) return undefined;
  return { startedAt, ...(endedAt === undefined ? {} : { endedAt }), lastActivityAt };
}

function decodeLink(d: Decoder, value: unknown, path: string): ExternalRunLink | undefined {
  const o = d.object(value, path);
  if (!o) return undefined;
  const provider = d.string(o.provider, `${path}.provider`);
  const externalId = d.string(o.externalId, `${path}.externalId`);
  const runId = d.baseRunId(o.runId, `${path}.runId`);
  const clientId = d.clientId(o.clientId, `${path}.clientId`);
  const linkedAt = d.number(o.linkedAt, `${path}.linkedAt`);
  if (provider === undefined || externalId === undefined || !runId || !clientId) return undefined;
  if (linkedAt === undefined) return undefined;
  return { provider, externalId, runId, clientId, linkedAt };
}

function firstDuplicate(
  keys: readonly string[],
  path: string,
): { path: string; key: string } | undefined {
  const seen = new Set<string>();
  for (const [index, key] of keys.entries()) {
    if (seen.has(key)) return { path: `${path}[${index}]`, key };
    seen.add(key);
  }
  return undefined;
}
