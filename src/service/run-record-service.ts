import type { ResultAsync } from "neverthrow";
import type { JobPage, ListJobsQuery } from "../store/job-query.js";
import type { ClientRunRecord, JobRecord } from "../store/records.js";
import type { TagChanges } from "../store/tags.js";
import type { StartClientRunInput, StartClientRunResult } from "./client-runs.js";
import type { CompleteInput } from "./complete-runs.js";
import type { LinkExternalRunInput, ResolvedExternalRun } from "./external-runs.js";
import type { CompleteOperationInput, StartOperationResult } from "./operations.js";
import type { ReopenInput } from "./reopen.js";
import type { ServiceError } from "./service-error.js";
import type { StartJobInput, StartJobResult } from "./start-job.js";
import type { Job, JobSummary } from "./summarize.js";
import type { SweepInput, SweepResult } from "./sweep.js";
import type { WriteOptions, WriteResult } from "./write-result.js";

/** Service results: a ResultAsync that never rejects. */
export type ServiceResult<T> = ResultAsync<T, ServiceError>;

/**
 * Creates and updates run records over an injected store. Run IDs may be given as base or client
 * run IDs (parsed leniently); where a client ID is also given it must match the client run ID's.
 * Writes to a stale or ended run are refused with `run-terminal` until it is reopened.
 */
export interface RunRecordService {
  /** Starts a job (run ID generated when absent); `created` says whether this call made it. */
  startJob(input?: StartJobInput): ServiceResult<StartJobResult>;
  /** Starts the one client run of (job, client), however many callers race; `created` is true for exactly one. */
  startClientRun(input: StartClientRunInput): ServiceResult<StartClientRunResult>;
  /** Marks an operation running; a repeat returns `started: false`. */
  startOperation(
    runId: string,
    clientId: string,
    operation: string,
  ): ServiceResult<StartOperationResult>;
  /** Ends an operation (with optional metric increments), then rolls the client run and the job up. */
  completeOperation(
    runId: string,
    clientId: string,
    operation: string,
    input: CompleteOperationInput,
  ): ServiceResult<ClientRunRecord>;
  /** Ends a client run explicitly, then rolls the job up. */
  completeClientRun(
    runId: string,
    clientId: string,
    input?: CompleteInput,
  ): ServiceResult<ClientRunRecord>;
  /** Ends a job explicitly. */
  completeJob(runId: string, input?: CompleteInput): ServiceResult<JobRecord>;
  /** Declares every client run started; the job ends once they all have. */
  sealJob(runId: string): ServiceResult<JobRecord>;
  /** Adds metric deltas atomically; an idempotency key is applied at most once per client run. */
  recordMetrics(
    runId: string,
    clientId: string,
    deltas: Readonly<Record<string, number>>,
    options?: WriteOptions,
  ): ServiceResult<WriteResult>;
  /** Sets absolute metric values. */
  setMetrics(
    runId: string,
    clientId: string,
    values: Readonly<Record<string, number>>,
    options?: WriteOptions,
  ): ServiceResult<WriteResult>;
  /** Appends a timestamped progress line. */
  appendProgress(
    runId: string,
    clientId: string,
    message: string,
    options?: WriteOptions,
  ): ServiceResult<WriteResult>;
  /** Links a provider's run (e.g. an Apify run) to a client run. */
  linkExternalRun(input: LinkExternalRunInput): ServiceResult<ResolvedExternalRun>;
  /** Finds the client run a provider's run belongs to. */
  resolveExternalRun(provider: string, externalId: string): ServiceResult<ResolvedExternalRun>;
  /**
   * Jobs newest first (by start time, ties by run ID), filtered by status (one or a list), tags (all pairs)
   * and start time (exclusive bounds), `limit` per page (default 50, at most 500), paged with the opaque
   * `nextCursor`; paging never repeats or skips a job that existed throughout. Jobs are the stored records
   * WITHOUT metric totals (those live on the client runs): `getJob(runId)` gives one job's totals with one
   * `listClientRuns` call. A bad filter is `invalid-argument` whose `field` names it.
   */
  listJobs(query?: ListJobsQuery): ServiceResult<JobPage>;
  /**
   * Merges tags into the job (`clientId` undefined; a client run ID then names its job) or into the client
   * run: a string sets the key, `null` removes it. Labels, not state: allowed on ended and stale runs,
   * never `run-terminal`. A bad key or value is `invalid-argument` naming `tags.<key>`.
   */
  setTags(runId: string, clientId: undefined, tags: TagChanges): ServiceResult<JobRecord>;
  /** Merges tags into the client run of (job, client); see the job form. */
  setTags(runId: string, clientId: string, tags: TagChanges): ServiceResult<ClientRunRecord>;
  /** Merges tags into the job or, with a client ID, the client run; see the job form. */
  setTags(
    runId: string,
    clientId: string | undefined,
    tags: TagChanges,
  ): ServiceResult<JobRecord | ClientRunRecord>;
  /** The job with its totals (metrics summed over its client runs). */
  getJob(runId: string): ServiceResult<Job>;
  /** The client run of (job, client). */
  getClientRun(runId: string, clientId: string): ServiceResult<ClientRunRecord>;
  /** Every client run of the job. */
  listClientRuns(runId: string): ServiceResult<readonly ClientRunRecord[]>;
  /** The job with totals and status counts. */
  summarizeJob(runId: string): ServiceResult<JobSummary>;
  /** Marks running records without recent activity as `stale`. */
  sweepStaleRuns(input?: SweepInput): ServiceResult<SweepResult>;
  /** Reopens a stale or ended job. */
  reopenJob(runId: string, input?: ReopenInput): ServiceResult<JobRecord>;
  /** Reopens a stale or ended client run. */
  reopenClientRun(
    runId: string,
    clientId: string,
    input?: ReopenInput,
  ): ServiceResult<ClientRunRecord>;
}
