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
  let record: string | undefined;
  try {
    record = recordNamed(value, issue.path);
  } catch {
    record = undefined; // a Proxy that throws only on a second read: the path alone must do
  }
  return err({
    type: "rejected",
    message: `invalid memory snapshot at ${issue.path}${record === undefined ? "" : ` (${record})`}: ${issue.message}`,
    cause: record === undefined ? issue : { ...issue, record },
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
  const operations = d.namedDictionary(o.operations, `${path}.operations`, (v, p) =>
    d.operation(v, p),
  );
  const metrics = d.namedDictionary(o.metrics, `${path}.metrics`, (v, p) => d.number(v, p));
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
  const startedAt = d.time(o.startedAt, `${path}.startedAt`);
  const endedAt = d.optional(o.endedAt, `${path}.endedAt`, (v, p) => d.time(v, p));
  const lastActivityAt = d.time(o.lastActivityAt, `${path}.lastActivityAt`);
  if (startedAt === undefined || endedAt === null || lastActivityAt === undefined) return undefined;
  // States the service never writes: it stamps endedAt whenever a run leaves `running`.
  if (endedAt === undefined && o.status !== "running") {
    return d.fail(`${path}.endedAt`, `a ${String(o.status)} run needs endedAt`, undefined);
  }
  if (endedAt !== undefined && endedAt < startedAt) {
    return d.fail(
      `${path}.endedAt`,
      `endedAt ${endedAt} is before startedAt ${startedAt}`,
      endedAt,
    );
  }
  return { startedAt, ...(endedAt === undefined ? {} : { endedAt }), lastActivityAt };
}

function decodeLink(d: Decoder, value: unknown, path: string): ExternalRunLink | undefined {
  const o = d.object(value, path);
  if (!o) return undefined;
  const provider = d.string(o.provider, `${path}.provider`);
  const externalId = d.string(o.externalId, `${path}.externalId`);
  const runId = d.baseRunId(o.runId, `${path}.runId`);
  const clientId = d.clientId(o.clientId, `${path}.clientId`);
  const linkedAt = d.time(o.linkedAt, `${path}.linkedAt`);
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

// Names the record an issue path points into (`job 251007-070457`, `client run 251007-070457-Guy`,
// `link apify/abc`), read defensively from the raw input: it may be anything.
function recordNamed(value: unknown, path: string): string | undefined {
  const m = /^\$\.(jobs|clientRuns|links)\[(\d+)\]/.exec(path);
  if (!m || typeof value !== "object" || value === null) return undefined;
  const list = (value as Record<string, unknown>)[m[1]!];
  if (!Array.isArray(list)) return undefined;
  const item: unknown = list[Number(m[2])];
  if (typeof item !== "object" || item === null) return undefined;
  const o = item as Record<string, unknown>;
  if (m[1] === "links") {
    return typeof o.provider === "string" && typeof o.externalId === "string"
      ? `link ${o.provider}/${o.externalId}`
      : undefined;
  }
  const record = o.record as Record<string, unknown> | null | undefined;
  const runId = typeof record === "object" && record !== null ? record.runId : undefined;
  if (typeof runId !== "string") return undefined;
  return `${m[1] === "jobs" ? "job" : "client run"} ${JSON.stringify(runId.slice(0, 100))}`;
}
