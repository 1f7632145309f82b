import { getBaseRunId } from "./base-and-client.js";
import { createClientRunId } from "./client-run-id.js";
import { generateRunId } from "./generate.js";
import { isMissing } from "./missing.js";
import { getRunRecordId, registerRunRecord } from "./record-functions.js";
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

/** Old name of `getBaseRunId` (the same function). */
export const stripClientSuffix: typeof getBaseRunId = getBaseRunId;

/** Old name of `createClientRunId` (the same function). */
export const addClientSuffix: typeof createClientRunId = createClientRunId;

/** Old name of `getRunRecordId` (the same function). */
export const getCachedRecordId: typeof getRunRecordId = getRunRecordId;

/** Old name of `registerRunRecord` (the same function). */
export const cacheRecordId: typeof registerRunRecord = registerRunRecord;

/** Old name of `generateRunId` (the same function). */
export const generateTimestampRunId: typeof generateRunId = generateRunId;
