import { createClientRunId } from "./client-run-id.js";
import { isMissing } from "./missing.js";
import { validateAndStandardizeRunId } from "./validate.js";

/**
 * Old name of `validateAndStandardizeRunId`. The older `normalizeRunId(runId, clientId)` also
 * took a client: given one (not `null`, `undefined` or `''`) it behaves as `createClientRunId`,
 * so a two-argument call site keeps its client instead of silently losing it.
 * @param runId - a run ID string
 * @param clientId - optionally, the client whose run ID is wanted
 * @returns as `validateAndStandardizeRunId`, or as `createClientRunId` when a client is given
 * @throws CompatError as the function it behaves as
 */
export function normalizeRunId(runId: unknown, clientId?: unknown): string {
  return isMissing(clientId)
    ? validateAndStandardizeRunId(runId)
    : createClientRunId(runId, clientId);
}

export {
  /** Old name of `getBaseRunId`. */
  getBaseRunId as stripClientSuffix,
} from "./base-and-client.js";
export {
  /** Old name of `createClientRunId`. */
  createClientRunId as addClientSuffix,
} from "./client-run-id.js";
export {
  /** Old name of `generateRunId`. */
  generateRunId as generateTimestampRunId,
} from "./generate.js";
export {
  /** Old name of `getRunRecordId`. */
  getRunRecordId as getCachedRecordId,
  /** Old name of `registerRunRecord`. */
  registerRunRecord as cacheRecordId,
} from "./record-functions.js";
