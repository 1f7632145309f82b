import type { Result } from "neverthrow";
import { err } from "neverthrow";
import type { StoreError } from "../store/store-error.js";
import type { RetryPolicy } from "./options.js";

/** How one store call may be retried. */
export interface RetryContext {
  readonly policy: RetryPolicy;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
}

/** The outcome of a retried call: its last result and how many tries it took. */
export interface Attempted<T> {
  readonly result: Result<T, StoreError>;
  readonly attempts: number;
}

/**
 * Runs `call` until it succeeds, fails permanently, or the attempts run out.
 * @param unknownOutcomeRetryable false for writes whose repeat could apply twice (store without idempotent changes)
 * @returns the last result and the number of attempts made
 */
export const withRetry = async <T>(
  ctx: RetryContext,
  call: () => PromiseLike<Result<T, StoreError>>,
  unknownOutcomeRetryable: boolean,
): Promise<Attempted<T>> => {
  const attempts = Math.max(1, Math.floor(ctx.policy.attempts));
  let last: Result<T, StoreError> = err({ type: "rejected", message: "no attempt made" });
  for (let attempt = 1; attempt <= attempts; attempt++) {
    last = await call();
    if (last.isOk()) return { result: last, attempts: attempt };
    const error = last.error;
    if (error.type !== "unavailable") return { result: last, attempts: attempt };
    if (error.outcome === "unknown" && !unknownOutcomeRetryable) {
      return { result: last, attempts: attempt };
    }
    if (attempt < attempts) await ctx.sleep(backoffDelay(ctx, attempt));
  }
  return { result: last, attempts };
};

/** Full-jitter exponential backoff: uniform in [0, min(max, base·2^(attempt-1))). */
const backoffDelay = (ctx: RetryContext, attempt: number): number => {
  const ceiling = Math.min(ctx.policy.maxDelayMs, ctx.policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.max(0, Math.floor(ctx.random() * ceiling));
};
