import { err, ok, type Result } from "neverthrow";
import { createRunIdGenerator } from "../run-id/index.js";
import type { ServiceContext } from "./context.js";
import { createKeyedLock } from "./keyed-lock.js";
import {
  defaultRetryPolicy,
  defaultStaleAfterMs,
  type RunRecordServiceOptions,
} from "./options.js";
import { invalidArgument, type ServiceError } from "./service-error.js";
import { randomToken } from "./tokens.js";

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Resolves the service options once, checking what a JavaScript caller could get wrong (no
 * store, a clock that is not a function, a retry count that is not a finite number); like the run
 * ID generator, bad options never throw: the service's methods report the error.
 * @param options the options given to `createRunRecordService`
 * @returns the context every operation runs with, or `invalid-argument` naming the bad option
 */
export const buildContext = (
  options: RunRecordServiceOptions,
): Result<ServiceContext, ServiceError> => {
  try {
    return resolve(options);
  } catch (cause) {
    return err(invalidArgument("options", options, `could not be read: ${describeCause(cause)}`));
  }
};

const resolve = (options: RunRecordServiceOptions): Result<ServiceContext, ServiceError> => {
  if (typeof options !== "object" || options === null) {
    return err(invalidArgument("options", options, "expected an object with a store"));
  }
  const { store } = options;
  if (typeof store !== "object" || store === null) {
    return err(invalidArgument("store", store, "expected a RunRecordStore"));
  }
  if (typeof store.capabilities !== "object" || store.capabilities === null) {
    return err(invalidArgument("store", store, "the store has no capabilities object"));
  }
  const retry = { ...defaultRetryPolicy, ...options.retry };
  const numbers = {
    staleAfterMs: options.staleAfterMs ?? defaultStaleAfterMs,
    maxGeneratedIdCollisions: options.maxGeneratedIdCollisions ?? 5,
    "retry.attempts": retry.attempts,
    "retry.baseDelayMs": retry.baseDelayMs,
    "retry.maxDelayMs": retry.maxDelayMs,
  };
  for (const [field, value] of Object.entries(numbers)) {
    // Finite, so retries stay bounded and a sweep threshold means something.
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      return err(invalidArgument(field, value, "expected a finite number ≥ 0"));
    }
  }
  const functions = {
    now: options.now,
    sleep: options.sleep,
    random: options.random,
    tokens: options.tokens,
  };
  for (const [field, value] of Object.entries(functions)) {
    if (value !== undefined && typeof value !== "function") {
      return err(invalidArgument(field, value, "expected a function"));
    }
  }
  if (options.generator !== undefined && typeof options.generator?.next !== "function") {
    return err(invalidArgument("generator", options.generator, "expected an object with next()"));
  }
  const now = options.now ?? Date.now;
  return ok({
    store,
    caps: store.capabilities,
    now,
    generator: options.generator ?? createRunIdGenerator({ now }),
    staleAfterMs: numbers.staleAfterMs,
    retry: {
      policy: retry,
      sleep: options.sleep ?? defaultSleep,
      random: options.random ?? Math.random,
    },
    mintToken: options.tokens ?? randomToken,
    lock: createKeyedLock(),
    maxGeneratedIdCollisions: numbers.maxGeneratedIdCollisions,
  });
};

/**
 * Describes a thrown value for a one-line message; it came from injected code and may be hostile
 * (a throwing `message` getter or `toString`), so describing it never throws again.
 * @returns the error's message, the value as a string, or a placeholder
 */
export const describeCause = (cause: unknown): string => {
  try {
    return cause instanceof Error ? String(cause.message) : String(cause);
  } catch {
    return "a value that cannot be described";
  }
};
