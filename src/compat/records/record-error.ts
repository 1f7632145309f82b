import type { ServiceError } from "../../service/index.js";
import { CompatError } from "../compat-error.js";

/**
 * The `code`s the record functions add to `CompatErrorCode`: the service's error types (an
 * invalid run ID keeps the run ID core's own code, such as `placeholder` or `malformed`).
 */
export type RecordErrorCode =
  | "invalid-argument"
  | "not-found"
  | "conflict"
  | "run-terminal"
  | "store-unavailable"
  | "store-rejected";

/**
 * The `CompatError` the record functions throw for a service error: `serviceError` is the
 * service's error value (`code` is its type).
 */
export class RecordCompatError extends CompatError {
  /** The service's error value. */
  readonly serviceError: ServiceError;

  /**
   * @param error - the service's error value
   * @param message - the message (the old one where the old function had one)
   */
  constructor(error: Exclude<ServiceError, { type: "invalid-run-id" }>, message: string) {
    super(error.type, message, { input: error.input });
    this.serviceError = error;
  }
}

/**
 * The `CompatError` a throwing record function throws for a service error: the run ID core's code
 * and message for an invalid run ID, otherwise the service error's type as `code`.
 * @param error - the service's error value
 * @param message - the old message to use instead of the service's (for `not-found`)
 */
export const fromServiceError = (error: ServiceError, message?: string): CompatError => {
  if (error.type === "invalid-run-id") {
    return new CompatError(error.error.type, error.error.message, {
      input: error.input,
      cause: error.error,
    });
  }
  return new RecordCompatError(error, message ?? error.message);
};

/** An `invalid-argument` CompatError for an old argument check. */
export const invalidArgument = (message: string, input: unknown): CompatError =>
  new CompatError("invalid-argument", message, { input });

/**
 * Text of any value for an error message: JSON where it has one, else its string form; never throws
 * (a BigInt, a null-prototype object or a throwing `toString` included).
 */
export const show = (value: unknown): string => {
  try {
    const json = JSON.stringify(value);
    if (json !== undefined) return json;
  } catch {
    // not JSON-able: fall through
  }
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
};

/**
 * Wraps a record function so that whatever escapes it is a `CompatError` (a getter that throws
 * in the caller's arguments, say), never a `TypeError` or `ReferenceError`.
 * @param name - the function's old name, for the message
 * @param fn - the function
 */
export const compatOnly =
  <A extends unknown[], R>(name: string, fn: (...args: A) => Promise<R>) =>
  async (...args: A): Promise<R> => {
    try {
      return await fn(...args);
    } catch (error) {
      if (error instanceof CompatError) throw error;
      throw new CompatError("invalid-argument", `${name}: could not read the arguments`, {
        input: args[0],
      });
    }
  };
