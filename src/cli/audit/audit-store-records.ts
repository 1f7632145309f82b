import { type AirtableMapping, defaultAirtableMapping } from "../../airtable/mapping.js";
import { clientRunFields, jobFields } from "../../airtable/record-codec.js";
import type { MemorySnapshot } from "../../memory/memory-snapshot.js";
import type { ClientRunRecord, ExternalRunLink, JobRecord } from "../../store/records.js";
import { type AuditReport, auditRecords } from "./audit-records.js";
import type { ExportRow, RunTables } from "./export-rows.js";

/** Run records as a store holds them: jobs, client runs and (optionally) provider links. */
export interface StoreRecords {
  readonly jobs: readonly JobRecord[];
  readonly clientRuns: readonly ClientRunRecord[];
  /** Links of provider `apify` fill the Apify Run ID field. */
  readonly links?: readonly ExternalRunLink[];
}

/** Options of {@link auditStoreRecords}. */
export interface StoreRecordsAuditOptions {
  /** The moment to judge staleness against, epoch ms. */
  readonly now: number;
  /** @default defaultAirtableMapping */
  readonly mapping?: AirtableMapping;
  /** @default 7_200_000 (2 hours) */
  readonly staleAfterMs?: number;
}

/**
 * Converts store records to the rows the Airtable store would write (same codec), so the audit
 * can check what a run wrote to any store. Record IDs are `job:<runId>` and `run:<runId>`.
 */
export const runTablesFromRecords = (
  records: StoreRecords,
  mapping: AirtableMapping = defaultAirtableMapping,
): RunTables => {
  const apify = new Map(
    (records.links ?? [])
      .filter((l) => l.provider === "apify")
      .map((l) => [`${l.runId}\u0000${l.clientId}`, l.externalId]),
  );
  // A time outside Date's range (toISOString would throw) leaves createdTime out, as Airtable
  // leaves such a cell blank.
  const row = (id: string, at: number, fields: Record<string, unknown>): ExportRow => {
    const date = new Date(at);
    return {
      id,
      ...(Number.isNaN(date.getTime()) ? {} : { createdTime: date.toISOString() }),
      fields: Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null)),
    };
  };
  return {
    jobs: {
      rows: records.jobs.map((j) => row(`job:${j.runId}`, j.startedAt, jobFields(mapping, j))),
      unreadable: [],
    },
    clientRuns: {
      rows: records.clientRuns.map((r) =>
        row(
          `run:${r.runId}`,
          r.startedAt,
          clientRunFields(mapping, r, apify.get(`${r.baseRunId}\u0000${r.clientId}`)),
        ),
      ),
      unreadable: [],
    },
  };
};

/**
 * Audits run records held by a store (e.g. what the standard run wrote), as `run-records audit`
 * would audit them in Airtable.
 * @returns the audit report; `clean` when nothing was found
 */
export const auditStoreRecords = (
  records: StoreRecords,
  options: StoreRecordsAuditOptions,
): AuditReport => {
  const mapping = options.mapping ?? defaultAirtableMapping;
  return auditRecords(runTablesFromRecords(records, mapping), { ...options, mapping });
};

/** Audits a memory store's snapshot (`store.snapshot()`). */
export const auditMemorySnapshot = (
  snapshot: MemorySnapshot,
  options: StoreRecordsAuditOptions,
): AuditReport =>
  auditStoreRecords(
    {
      jobs: snapshot.jobs.map((e) => e.record),
      clientRuns: snapshot.clientRuns.map((e) => e.record),
      links: snapshot.links,
    },
    options,
  );
