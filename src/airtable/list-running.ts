import { err, ok, ResultAsync } from "neverthrow";
import type { BaseRunId, ClientId } from "../run-id/brand.js";
import type { RunningRecords } from "../store/port.js";
import type { ClientRunRecord, JobRecord } from "../store/records.js";
import type { StoreError } from "../store/store-error.js";
import type { BaseClient } from "./base-client.js";
import type { EventQuery, EventReader } from "./event-reader.js";
import { formulaField } from "./formula-escape.js";
import { fieldEquals } from "./key-formula.js";
import type { AirtableMapping } from "./mapping.js";
import { clientKey, decodeKey, encodeKey, jobKey } from "./record-key.js";
import type { Replica } from "./replica.js";

/** How far back creations are looked up in the events table (rows are written within a flush interval). */
export const RECENT_CREATIONS_MS = 24 * 60 * 60 * 1000;

/**
 * Every running job and client run. Candidates: projection rows whose Status is the running
 * option, plus records created in the last 24 hours (their row may not be written yet, e.g. after
 * a crash right after creation); their events are read and folded (the events decide), and the
 * records this process holds are added.
 */
export const listRunningRecords = (
  client: BaseClient,
  mapping: AirtableMapping,
  replica: Replica,
  reader: EventReader,
  now: () => number,
): ResultAsync<RunningRecords, StoreError> => {
  const f = mapping.fields;
  const running = fieldEquals(f.status, mapping.statuses.running);
  const run = async () => {
    const jobs = await client.list(mapping.tables.jobs, running);
    if (jobs.isErr()) return err(jobs.error);
    const runs = await client.list(mapping.tables.clientRuns, running);
    if (runs.isErr()) return err(runs.error);
    const since = Math.floor(now() - RECENT_CREATIONS_MS);
    const created = await client.list(
      mapping.tables.events,
      `${formulaField(mapping.eventFields.created)} >= ${since}`,
    );
    if (created.isErr()) return err(created.error);
    const queries: EventQuery[] = [];
    for (const row of created.value) {
      const keyText = row.fields[mapping.eventFields.key];
      if (typeof keyText === "string" && decodeKey(keyText)) queries.push({ by: "key", keyText });
    }
    for (const row of jobs.value) {
      const runId = row.fields[f.runId];
      if (typeof runId === "string")
        queries.push({ by: "key", keyText: encodeKey(jobKey(runId as BaseRunId)) });
    }
    for (const row of runs.value) {
      const runId = row.fields[f.runId];
      const clientId = row.fields[f.clientId];
      if (typeof runId !== "string" || typeof clientId !== "string") continue;
      if (!runId.endsWith(`-${clientId}`)) continue;
      const base = runId.slice(0, runId.length - clientId.length - 1) as BaseRunId;
      queries.push({ by: "key", keyText: encodeKey(clientKey(base, clientId as ClientId)) });
    }
    const read = await reader.readNow(queries);
    if (read.isErr()) return err(read.error);
    const held = [...replica.held.values()].filter((h) => h.view.record?.status === "running");
    return ok({
      jobs: held.filter((h) => h.key.kind === "job").map((h) => h.view.record as JobRecord),
      clientRuns: held
        .filter((h) => h.key.kind === "client")
        .map((h) => h.view.record as ClientRunRecord),
    });
  };
  return ResultAsync.fromSafePromise(run()).andThen((r) => r);
};
