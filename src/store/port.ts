import type { ResultAsync } from "neverthrow";
import type { BaseRunId, ClientId } from "../run-id/brand.js";
import type { Applied, ClientRunChange, JobChange } from "./changes.js";
import type { JobPage, ListJobsQuery } from "./job-query.js";
import type { ClientRunRecord, ExternalRunLink, JobRecord } from "./records.js";
import type { StoreError } from "./store-error.js";

/** What a store guarantees; the service picks its strategy and the conformance suite its tests from these. */
export interface StoreCapabilities {
  /** Concurrent creates of one key leave one record. If false the service serialises creates per key in its process. */
  readonly atomicCreate: boolean;
  /** Concurrent updates of one record never lose each other's changes. If false the service serialises them per key. */
  readonly atomicUpdate: boolean;
  /** `ifStatus` is checked in the same atomic step as the write. If false the service checks before writing. */
  readonly conditionalUpdate: boolean;
  /** Change tokens are remembered per record, so the service may retry a write whose outcome is unknown. */
  readonly idempotentChanges: boolean;
  /** The guarantees above hold across processes sharing the store, not only within one. */
  readonly multiProcess: boolean;
}

/**
 * The port every run record store implements: one calling convention, `ResultAsync<T, StoreError>`.
 * Keys are branded IDs; client runs are keyed by (base run ID, client ID).
 *
 * Promises every store keeps (the conformance suite tests each):
 * - Returned records are immutable copies: changing a returned record, or the object given to a create, never
 *   changes what the store holds, and later store changes never change a record already returned.
 * - Keys and external IDs compare byte-exactly: case-sensitive, no normalisation (`abc` and `ABC` differ).
 * - Changes follow `src/store/change-rules.ts`: a repeated token is `applied: false`; an `ifStatus` that does not
 *   hold — an empty list never does — is `precondition-failed` with nothing written; increments add, `set`
 *   replaces (0 included), progress and notes append in order (identical lines are kept), operations merge by
 *   name, tags merge (`null` removes).
 * - Lists are complete: `listClientRuns` and `listRunning` return every record however many there are.
 */
export interface RunRecordStore {
  /** A short name for logs and test titles. */
  readonly name: string;
  readonly capabilities: StoreCapabilities;
  /** Creates the job unless one with its run ID exists; returns the stored record either way. */
  createJob(job: JobRecord): ResultAsync<JobRecord, StoreError>;
  /** The job with this run ID, or `undefined`. */
  getJob(runId: BaseRunId): ResultAsync<JobRecord | undefined, StoreError>;
  /** Applies `change` atomically; `not-found` if absent, `precondition-failed` if `ifStatus` does not hold. */
  updateJob(runId: BaseRunId, change: JobChange): ResultAsync<Applied<JobRecord>, StoreError>;
  /** Creates the client run unless one exists for (base run ID, client ID); returns the stored record either way. */
  createClientRun(run: ClientRunRecord): ResultAsync<ClientRunRecord, StoreError>;
  /** The client run of this client in this job, or `undefined`. */
  getClientRun(
    runId: BaseRunId,
    clientId: ClientId,
  ): ResultAsync<ClientRunRecord | undefined, StoreError>;
  /** Every client run of the job, in no particular order. */
  listClientRuns(runId: BaseRunId): ResultAsync<readonly ClientRunRecord[], StoreError>;
  /** Applies `change` atomically; `not-found` if absent, `precondition-failed` if `ifStatus` does not hold. */
  updateClientRun(
    runId: BaseRunId,
    clientId: ClientId,
    change: ClientRunChange,
  ): ResultAsync<Applied<ClientRunRecord>, StoreError>;
  /**
   * Jobs newest first (start time, then run ID, both descending), filtered and paged by `query` (see
   * `parseJobQuery`); a query that does not parse is `rejected` naming the field. Paging with `nextCursor` never
   * repeats or skips a job that existed throughout, however the table changes between pages.
   */
  listJobs(query?: ListJobsQuery): ResultAsync<JobPage, StoreError>;
  /** Every job and client run whose status is `running` (the stale sweep's input). */
  listRunning(): ResultAsync<RunningRecords, StoreError>;
  /** Stores the link unless one exists for (provider, external ID); returns the stored link either way. */
  linkExternalRun(link: ExternalRunLink): ResultAsync<ExternalRunLink, StoreError>;
  /** The link for (provider, external ID), or `undefined`. */
  resolveExternalRun(
    provider: string,
    externalId: string,
  ): ResultAsync<ExternalRunLink | undefined, StoreError>;
  /** Writes out anything buffered; stores that buffer nothing may omit it. */
  flush?(): ResultAsync<void, StoreError>;
  /** Flushes, then releases timers and connections; nothing accepted is lost. */
  close?(): ResultAsync<void, StoreError>;
}

/** The records still `running`, as returned by `listRunning`. */
export interface RunningRecords {
  readonly jobs: readonly JobRecord[];
  readonly clientRuns: readonly ClientRunRecord[];
}
