/** How a worker process connects (JSON in its argv). */
export interface WorkerSetup {
  readonly url: string;
  /** Pool size. @default 8 */
  readonly connections?: number;
  /** Start of the worker's clock (epoch ms; moves 1 ms per reading). */
  readonly clock: number;
}

/** One task for a worker process, sent as a message. */
export type WorkerTask =
  | {
      readonly kind: "create-race";
      readonly runId: string;
      readonly clientId: string;
      readonly count: number;
    }
  | {
      readonly kind: "increments";
      readonly runId: string;
      readonly clientId: string;
      /** Idempotency key numbers to send; the metric `weight` of each is its number. */
      readonly keys: readonly number[];
    }
  | {
      readonly kind: "standard-share";
      readonly runId: string;
      readonly share: number;
      readonly shares: number;
      readonly seed: number;
      /** File that gets one line per acknowledged recordMetrics ("client op send"). */
      readonly acknowledgements?: string;
      /** Send a `progress` message once this many recordMetrics calls were acknowledged. */
      readonly notifyAfter?: number;
    }
  | StandardRunsTask;

/** Whole standard runs one after another, each its own job (throughput benchmarks). */
export interface StandardRunsTask {
  readonly kind: "standard-runs";
  readonly runs: number;
  readonly seed: number;
}

/** What the parent sends: a task to prepare, the signal to run it, or the end. */
export type ParentMessage =
  | { readonly type: "prepare"; readonly task: WorkerTask }
  | { readonly type: "go" }
  | { readonly type: "exit" };

/** What a worker process reports to its parent. */
export type WorkerMessage =
  | { readonly type: "up" }
  | { readonly type: "ready"; readonly failures?: readonly string[] }
  | {
      readonly type: "done";
      readonly created: number;
      readonly applied: number;
      readonly failures: readonly string[];
      /** Service calls made (standard runs). */
      readonly sends?: number;
    }
  | { readonly type: "progress"; readonly acknowledged: number }
  | { readonly type: "failed"; readonly reason: string };
