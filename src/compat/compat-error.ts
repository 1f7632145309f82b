import type { RunIdError, RunIdErrorType } from "../run-id/index.js";
import type { RecordErrorCode } from "./records/record-error.js";

/**
 * The stable `code` of every error `run-records/compat` throws: the core's run ID error type
 * when the core refused the input, or one of the old argument checks.
 */
export type CompatErrorCode =
  | RunIdErrorType
  | "missing-run-id"
  | "missing-base-run-id"
  | "missing-client-id"
  | RecordErrorCode;

/** What a `CompatError` is built from besides its code and message. */
export interface CompatErrorOptions {
  /** The argument that was refused. */
  readonly input: unknown;
  /** The core's error value, when the core refused the input. */
  readonly cause?: RunIdError;
}

/**
 * The one Error class `run-records/compat` throws: the old message, plus a stable `code`, the
 * offending `input` and, when the core refused the input, its `RunIdError` as `cause`.
 */
export class CompatError extends Error {
  override readonly name = "CompatError";
  /** A stable machine-readable reason; see `CompatErrorCode`. */
  readonly code: CompatErrorCode;
  /** The argument that was refused. */
  readonly input: unknown;
  /** The core's error value, when the core refused the input. */
  declare readonly cause: RunIdError | undefined;

  /**
   * @param code - the stable reason
   * @param message - the human message (the old one where the old function had one)
   * @param options - the refused input and the core's error
   */
  constructor(code: CompatErrorCode, message: string, options: CompatErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.input = options.input;
  }
}

/**
 * Wraps a core `RunIdError` as a thrown-style `CompatError` with the same code and message.
 * @param error - the core's error value
 * @returns a `CompatError` whose `code` is `error.type` and whose `cause` is `error`
 */
export const fromRunIdError = (error: RunIdError): CompatError =>
  new CompatError(error.type, error.message, { input: error.input, cause: error });

/**
 * True for a `CompatError`, also one thrown by another copy of this package (ESM and CJS
 * builds loaded side by side have different classes, so `instanceof` alone is not enough).
 * @param value - anything caught
 */
export const isCompatError = (value: unknown): value is CompatError =>
  value instanceof CompatError ||
  (value instanceof Error &&
    value.name === "CompatError" &&
    typeof Reflect.get(value, "code") === "string");
