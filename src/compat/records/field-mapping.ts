import {
  type AirtableMapping,
  type AirtableMappingOptions,
  resolveAirtableMapping,
} from "../../airtable/mapping.js";
import { RUN_STATUSES, type RunStatus } from "../../store/index.js";
import type { CompatError } from "../compat-error.js";
import { invalidArgument, show } from "./record-error.js";

/** Which table an old `updates` / `metrics` / `initialData` object was meant for. */
export type TableKind = "job" | "clientRun";

/** An old field object sorted into what the service stores. */
export interface SortedFields {
  /** Metric name → number (Client Run Results metric fields, or metric names). */
  readonly metrics: Readonly<Record<string, number>>;
  /** The status named by `Status` / `status`, if any. */
  readonly status?: RunStatus;
  /** `System Notes` / `notes`, and text error details. */
  readonly notes: readonly string[];
  readonly apifyRunId?: string;
  readonly clientName?: string;
  readonly stream?: number;
  /** Fields the service has no field for, kept as tags under their field names. */
  readonly tags: Readonly<Record<string, string>>;
  /** Fields the service owns or derives (run ID, times, formulas, job totals): not written. */
  readonly ignored: readonly string[];
}

// Formula fields of the existing base: read-only, never written (DESIGN.md §5).
const FORMULA_FIELDS = new Set([
  "Duration",
  "Profile Scoring Success Rate",
  "Post Scoring Success Rate",
  "Success Rate",
]);

// A tag key the store accepts: 1–128 characters, no control or invisible characters.
const isTagKey = (key: string): boolean =>
  key.length > 0 && key.length <= 128 && !/[\p{Cc}\p{Cf}\u2028\u2029]/u.test(key);

// Longest tag value the store accepts (TAG_VALUE_MAX_LENGTH).
const TAG_VALUE_MAX = 2048;

/** The field names of one Airtable mapping, read both ways. */
export interface FieldMapping {
  readonly mapping: AirtableMapping;
  /** Sorts an old field object; a metric that is not a finite number is an `invalid-argument` error. */
  sort(value: unknown, kind: TableKind, what: string): SortedFields | CompatError;
  /** The run status an old status value names (`Completed`, `No Leads To Score`, `failed`, …). */
  statusOf(value: unknown): RunStatus | undefined;
  /** The Airtable select option of a status. */
  labelOf(status: RunStatus): string;
  /** The Client Run Results field of a metric (the metric's own name when it has none). */
  fieldOfMetric(metric: string): string;
}

/**
 * Builds the field mapping of the record functions from the Airtable store's mapping options,
 * so old field names mean what they mean to the Airtable store.
 * @param options - the Airtable store's mapping overrides (`fields`, `statuses`, `metrics`)
 */
export const createFieldMapping = (options?: AirtableMappingOptions): FieldMapping => {
  const mapping = resolveAirtableMapping(options);
  const f = mapping.fields;
  const metricOfField = new Map<string, string>();
  for (const [metric, field] of Object.entries(mapping.metrics)) {
    metricOfField.set(field, metric);
    metricOfField.set(metric, metric);
  }
  const statusOfLabel = new Map<string, RunStatus>();
  // `stale` shares `Failed` with `failed` by default: the real status wins, so it goes last.
  for (const status of [...RUN_STATUSES.filter((s) => s !== "stale"), "stale" as const]) {
    const label = mapping.statuses[status].trim().toLowerCase();
    if (!statusOfLabel.has(label)) statusOfLabel.set(label, status);
    if (!statusOfLabel.has(status)) statusOfLabel.set(status, status);
  }
  statusOfLabel.set("success", "completed");

  // The old field validator's lower-case aliases (`status`, `endTime`, `notes`, …).
  const role = new Map<string, string>([
    [f.runId, "owned"],
    ["runId", "owned"],
    [f.clientId, "owned"],
    ["clientId", "owned"],
    [f.startTime, "owned"],
    ["startTime", "owned"],
    [f.endTime, "owned"],
    ["endTime", "owned"],
    [f.progressLog, "owned"],
    [f.status, "status"],
    ["status", "status"],
    [f.systemNotes, "notes"],
    ["notes", "notes"],
    ["systemNotes", "notes"],
    [f.errorDetails, "notes"],
    ["error", "notes"],
    [f.clientName, "clientName"],
    ["clientName", "clientName"],
    [f.stream, "stream"],
    [f.apifyRunId, "apifyRunId"],
    ["apifyRunId", "apifyRunId"],
  ]);

  const statusOf = (value: unknown): RunStatus | undefined =>
    typeof value === "string" ? statusOfLabel.get(value.trim().toLowerCase()) : undefined;

  const sort = (value: unknown, kind: TableKind, what: string): SortedFields | CompatError => {
    if (value === undefined || value === null) value = {};
    if (typeof value !== "object" || Array.isArray(value)) {
      return invalidArgument(`${what} must be an object of field names and values`, value);
    }
    let entries: [string, unknown][];
    try {
      entries = Object.entries(value as object);
    } catch {
      return invalidArgument(`${what} could not be read`, value);
    }
    const metrics: Record<string, number> = {};
    const notes: string[] = [];
    const tags: Record<string, string> = {};
    const ignored: string[] = [];
    let status: RunStatus | undefined;
    let apifyRunId: string | undefined;
    let clientName: string | undefined;
    let stream: number | undefined;
    for (const [key, raw] of entries) {
      if (raw === undefined || raw === null) continue; // the old code skipped empty values
      const metric = metricOfField.get(key);
      if (metric !== undefined) {
        // Job Tracking holds no totals: they are derived from the client runs.
        if (kind === "job") ignored.push(key);
        else if (typeof raw !== "number" || !Number.isFinite(raw)) {
          return invalidArgument(`${what}: "${key}" must be a finite number`, raw);
        } else metrics[metric] = raw;
        continue;
      }
      if (FORMULA_FIELDS.has(key)) {
        ignored.push(key);
        continue;
      }
      switch (role.get(key)) {
        case "owned":
          ignored.push(key);
          break;
        case "status": {
          const named = statusOf(raw);
          if (named === undefined) {
            return invalidArgument(`${what}: "${key}" is not a status: ${show(raw)}`, raw);
          }
          status = named;
          break;
        }
        case "notes":
          if (typeof raw === "string") {
            if (raw.trim() !== "") notes.push(raw);
          } else tags[key] = tagValue(raw);
          break;
        case "apifyRunId":
          if (typeof raw === "string" && raw.trim() !== "") apifyRunId = raw.trim();
          else ignored.push(key);
          break;
        case "clientName":
          if (typeof raw === "string" && raw.trim() !== "") clientName = raw;
          break;
        case "stream":
          if (typeof raw === "number" && Number.isFinite(raw)) stream = raw;
          else tags[key] = tagValue(raw);
          break;
        default:
          if (!isTagKey(key)) {
            return invalidArgument(`${what}: field name "${key}" cannot be kept as a tag`, key);
          }
          tags[key] = tagValue(raw);
      }
    }
    return {
      metrics,
      notes,
      tags,
      ignored,
      ...(status === undefined ? {} : { status }),
      ...(apifyRunId === undefined ? {} : { apifyRunId }),
      ...(clientName === undefined ? {} : { clientName }),
      ...(stream === undefined ? {} : { stream }),
    };
  };

  return {
    mapping,
    sort,
    statusOf,
    labelOf: (status) => mapping.statuses[status],
    fieldOfMetric: (metric) =>
      Object.hasOwn(mapping.metrics, metric) ? (mapping.metrics[metric] as string) : metric,
  };
};

/**
 * A tag value for an old field value: text as given, other values as their text (`String` for
 * numbers and booleans, ISO for dates, JSON otherwise), with line breaks and other control
 * characters flattened (tags are single-line) and cut to the store's 2,048-character limit.
 */
export const tagValue = (value: unknown): string => {
  let text: string;
  if (typeof value === "string") text = value;
  else if (value instanceof Date && !Number.isNaN(value.getTime())) text = value.toISOString();
  else if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") {
    text = String(value);
  } else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = Object.prototype.toString.call(value);
    }
  }
  const flat = text.replace(/\r\n|\r|\n/g, " | ").replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, " ");
  return flat.length > TAG_VALUE_MAX ? `${flat.slice(0, TAG_VALUE_MAX - 1)}…` : flat;
};
