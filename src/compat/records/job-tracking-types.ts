import type { OldParams } from "./old-params.js";
import type { OldRecord } from "./old-shapes.js";

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
