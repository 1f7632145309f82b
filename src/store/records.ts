import type { BaseRunId, ClientId, ClientRunId } from "../run-id/brand.js";
import type { Tags } from "./tags.js";

/** The lifecycle status of a job, a client run or an operation. */
export type RunStatus =
  | "running"
  | "completed"
  | "completed_with_errors"
  | "failed"
  | "no_work"
  | "stale";

/** Every run status. */
export const RUN_STATUSES: readonly RunStatus[] = [
  "running",
  "completed",
  "completed_with_errors",
  "failed",
  "no_work",
  "stale",
];

/** The statuses of a run that ended by finishing (every terminal status but `stale`). */
export const FINISHED_STATUSES: readonly RunStatus[] = [
  "completed",
  "completed_with_errors",
  "failed",
  "no_work",
];

/** How one operation of a client run ended. */
export type OperationOutcome = "completed" | "failed" | "skipped";

/** The state of one named operation (`lead_scoring`, `post_harvesting`, …) of a client run. */
export interface OperationState {
  /** `declared` until started, `running` until ended, then its outcome. */
  readonly status: "declared" | "running" | OperationOutcome;
  readonly startedAt?: number;
  readonly endedAt?: number;
}

/** Every status an operation can have. */
export const OPERATION_STATUSES: readonly OperationState["status"][] = [
  "declared",
  "running",
  "completed",
  "failed",
  "skipped",
];

/** One timestamped line of a client run's progress log. */
export interface ProgressLine {
  /** Epoch milliseconds. */
  readonly at: number;
  readonly message: string;
}

/** One record per job (Job Tracking), keyed by its base run ID. */
export interface JobRecord {
  readonly runId: BaseRunId;
  readonly status: RunStatus;
  readonly stream?: number;
  /** System notes, oldest first. */
  readonly notes: readonly string[];
  /** True once every client run of the job has been started (`sealJob`). */
  readonly sealed: boolean;
  readonly startedAt: number;
  readonly endedAt?: number;
  readonly lastActivityAt: number;
  /** The caller's own labels (free string key/value pairs); `{}` when none. */
  readonly tags: Tags;
  /** The token of the create call that made this record, so a retried create knows it won. */
  readonly creationToken: string;
}

/** One record per client per job (Client Run Results), keyed by (base run ID, client ID). */
export interface ClientRunRecord {
  readonly runId: ClientRunId;
  readonly baseRunId: BaseRunId;
  readonly clientId: ClientId;
  readonly clientName?: string;
  readonly status: RunStatus;
  readonly operations: Readonly<Record<string, OperationState>>;
  readonly metrics: Readonly<Record<string, number>>;
  readonly progress: readonly ProgressLine[];
  /** System notes, oldest first. */
  readonly notes: readonly string[];
  readonly startedAt: number;
  readonly endedAt?: number;
  readonly lastActivityAt: number;
  /** The caller's own labels (free string key/value pairs); `{}` when none. */
  readonly tags: Tags;
  /** The token of the create call that made this record, so a retried create knows it won. */
  readonly creationToken: string;
}

/** A provider's run (e.g. an Apify actor run) linked to the client run it belongs to. */
export interface ExternalRunLink {
  readonly provider: string;
  readonly externalId: string;
  readonly runId: BaseRunId;
  readonly clientId: ClientId;
  readonly linkedAt: number;
}
