import { generateRunId as nextSharedRunId } from "../run-id/index.js";
import { fromRunIdError } from "./compat-error.js";

/**
 * A new base run ID (`YYMMDD-HHMMSS`, UTC) from the core's shared generator: strictly
 * increasing within the process, so two calls in one second never return the same ID.
 * Arguments are ignored, as before.
 * @returns the base run ID
 * @throws CompatError `generator-ahead` when more IDs were asked for than the generator may
 *   mint ahead of the clock (its rate limit, 300 seconds' worth by default)
 */
export function generateRunId(): string {
  const next = nextSharedRunId();
  if (next.isErr()) throw fromRunIdError(next.error);
  return next.value;
}
