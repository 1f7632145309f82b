import { err, ok, type Result, ResultAsync } from "neverthrow";
import type { BaseRunId } from "../run-id/brand.js";
import {
  compareJobsNewestFirst,
  type JobPage,
  type JobQuery,
  matchesJobQuery,
  pageOfJobs,
  parseJobQuery,
} from "../store/job-query.js";
import type { JobRecord } from "../store/records.js";
import { type StoreError, storeRejected } from "../store/store-error.js";
import type { AirtableRow, BaseClient } from "./base-client.js";
import { causeText } from "./error-map.js";
import { CLAUSES_PER_READ, type EventReader } from "./event-reader.js";
import { formulaField, formulaString } from "./formula-escape.js";
import { RECENT_CREATIONS_MS } from "./list-running.js";
import type { AirtableMapping } from "./mapping.js";
import { decodeKey, encodeKey, jobKey } from "./record-key.js";
import type { Replica } from "./replica.js";

/** What `listJobs` reads. */
export interface ListJobsContext {
  readonly client: BaseClient;
  readonly mapping: AirtableMapping;
  readonly replica: Replica;
  readonly reader: EventReader;
  readonly now: () => number;
}

// A Start Time cell may hold less precision than the record (Airtable keeps date-times to the
// second or the millisecond); bounds are widened by this much and the fold decides exactly.
const CELL_PRECISION_MS = 1000;

const iso = (ms: number): string | undefined => {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
};

/** The Job Tracking filter: start time within the query's bounds (and before its cursor), widened. */
const rowFormula = (mapping: AirtableMapping, q: JobQuery): string => {
  const start = formulaField(mapping.fields.startTime);
  const upper = Math.min(q.startedBefore ?? Infinity, q.after?.startedAt ?? Infinity);
  const parts: string[] = [];
  const before = Number.isFinite(upper) ? iso(upper + CELL_PRECISION_MS) : undefined;
  if (before !== undefined)
    parts.push(`IS_BEFORE(${start}, DATETIME_PARSE(${formulaString(before)}))`);
  const after = q.startedAfter === undefined ? undefined : iso(q.startedAfter - CELL_PRECISION_MS);
  if (after !== undefined)
    parts.push(`IS_AFTER(${start}, DATETIME_PARSE(${formulaString(after)}))`);
  return parts.length <= 1 ? (parts[0] ?? "") : `AND(${parts.join(", ")})`;
};

/**
 * Events that created a job in the last 24 hours (their Job Tracking row may not be written yet).
 * A job key `["job","<id>"]` is 10 characters longer than its run ID, a client run key at least
 * 17: the length test keeps client run creations out of the answer (the keys decide exactly).
 */
const recentJobsFormula = (mapping: AirtableMapping, since: number): string => {
  const e = mapping.eventFields;
  return `AND(${formulaField(e.created)} >= ${since}, LEN(${formulaField(e.key)}) <= LEN(${formulaField(e.job)}) + 15)`;
};

// The query's time window and cursor position, without the filters a fold may change.
const bounds = (q: JobQuery): Partial<JobQuery> => ({
  ...(q.startedAfter === undefined ? {} : { startedAfter: q.startedAfter }),
  ...(q.startedBefore === undefined ? {} : { startedBefore: q.startedBefore }),
  ...(q.after === undefined ? {} : { after: q.after }),
});

const startOf = (mapping: AirtableMapping, row: AirtableRow): number | undefined => {
  const cell = row.fields[mapping.fields.startTime];
  const ms = typeof cell === "string" ? Date.parse(cell) : Number.NaN;
  return Number.isNaN(ms) ? undefined : ms;
};

/**
 * One page of jobs, newest first. Candidates are the Job Tracking rows in the query's time window,
 * read in Start Time order page by page, plus jobs created in the last 24 hours (from the events
 * table) and jobs this process holds; every candidate's events are read and folded, so status
 * and tags come from the events, never from a row that may lag behind. Reading stops once the
 * page is certain: it has `limit + 1` matches and every row not yet read starts later in the
 * order than the last of them.
 */
export const listJobRecords = (
  ctx: ListJobsContext,
  input: unknown,
): ResultAsync<JobPage, StoreError> => {
  const parsed = parseJobQuery(input);
  if (parsed.isErr()) {
    const { field, reason, input: value } = parsed.error;
    return ResultAsync.fromSafePromise(
      Promise.resolve(
        err<JobPage, StoreError>(storeRejected(`invalid ${field}: ${reason}`, value)),
      ),
    ).andThen((r) => r);
  }
  const q = parsed.value;
  const { client, mapping, replica, reader } = ctx;
  const seen = new Set<string>();

  /** Reads and folds the events of `runIds` not read yet by this call. */
  const fold = async (runIds: readonly string[]): Promise<Result<void, StoreError>> => {
    const fresh = runIds.filter((id) => !seen.has(id));
    for (const id of fresh) {
      seen.add(id);
      replica.pin(id);
    }
    if (fresh.length === 0) return ok(undefined);
    return reader.readNow(
      fresh.map((id) => ({ by: "key", keyText: encodeKey(jobKey(id as BaseRunId)) })),
    );
  };

  const matches = (): JobRecord[] => {
    const found: JobRecord[] = [];
    for (const id of seen) {
      const record = replica.held.get(encodeKey(jobKey(id as BaseRunId)))?.view.record;
      if (record && matchesJobQuery(record as JobRecord, q)) found.push(record as JobRecord);
    }
    return found.sort(compareJobsNewestFirst);
  };

  const run = async (): Promise<Result<JobPage, StoreError>> => {
    // Recent creations and the jobs this process holds, whose rows may not be written yet.
    const since = Math.floor(ctx.now() - RECENT_CREATIONS_MS);
    const recent = await client.list(mapping.tables.events, recentJobsFormula(mapping, since));
    if (recent.isErr()) return err(recent.error);
    const extra = new Set<string>();
    for (const row of recent.value) {
      const key = decodeKey(row.fields[mapping.eventFields.key]);
      if (key?.kind === "job") extra.add(key.runId);
    }
    // A held job's start time never changes: only those inside the window (and past the cursor)
    // are read again, so a process keeping many ended jobs does not re-read them all.
    const window: JobQuery = { limit: q.limit, fingerprint: q.fingerprint, ...bounds(q) };
    for (const held of replica.held.values()) {
      const record = held.view.record as JobRecord | undefined;
      if (held.key.kind === "job" && record && matchesJobQuery(record, window))
        extra.add(held.key.runId);
    }
    const first = await fold([...extra]);
    if (first.isErr()) return err(first.error);

    const f = mapping.fields;
    const scanned = await client.scan(
      mapping.tables.jobs,
      {
        formula: rowFormula(mapping, q),
        sort: [
          { field: f.startTime, direction: "desc" },
          { field: f.runId, direction: "desc" },
        ],
        fields: [f.runId, f.startTime],
      },
      async (rows) => {
        for (let i = 0; i < rows.length; i += CLAUSES_PER_READ) {
          const chunk = rows.slice(i, i + CLAUSES_PER_READ);
          const ids = chunk
            .map((row) => row.fields[f.runId])
            .filter((id): id is string => typeof id === "string");
          const read = await fold(ids);
          if (read.isErr()) return err(read.error);
          const last = chunk[chunk.length - 1];
          const lastStart = last === undefined ? undefined : startOf(mapping, last);
          // A row without a start time sorts last: nothing after it bounds the order.
          if (lastStart === undefined) continue;
          const found = matches();
          const cut = found[q.limit];
          if (cut !== undefined && cut.startedAt >= lastStart + CELL_PRECISION_MS) return ok(false);
        }
        return ok(true);
      },
    );
    if (scanned.isErr()) return err(scanned.error);
    return ok(pageOfJobs(matches(), q));
  };
  // Pinned while this call reads: a flush in between must not forget a job it already folded.
  const unpinAll = () => {
    for (const id of seen) replica.unpin(id);
  };
  const settled = run()
    .catch((cause: unknown) =>
      err<JobPage, StoreError>(
        storeRejected(
          `the Airtable store failed unexpectedly while listing jobs: ${causeText(cause)}`,
          cause,
        ),
      ),
    )
    .finally(unpinAll);
  return ResultAsync.fromSafePromise(settled).andThen((r) => r);
};
