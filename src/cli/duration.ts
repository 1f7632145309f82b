import { err, ok, type Result } from "neverthrow";
import { type CliError, usageError } from "./cli-error.js";

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/**
 * Parses a duration like `2h`, `90m`, `45s`, `1.5d`, `500ms`.
 * @returns milliseconds, or a usage error naming the option
 */
export const parseDuration = (text: string, option: string): Result<number, CliError> => {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text.trim());
  const unit = match?.[2] === undefined ? undefined : UNIT_MS[match[2]];
  if (match === null || unit === undefined) {
    return err(usageError(`--${option} must be a duration like 2h, 90m or 45s, got '${text}'`));
  }
  return ok(Number(match[1]) * unit);
};
