import type { RunIdError } from "./errors.js";
import type { LegacyRunId } from "./parsed.js";

type SimpleType = Exclude<RunIdError["type"], "client-mismatch" | "legacy-format">;

/** Builds a run ID error of a type that carries only `input` and `message`. */
export const runIdError = (
  type: SimpleType,
  input: unknown,
  message: string,
  cause?: unknown,
): RunIdError =>
  cause === undefined ? { type, input, message } : ({ type, input, message, cause } as RunIdError);

/** Builds a `client-mismatch` error: the ID carries `actual` where the caller asked for `expected`. */
export const clientMismatch = (input: unknown, expected: string, actual: string): RunIdError => ({
  type: "client-mismatch",
  input,
  expected,
  actual,
  message: `run ID ${quote(input)} belongs to client ${quote(actual)}, not ${quote(expected)}`,
});

/** Builds a `legacy-format` error carrying the recognised legacy description. */
export const legacyFormat = (input: unknown, legacy: LegacyRunId): RunIdError => ({
  type: "legacy-format",
  input,
  legacy,
  message: `${quote(input)} is a legacy ${legacy.format} run ID (recognised, never converted)`,
});

/** Builds a `not-a-string` error that describes the value's type without ever calling its methods. */
export const notAString = (input: unknown, what = "run ID"): RunIdError =>
  runIdError("not-a-string", input, `a ${what} must be a string, got ${describeType(input)}`);

/**
 * Quotes a value for a message: strings as JSON (so whitespace and control characters show),
 * anything else by its type only — calling `toString` on arbitrary input could throw.
 */
export function quote(value: unknown): string {
  if (typeof value !== "string") return `<${describeType(value)}>`;
  const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;
  return JSON.stringify(shown);
}

/** Names a value's type safely (no property access, so Proxies and revoked Proxies are fine). */
export function describeType(value: unknown): string {
  if (value === null) return "null";
  return typeof value;
}
