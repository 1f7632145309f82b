import { err, ok, type Result } from "neverthrow";
import { FINISHED_STATUSES, type RunStatus } from "../store/records.js";
import type { EndStatus } from "./roll-up.js";
import { invalidArgument, type ServiceError } from "./service-error.js";

const EXPLICIT: ReadonlySet<unknown> = new Set(FINISHED_STATUSES);

/** Checks an explicit end status (`stale` is the sweep's, `running` is not an end). */
export const validateEndStatus = (value: unknown): Result<EndStatus | undefined, ServiceError> => {
  if (value === undefined) return ok(undefined);
  return EXPLICIT.has(value)
    ? ok(value as EndStatus)
    : err(
        invalidArgument("status", value, "not completed, completed_with_errors, failed or no_work"),
      );
};

/** Every status a record can be reopened from. */
export const ENDED_STATUSES: readonly RunStatus[] = [...FINISHED_STATUSES, "stale"];
