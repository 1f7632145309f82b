import { type AirtableMapping, defaultAirtableMapping } from "../../airtable/mapping.js";

/** How the audit (and the repair plan built on it) reads the tables. */
export interface AuditOptions {
  /** Table, field and status names. @default defaultAirtableMapping */
  readonly mapping?: AirtableMapping;
  /** The moment to judge staleness against, epoch ms (inject; never read from the clock here). */
  readonly now: number;
  /** A run `Running` for longer than this is stale. @default 7_200_000 (2 hours) */
  readonly staleAfterMs?: number;
  /**
   * Which side wins when a client run's Run ID names another client than its Client ID field:
   * `client-field` rewrites the Run ID's suffix to the Client ID field, `manual` leaves it for a person.
   * @default "client-field"
   */
  readonly mismatchPolicy?: "client-field" | "manual";
}

/** Audit options with every default filled in. */
export interface ResolvedAuditOptions {
  readonly mapping: AirtableMapping;
  readonly now: number;
  readonly staleAfterMs: number;
  readonly mismatchPolicy: "client-field" | "manual";
}

/** Two hours, the stale threshold the old alert used. */
export const DEFAULT_STALE_AFTER_MS = 2 * 60 * 60 * 1000;

/** Fills in the defaults of audit options. */
export const resolveAuditOptions = (options: AuditOptions): ResolvedAuditOptions => ({
  mapping: options.mapping ?? defaultAirtableMapping,
  now: options.now,
  staleAfterMs: options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS,
  mismatchPolicy: options.mismatchPolicy ?? "client-field",
});

/** The marker line a repair writes into System Notes when it keeps a legacy Run ID on purpose. */
export const LEGACY_ACK_PREFIX = "run-records: legacy run ID kept as recorded";
