import type { RunIdError } from "../run-id/errors.js";
import { isMetricOutOfRange } from "../store/change-rules.js";
import type { RunStatus } from "../store/records.js";
import type { StoreError } from "../store/store-error.js";

/** Why a service call failed, as a readonly union on `type`; every variant carries the offending `input` and a one-line `message`. */
export type ServiceError =
  /** A run ID or client ID was refused by the run ID core; `error` (also `cause`) is the RunIdError. */
  | {
      readonly type: "invalid-run-id";
      readonly input: unknown;
      readonly message: string;
      readonly error: RunIdError;
      readonly cause: RunIdError;
    }
  /** Any other argument was unusable (not an object, a metric that is not a finite number, an empty name…). */
  | {
      readonly type: "invalid-argument";
      readonly input: unknown;
      readonly message: string;
      readonly field: string;
      /** The store's `rejected` error, when the shared change rules refused the argument (a metric out of range). */
      readonly cause?: unknown;
    }
  /** The job, client run or external link does not exist. */
  | { readonly type: "not-found"; readonly input: unknown; readonly message: string }
  /** The key exists with a different payload (or a generated run ID kept colliding). */
  | {
      readonly type: "conflict";
      readonly input: unknown;
      readonly message: string;
      readonly existing: unknown;
    }
  /** A client run ID names a different client than the one given. */
  | {
      readonly type: "client-mismatch";
      readonly input: unknown;
      readonly message: string;
      readonly expected: string;
      readonly actual: string;
    }
  /** The run is stale or has ended; writes are fenced off until it is reopened. */
  | {
      readonly type: "run-terminal";
      readonly input: unknown;
      readonly message: string;
      readonly status: RunStatus;
    }
  /** The store failed transiently and the bounded retries ran out; retrying later may succeed. */
  | {
      readonly type: "store-unavailable";
      readonly input: unknown;
      readonly message: string;
      readonly retryable: true;
      readonly attempts: number;
      readonly cause: unknown;
    }
  /** The store refused the call permanently; retrying will not help. */
  | {
      readonly type: "store-rejected";
      readonly input: unknown;
      readonly message: string;
      readonly retryable: false;
      readonly cause: unknown;
    };

/** The `type` of a service error. */
export type ServiceErrorType = ServiceError["type"];

/** Wraps a run ID core error. */
export const invalidRunId = (input: unknown, error: RunIdError): ServiceError => ({
  type: "invalid-run-id",
  input,
  message: `invalid run ID: ${error.message}`,
  error,
  cause: error,
});

/** Builds an `invalid-argument` error for `field`. */
export const invalidArgument = (field: string, input: unknown, reason: string): ServiceError => ({
  type: "invalid-argument",
  input,
  message: `invalid ${field}: ${reason}`,
  field,
});

/** Builds a `not-found` error. */
export const notFound = (input: unknown, what: string): ServiceError => ({
  type: "not-found",
  input,
  message: `${what} not found`,
});

/** Builds a `conflict` error carrying what the store already holds. */
export const conflict = (input: unknown, reason: string, existing: unknown): ServiceError => ({
  type: "conflict",
  input,
  message: reason,
  existing,
});

/** Builds a `client-mismatch` error. */
export const clientMismatch = (input: unknown, expected: string, actual: string): ServiceError => ({
  type: "client-mismatch",
  input,
  message: `run ID belongs to client ${JSON.stringify(actual)}, not ${JSON.stringify(expected)}`,
  expected,
  actual,
});

/** Builds a `run-terminal` error (the fencing refusal). */
export const runTerminal = (input: unknown, what: string, status: RunStatus): ServiceError => ({
  type: "run-terminal",
  input,
  message: `${what} is ${status}; reopen it before writing`,
  status,
});

/** Maps a store error that survived the retry policy to a service error. */
export const fromStoreError = (input: unknown, error: StoreError, attempts = 1): ServiceError => {
  // The shared metric range rule refused the change: the caller's argument is at fault, not the store.
  if (error.type === "rejected" && isMetricOutOfRange(error.cause)) {
    const { metric, value } = error.cause;
    const field = `metrics.${metric}`;
    return {
      type: "invalid-argument",
      input: value,
      message: `invalid ${field}: ${error.message}`,
      field,
      cause: error,
    };
  }
  switch (error.type) {
    case "unavailable":
      return {
        type: "store-unavailable",
        input,
        message: `store unavailable after ${attempts} attempt(s): ${error.message}`,
        retryable: true,
        attempts,
        cause: error,
      };
    case "not-found":
      return notFound(input, error.key);
    case "precondition-failed":
      return runTerminal(input, error.key, error.status as RunStatus);
    default:
      return {
        type: "store-rejected",
        input,
        message: `store rejected the call: ${error.message}`,
        retryable: false,
        cause: error,
      };
  }
};

/** True when retrying the failed call later may succeed. */
export const isRetryableServiceError = (error: ServiceError): boolean =>
  error.type === "store-unavailable";
