/** Why a store call failed, as a readonly union on `type`. */
export type StoreError =
  /** Transient (network, rate limit, 5xx, timeout): the call may be retried. The write may or may not have happened when `outcome` is `unknown`. */
  | {
      readonly type: "unavailable";
      readonly message: string;
      readonly outcome: "not-applied" | "unknown";
      readonly cause?: unknown;
    }
  /** Permanent (bad request, unknown field, permissions): retrying will not help. */
  | { readonly type: "rejected"; readonly message: string; readonly cause?: unknown }
  /** The record to change does not exist. */
  | { readonly type: "not-found"; readonly message: string; readonly key: string }
  /** A conditional change found the record in a status it did not allow; nothing was written. */
  | {
      readonly type: "precondition-failed";
      readonly message: string;
      readonly key: string;
      readonly status: string;
    };

/** Builds a transient store error. */
export const storeUnavailable = (
  message: string,
  cause?: unknown,
  outcome: "not-applied" | "unknown" = "not-applied",
): StoreError => ({ type: "unavailable", message, outcome, cause });

/** Builds a permanent store error. */
export const storeRejected = (message: string, cause?: unknown): StoreError => ({
  type: "rejected",
  message,
  cause,
});

/** True when retrying the call that produced `error` may succeed. */
export const isRetryable = (error: StoreError): boolean => error.type === "unavailable";
