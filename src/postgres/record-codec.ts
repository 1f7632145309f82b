import type { ClientRunChange, JobChange } from "../store/changes.js";
import { freezeClientRun, freezeJob, freezeLink } from "../store/record-copies.js";
import type { ClientRunRecord, ExternalRunLink, JobRecord } from "../store/records.js";

/**
 * A job as the JSON text of its `record` column: only the known fields (the same copy the memory store keeps).
 * @returns The text, or a sentence saying why the record cannot be stored.
 */
export function encodeJob(job: JobRecord): string | { readonly problem: string } {
  const copy = freezeJob(job);
  const problem = checkRecord(copy);
  return problem ? { problem } : JSON.stringify(copy);
}

/** A client run as the JSON text of its `record` column, or why it cannot be stored. */
export function encodeClientRun(run: ClientRunRecord): string | { readonly problem: string } {
  const copy = freezeClientRun(run);
  const badMetric = Object.entries(copy.metrics).find(([, value]) => !Number.isFinite(value));
  const problem =
    checkRecord(copy) ??
    (typeof copy.baseRunId === "string" && typeof copy.clientId === "string"
      ? undefined
      : "a client run needs a string baseRunId and clientId") ??
    (badMetric === undefined ? undefined : `metric ${badMetric[0]} must be a finite number`);
  return problem ? { problem } : JSON.stringify(copy);
}

/** An external link as the JSON text of its `record` column, or why it cannot be stored. */
export function encodeLink(link: ExternalRunLink): string | { readonly problem: string } {
  const copy = freezeLink(link);
  if (typeof copy.provider !== "string" || typeof copy.externalId !== "string") {
    return { problem: "a link needs a string provider and externalId" };
  }
  if (!Number.isFinite(copy.linkedAt)) return { problem: "a link's linkedAt must be finite" };
  return JSON.stringify(copy);
}

// JSON has no NaN or Infinity (they would come back as null), and the start time orders `listJobs`.
function checkRecord(record: JobRecord | ClientRunRecord): string | undefined {
  if (typeof record.runId !== "string") return "a record needs a string runId";
  if (typeof record.status !== "string") return "a record needs a string status";
  if (!Number.isFinite(record.startedAt)) return "a record's startedAt must be finite";
  if (!Number.isFinite(record.lastActivityAt)) return "a record's lastActivityAt must be finite";
  if (record.endedAt !== undefined && !Number.isFinite(record.endedAt)) {
    return "a record's endedAt must be finite";
  }
  return undefined;
}

/**
 * A change as the JSON text the update functions read: only the fields the change rules know, so nothing else
 * reaches the record.
 */
export function encodeChange(change: JobChange | ClientRunChange): string {
  const run: ClientRunChange = change;
  const job: JobChange = change;
  const payload = {
    token: change.token,
    at: change.at,
    ifStatus: change.ifStatus === undefined ? undefined : [...change.ifStatus],
    status: change.status,
    // null is kept (it clears endedAt); undefined disappears from the JSON.
    endedAt: change.endedAt,
    notes: change.notes === undefined ? undefined : [...change.notes],
    tags: change.tags === undefined ? undefined : { ...change.tags },
    sealed: job.sealed,
    increments: run.increments === undefined ? undefined : { ...run.increments },
    set: run.set === undefined ? undefined : { ...run.set },
    progress: run.progress?.map((line) => ({ at: line.at, message: line.message })),
    operations:
      run.operations === undefined
        ? undefined
        : Object.fromEntries(
            Object.entries(run.operations).map(([name, state]) => [
              name,
              { status: state.status, startedAt: state.startedAt, endedAt: state.endedAt },
            ]),
          ),
  };
  return JSON.stringify(payload);
}

/** A job read from its `record` column (drivers parse `jsonb` to an object), frozen. */
export const decodeJob = (value: unknown): JobRecord => freezeJob(value as JobRecord);

/** A client run read from its `record` column, frozen. */
export const decodeClientRun = (value: unknown): ClientRunRecord =>
  freezeClientRun(value as ClientRunRecord);

/** An external link read from its `record` column, frozen. */
export const decodeLink = (value: unknown): ExternalRunLink => freezeLink(value as ExternalRunLink);
