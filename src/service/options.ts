import type { Result } from "neverthrow";
import type { BaseRunId } from "../run-id/brand.js";
import type { RunIdError } from "../run-id/errors.js";
import type { RunRecordStore } from "../store/port.js";

/** The bounded retry policy for transient store failures (exponential backoff with full jitter). */
export interface RetryPolicy {
  /** Total tries per store call, the first included. @default 5 */
  readonly attempts: number;
  /** The first backoff ceiling; doubled after each failure. @default 25 */
  readonly baseDelayMs: number;
  /** The largest backoff ceiling. @default 1000 */
  readonly maxDelayMs: number;
}

/** Anything that mints fresh base run IDs, such as `createRunIdGenerator()`. */
export interface RunIdSource {
  /** The next base run ID, strictly after the previous one. */
  next(): Result<BaseRunId, RunIdError>;
}

/** Options of `createRunRecordService`. */
export interface RunRecordServiceOptions {
  /** The store holding jobs, client runs and external links. */
  readonly store: RunRecordStore;
  /** The clock, epoch milliseconds. @default Date.now */
  readonly now?: () => number;
  /** Mints run IDs for `startJob` without one. @default createRunIdGenerator({ now }) */
  readonly generator?: RunIdSource;
  /** How long a running record may go without activity before `sweepStaleRuns()` marks it stale. @default 7_200_000 (2 h) */
  readonly staleAfterMs?: number;
  /** Retries of transient store failures. @default { attempts: 5, baseDelayMs: 25, maxDelayMs: 1000 } */
  readonly retry?: Partial<RetryPolicy>;
  /** Waits between retries. @default a setTimeout-based sleep */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Uniform [0, 1) source for retry jitter. @default Math.random */
  readonly random?: () => number;
  /** Mints a unique change token for writes without an idempotency key. @default crypto.randomUUID */
  readonly tokens?: () => string;
  /** How many times `startJob` without a run ID asks the generator again when the ID is taken. @default 5 */
  readonly maxGeneratedIdCollisions?: number;
}

/** The retry policy used when none is given. */
export const defaultRetryPolicy: RetryPolicy = { attempts: 5, baseDelayMs: 25, maxDelayMs: 1000 };

/** The staleness threshold used when none is given: two hours, the old "Running for 2+ hours" alert. */
export const defaultStaleAfterMs = 2 * 60 * 60 * 1000;
