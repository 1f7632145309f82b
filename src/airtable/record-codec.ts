import { err, ok, type Result } from "neverthrow";
import type { ClientRunChange } from "../store/changes.js";
import type { ClientRunRecord, JobRecord, ProgressLine } from "../store/records.js";
import { type StoreError, storeRejected } from "../store/store-error.js";
import type { AirtableMapping } from "./mapping.js";

/** Airtable field values for one row. */
export type AirtableFieldValues = Record<string, string | number | null>;

// Outside Date's range (±8.64e15 ms) toISOString throws: such a time is left blank instead.
const iso = (ms: number | undefined): string | null => {
  if (typeof ms !== "number") return null;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
};

/**
 * One progress line as stored in the Progress Log: `<ISO time> <message>`, with line breaks inside
 * the message flattened so a line can never pose as another.
 */
export const formatProgressLine = (line: ProgressLine): string =>
  `${iso(line.at) ?? "?"} ${String(line.message).replace(/\r\n|\r|\n/g, " ")}`;

/** The whole Progress Log text, oldest line first. */
export const formatProgressLog = (lines: readonly ProgressLine[]): string =>
  lines.map(formatProgressLine).join("\n");

// Keys sorted, so the cell (and the projection's change detection) does not depend on merge order.
const tagsText = (tags: Readonly<Record<string, string>>): string | null => {
  const entries = Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length === 0 ? null : JSON.stringify(Object.fromEntries(entries));
};

const notesText = (notes: readonly string[], status: string): string => {
  const all =
    status === "stale" ? [...notes, "Status: stale (no activity within the stale window)"] : notes;
  return all.join("\n");
};

/**
 * The metric names of a change (or of a new record) that the mapping has no field for.
 * @returns the unmapped names, in order of appearance
 */
export const unmappedMetrics = (
  mapping: AirtableMapping,
  ...groups: (Readonly<Record<string, number>> | undefined)[]
): string[] => {
  const missing: string[] = [];
  for (const group of groups) {
    for (const name of Object.keys(group ?? {})) {
      if (!Object.hasOwn(mapping.metrics, name) && !missing.includes(name)) missing.push(name);
    }
  }
  return missing;
};

/**
 * Refuses a client run change carrying a metric with no mapped field, naming it; nothing is written.
 */
export const checkMetrics = (
  mapping: AirtableMapping,
  change: Pick<ClientRunChange, "increments" | "set">,
): Result<void, StoreError> => {
  const missing = unmappedMetrics(mapping, change.increments, change.set);
  if (missing.length === 0) return ok(undefined);
  return err(
    storeRejected(
      `metric ${missing.map((m) => JSON.stringify(m)).join(", ")} has no Client Run Results field; add it to the store's \`metrics\` mapping`,
      { metrics: missing },
    ),
  );
};

/** The Job Tracking fields of a job. */
export const jobFields = (mapping: AirtableMapping, job: JobRecord): AirtableFieldValues => {
  const f = mapping.fields;
  return {
    [f.runId]: job.runId,
    [f.status]: mapping.statuses[job.status],
    [f.stream]: job.stream ?? null,
    [f.startTime]: iso(job.startedAt),
    [f.endTime]: iso(job.endedAt),
    [f.systemNotes]: notesText(job.notes, job.status),
    [f.tags]: tagsText(job.tags),
  };
};

/** The Client Run Results fields of a client run (metrics mapped; unmapped ones are never sent). */
export const clientRunFields = (
  mapping: AirtableMapping,
  run: ClientRunRecord,
  apifyRunId: string | undefined,
): AirtableFieldValues => {
  const f = mapping.fields;
  const failed = run.status === "failed" || run.status === "completed_with_errors";
  const fields: AirtableFieldValues = {
    [f.runId]: run.runId,
    [f.clientId]: run.clientId,
    [f.clientName]: run.clientName ?? null,
    [f.status]: mapping.statuses[run.status],
    [f.startTime]: iso(run.startedAt),
    [f.endTime]: iso(run.endedAt),
    [f.progressLog]: formatProgressLog(run.progress),
    [f.systemNotes]: notesText(run.notes, run.status),
    [f.errorDetails]: failed ? run.notes.join("\n") : null,
    [f.tags]: tagsText(run.tags),
  };
  if (apifyRunId !== undefined) fields[f.apifyRunId] = apifyRunId;
  for (const [name, value] of Object.entries(run.metrics)) {
    const field = mapping.metrics[name];
    if (field !== undefined && Object.hasOwn(mapping.metrics, name)) fields[field] = value;
  }
  return fields;
};
