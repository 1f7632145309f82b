import { clientRunFields, jobFields } from "../../airtable/record-codec.js";
import type { Job } from "../../service/index.js";
import type { ClientRunRecord, JobRecord } from "../../store/index.js";
import type { FieldMapping } from "./field-mapping.js";

/** Field values of an old record, keyed by Airtable field name. */
export type OldFields = Readonly<Record<string, string | number>>;

/**
 * A record in the shape the old code got from airtable.js: `id`, `fields` by field name, and
 * `get(field)`. `id` is the record's run ID (the service has no Airtable record IDs; the run ID
 * is unique per table and stable).
 */
export interface OldRecord {
  readonly id: string;
  readonly fields: OldFields;
  get(field: string): string | number | undefined;
}

const oldRecord = (id: string, fields: Record<string, string | number>): OldRecord => {
  const frozen = Object.freeze(fields);
  return Object.freeze({
    id,
    fields: frozen,
    get: (field: string) => (Object.hasOwn(frozen, field) ? frozen[field] : undefined),
  });
};

// Airtable leaves empty cells out of `fields`; so do these views. The store's JSON cell of all
// tags is left out too: each tag comes back under its own field name.
const present = (fm: FieldMapping, values: Record<string, string | number | null>) => {
  const tagsCell: unknown = Reflect.get(fm.mapping.fields, "tags");
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value !== null && value !== "" && key !== tagsCell) out[key] = value;
  }
  return out;
};

// Tags come back under their field names. System Notes written while a run was running are a
// tag (the service appends notes only when a run ends): both are shown, the record's first.
const overlayTags = (
  fields: Record<string, string | number>,
  tags: Readonly<Record<string, string>>,
  notesField: string,
) => {
  for (const [key, value] of Object.entries(tags)) {
    if (key === notesField && typeof fields[key] === "string")
      fields[key] = `${fields[key]}\n${value}`;
    else fields[key] = value;
  }
  return fields;
};

/**
 * The Job Tracking record of a job, with its totals (summed over its client runs) under the
 * metric fields and its tags under their field names.
 */
export const jobView = (fm: FieldMapping, job: JobRecord | Job): OldRecord => {
  const fields = present(fm, jobFields(fm.mapping, job));
  if ("metrics" in job) {
    for (const [metric, total] of Object.entries(job.metrics)) {
      fields[fm.fieldOfMetric(metric)] = total;
    }
  }
  return oldRecord(job.runId, overlayTags(fields, job.tags, fm.mapping.fields.systemNotes));
};

/** The Client Run Results record of a client run, tags under their field names. */
export const clientRunView = (fm: FieldMapping, run: ClientRunRecord): OldRecord => {
  const apify = run.tags[fm.mapping.fields.apifyRunId];
  const fields = present(fm, clientRunFields(fm.mapping, run, apify));
  return oldRecord(run.runId, overlayTags(fields, run.tags, fm.mapping.fields.systemNotes));
};

/** Epoch milliseconds as the old ISO text. */
export const isoTime = (ms: number): string => new Date(ms).toISOString();

/**
 * The old `extractId`: a string trimmed, an object's `runId`, `clientId` or `id`, anything else as
 * text; `null` for a missing value (`null`, `undefined`, `''`, `0`, `false`).
 */
export const extractId = (value: unknown): string | null => {
  if (!value) return null;
  if (typeof value === "string") return value.trim() || null;
  if (typeof value === "object") {
    try {
      const o = value as Record<string, unknown>;
      for (const key of ["runId", "clientId", "id"]) {
        if (o[key]) return String(o[key]).trim() || null;
      }
    } catch {
      return null;
    }
  }
  try {
    return String(value).trim() || null;
  } catch {
    return null;
  }
};
