import type { RunStatus } from "../store/records.js";

/** Table names the store reads and writes, all in one base. */
export interface AirtableTables {
  /** One record per job. @default "Job Tracking" */
  readonly jobs: string;
  /** One record per client per job. @default "Client Run Results" */
  readonly clientRuns: string;
  /** Append-only change log from which record state is folded (the source of truth). @default "Run Events" */
  readonly events: string;
}

/** Field names of the Job Tracking and Client Run Results tables. */
export interface AirtableFields {
  /** Job: base run ID; client run: client run ID. @default "Run ID" */
  readonly runId: string;
  /** @default "Status" */
  readonly status: string;
  /** @default "Stream" */
  readonly stream: string;
  /** @default "Start Time" */
  readonly startTime: string;
  /** @default "End Time" */
  readonly endTime: string;
  /** @default "System Notes" */
  readonly systemNotes: string;
  /** @default "Client ID" */
  readonly clientId: string;
  /** @default "Client Name" */
  readonly clientName: string;
  /** Timestamped lines, oldest first. @default "Progress Log" */
  readonly progressLog: string;
  /** The first linked external run of provider `apify`. @default "Apify Run ID" */
  readonly apifyRunId: string;
  /** Notes of failed or errored client runs are mirrored here. @default "Error Details" */
  readonly errorDetails: string;
  /**
   * The record's tags as a JSON object (long text, on both tables; blank when there are none).
   * The events table keeps the tags too; this cell is for people reading the base. @default "Tags"
   */
  readonly tags: string;
}

/** Field names of the events table (not part of the pre-existing schema: create it once). */
export interface AirtableEventFields {
  /** The record key the event belongs to (text). @default "Key" */
  readonly key: string;
  /** The base run ID the event belongs to, for listing a job's client runs (text). @default "Job" */
  readonly job: string;
  /** Unique per event, so a retried write is recognisable (text). @default "Token" */
  readonly token: string;
  /** The external run key a link event claims (text). @default "Link" */
  readonly link: string;
  /** JSON array of the changes the event carries (long text). @default "Changes" */
  readonly changes: string;
  /** Epoch ms the event was written (number). @default "At" */
  readonly at: string;
  /** Epoch ms, set only on events that create a record, so recent creations can be listed (number). @default "Created" */
  readonly created: string;
  /**
   * Airtable's own commit order (an autoNumber field, never written by the store): events fold in
   * this order. Events without one (a base that has not added the field) fold by createdTime,
   * then record ID, which is ambiguous within one second. @default "Seq"
   */
  readonly sequence: string;
}

/** The complete mapping between run records and an Airtable base. */
export interface AirtableMapping {
  readonly tables: AirtableTables;
  readonly fields: AirtableFields;
  readonly eventFields: AirtableEventFields;
  /**
   * Single-select option per status. The existing select has no stale option, so `stale` maps to
   * `Failed` by default; the exact status is kept in the events table and a note is added.
   */
  readonly statuses: Readonly<Record<RunStatus, string>>;
  /** Metric name → Client Run Results number field. A metric not listed here is refused. */
  readonly metrics: Readonly<Record<string, string>>;
}

/** The mapping that matches the existing base (DESIGN.md section 5) plus the events table. */
export const defaultAirtableMapping: AirtableMapping = {
  tables: { jobs: "Job Tracking", clientRuns: "Client Run Results", events: "Run Events" },
  fields: {
    runId: "Run ID",
    status: "Status",
    stream: "Stream",
    startTime: "Start Time",
    endTime: "End Time",
    systemNotes: "System Notes",
    clientId: "Client ID",
    clientName: "Client Name",
    progressLog: "Progress Log",
    apifyRunId: "Apify Run ID",
    errorDetails: "Error Details",
    tags: "Tags",
  },
  eventFields: {
    key: "Key",
    job: "Job",
    token: "Token",
    link: "Link",
    changes: "Changes",
    at: "At",
    created: "Created",
    sequence: "Seq",
  },
  statuses: {
    running: "Running",
    completed: "Completed",
    completed_with_errors: "Completed with Errors",
    failed: "Failed",
    no_work: "No Leads To Score",
    stale: "Failed",
  },
  metrics: {
    profiles_examined: "Profiles Examined for Scoring",
    profiles_scored: "Profiles Successfully Scored",
    profile_tokens: "Profile Scoring Tokens",
    posts_examined: "Posts Examined for Scoring",
    posts_scored: "Posts Successfully Scored",
    post_tokens: "Post Scoring Tokens",
    profiles_submitted: "Profiles Submitted for Post Harvesting",
    posts_harvested: "Total Posts Harvested",
    apify_cost: "Apify API Costs",
  },
};

/** Partial overrides of the default mapping; `metrics` replaces the defaults when given. */
export interface AirtableMappingOptions {
  readonly tables?: Partial<AirtableTables>;
  readonly fields?: Partial<AirtableFields>;
  readonly eventFields?: Partial<AirtableEventFields>;
  readonly statuses?: Partial<Record<RunStatus, string>>;
  /** @default defaultAirtableMapping.metrics */
  readonly metrics?: Readonly<Record<string, string>>;
}

/**
 * Merges overrides into the default mapping; entries that are not non-empty strings (as from an
 * untrusted JSON file) keep the default, and a `metrics` that is not an object is ignored.
 * @returns a complete mapping
 */
export const resolveAirtableMapping = (options: AirtableMappingOptions = {}): AirtableMapping => {
  const o: Partial<Record<keyof AirtableMappingOptions, unknown>> = isRecord(options)
    ? options
    : {};
  return {
    tables: { ...defaultAirtableMapping.tables, ...strings(o.tables) },
    fields: { ...defaultAirtableMapping.fields, ...strings(o.fields) },
    eventFields: { ...defaultAirtableMapping.eventFields, ...strings(o.eventFields) },
    statuses: { ...defaultAirtableMapping.statuses, ...strings(o.statuses) },
    metrics: isRecord(o.metrics) ? strings(o.metrics) : { ...defaultAirtableMapping.metrics },
  };
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

// Object.fromEntries defines own properties, so a metric named `__proto__` stays a metric.
const strings = (value: unknown): Record<string, string> =>
  Object.fromEntries(
    Object.entries(isRecord(value) ? value : {}).filter(
      (entry): entry is [string, string] => typeof entry[1] === "string" && entry[1].length > 0,
    ),
  );
