import { err, ok, type Result } from "neverthrow";
import type { BaseRunId } from "../run-id/brand.js";
import { type JobRecord, RUN_STATUSES, type RunStatus } from "./records.js";
import { hasTags, type Tags, validateTags } from "./tags.js";

/** A point in time as callers give it: a `Date`, epoch milliseconds, or an ISO 8601 string. */
export type TimeInput = Date | number | string;

/** The filters and page of `listJobs`, as callers give them. */
export interface ListJobsQuery {
  /** One status or a list: a job matches when its status is any of them. */
  readonly status?: RunStatus | readonly RunStatus[];
  /** Key/value pairs a job's tags must all hold. */
  readonly tags?: Tags;
  /** Only jobs started strictly after this instant. */
  readonly startedAfter?: TimeInput;
  /** Only jobs started strictly before this instant. */
  readonly startedBefore?: TimeInput;
  /** Jobs per page, 1–500. @default 50 */
  readonly limit?: number;
  /** The `nextCursor` of the previous page of the same query. */
  readonly cursor?: string;
}

/** One page of `listJobs`: newest first; `nextCursor` is present when more jobs may follow. */
export interface JobPage {
  readonly jobs: readonly JobRecord[];
  readonly nextCursor?: string;
}

/** The position a page ends at: jobs strictly older than it (by start time, then run ID) come next. */
export interface JobPosition {
  readonly startedAt: number;
  readonly runId: BaseRunId;
}

/** A validated `listJobs` query, as stores evaluate it. */
export interface JobQuery {
  readonly statuses?: readonly RunStatus[];
  readonly tags?: Tags;
  /** Exclusive lower bound on `startedAt` (epoch ms). */
  readonly startedAfter?: number;
  /** Exclusive upper bound on `startedAt` (epoch ms). */
  readonly startedBefore?: number;
  readonly limit: number;
  /** Where the previous page ended. */
  readonly after?: JobPosition;
  /** A fingerprint of the filters, carried in cursors so a cursor of another query is refused. */
  readonly fingerprint: string;
}

/** Why a `listJobs` query was refused: `field` names the argument. */
export interface JobQueryError {
  readonly field: string;
  readonly input: unknown;
  readonly reason: string;
}

/** Jobs per page when no `limit` is given. */
export const DEFAULT_JOB_PAGE = 50;
/** The largest `limit` accepted. */
export const MAX_JOB_PAGE = 500;

const fail = (field: string, input: unknown, reason: string) => err({ field, input, reason });

/**
 * Validates and normalises a `listJobs` query (stores and the service share it, so they refuse the same input).
 * @param input - The caller's query; `undefined` means every job, first page.
 * @returns The query stores evaluate, or the first problem, naming the field.
 */
export function parseJobQuery(input: unknown): Result<JobQuery, JobQueryError> {
  if (input === undefined) input = {};
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return fail("query", input, "must be an object");
  }
  try {
    return readQuery(input as ListJobsQuery);
  } catch (cause) {
    return fail("query", cause, "could not be read");
  }
}

function readQuery(q: ListJobsQuery): Result<JobQuery, JobQueryError> {
  const statuses = readStatuses(q.status);
  if (statuses.isErr()) return err(statuses.error);
  let tags: Tags | undefined;
  if (q.tags !== undefined) {
    const checked = validateTags(q.tags, "tags", false);
    if (checked.isErr()) return fail(checked.error.path, checked.error.input, checked.error.reason);
    tags = checked.value as Tags;
  }
  const after = readTime("startedAfter", q.startedAfter);
  if (after.isErr()) return err(after.error);
  const before = readTime("startedBefore", q.startedBefore);
  if (before.isErr()) return err(before.error);
  const limit = q.limit ?? DEFAULT_JOB_PAGE;
  if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 1 || limit > MAX_JOB_PAGE) {
    return fail("limit", q.limit, `must be a whole number from 1 to ${MAX_JOB_PAGE}`);
  }
  const filters = {
    ...(statuses.value === undefined ? {} : { statuses: statuses.value }),
    ...(tags === undefined ? {} : { tags }),
    ...(after.value === undefined ? {} : { startedAfter: after.value }),
    ...(before.value === undefined ? {} : { startedBefore: before.value }),
  };
  const fingerprint = fingerprintOf(filters);
  if (q.cursor === undefined) return ok({ ...filters, limit, fingerprint });
  const position = decodeCursor(q.cursor, fingerprint);
  if (position === undefined) {
    return fail(
      "cursor",
      q.cursor,
      "is not a cursor of this query (pass the nextCursor of the same filters)",
    );
  }
  return ok({ ...filters, limit, fingerprint, after: position });
}

function readStatuses(input: unknown): Result<readonly RunStatus[] | undefined, JobQueryError> {
  if (input === undefined) return ok(undefined);
  const list: unknown[] = Array.isArray(input) ? input : [input];
  if (list.length === 0) return fail("status", input, "must name at least one status");
  for (const status of list) {
    if (!RUN_STATUSES.includes(status as RunStatus)) {
      return fail("status", status, `must be one of ${RUN_STATUSES.join(", ")}`);
    }
  }
  return ok([...new Set(list as RunStatus[])].sort());
}

function readTime(field: string, input: unknown): Result<number | undefined, JobQueryError> {
  if (input === undefined) return ok(undefined);
  let ms: number;
  if (input instanceof Date) ms = input.getTime();
  else if (typeof input === "number") ms = input;
  else if (typeof input === "string" && /^\d{4}-\d{2}-\d{2}/.test(input)) ms = Date.parse(input);
  else return fail(field, input, "must be a Date, epoch milliseconds or an ISO 8601 string");
  // Date's own range: anything outside it is not an instant any record can have.
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) {
    return fail(field, input, "is not a valid date");
  }
  return ok(ms);
}

/**
 * Orders jobs newest first: by start time descending, ties broken by run ID descending (byte order).
 * @returns A negative number when `a` comes first.
 */
export function compareJobsNewestFirst(a: JobPosition, b: JobPosition): number {
  if (a.startedAt !== b.startedAt) return b.startedAt - a.startedAt;
  return a.runId < b.runId ? 1 : a.runId > b.runId ? -1 : 0;
}

/** True when the job passes every filter of the query and lies after its cursor position. */
export function matchesJobQuery(job: JobRecord, query: JobQuery): boolean {
  if (query.statuses && !query.statuses.includes(job.status)) return false;
  if (query.tags && !hasTags(job.tags, query.tags)) return false;
  if (query.startedAfter !== undefined && !(job.startedAt > query.startedAfter)) return false;
  if (query.startedBefore !== undefined && !(job.startedAt < query.startedBefore)) return false;
  return query.after === undefined || compareJobsNewestFirst(query.after, job) < 0;
}

/**
 * Builds a page from jobs a store found: filters, orders newest first, and cuts at the limit.
 * @param candidates - Any superset of the matching jobs (a store may pre-filter or not at all).
 * @returns The page, with `nextCursor` when more matching jobs follow.
 */
export function pageOfJobs(candidates: Iterable<JobRecord>, query: JobQuery): JobPage {
  const matching = [...candidates].filter((job) => matchesJobQuery(job, query));
  matching.sort(compareJobsNewestFirst);
  const jobs = matching.slice(0, query.limit);
  if (matching.length <= query.limit) return { jobs };
  return { jobs, nextCursor: jobCursor(query, jobs[jobs.length - 1] as JobRecord) };
}

/**
 * The opaque cursor for the page after `last`: its position plus the query's fingerprint.
 * @returns A URL-safe string.
 */
export function jobCursor(query: JobQuery, last: JobPosition): string {
  const text = JSON.stringify({ v: 1, f: query.fingerprint, s: last.startedAt, r: last.runId });
  return toBase64Url(text);
}

function decodeCursor(cursor: unknown, fingerprint: string): JobPosition | undefined {
  if (typeof cursor !== "string" || cursor.length === 0 || cursor.length > 512) return undefined;
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  try {
    const value: unknown = JSON.parse(fromBase64Url(cursor));
    if (typeof value !== "object" || value === null) return undefined;
    const { v, f, s, r } = value as Record<string, unknown>;
    if (v !== 1 || f !== fingerprint || typeof s !== "number" || !Number.isFinite(s))
      return undefined;
    // Any stored key: rows of older bases may hold legacy run IDs, and a page may end on one.
    if (typeof r !== "string" || r.length === 0 || r.length > 256) return undefined;
    return { startedAt: s, runId: r as BaseRunId };
  } catch {
    return undefined;
  }
}

// FNV-1a over the canonical JSON of the filters: a cursor only needs to tell queries apart, not resist forgery.
function fingerprintOf(filters: object): string {
  const tags = (filters as { tags?: Tags }).tags;
  const canonical = JSON.stringify({
    ...filters,
    ...(tags ? { tags: Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : 1)) } : {}),
  });
  let hash = 0x811c9dc5;
  for (let i = 0; i < canonical.length; i++) {
    hash ^= canonical.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}

function toBase64Url(text: string): string {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text)))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
}

function fromBase64Url(text: string): string {
  const binary = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
  return new TextDecoder("utf-8", { fatal: true }).decode(
    Uint8Array.from(binary, (c) => c.charCodeAt(0)),
  );
}
