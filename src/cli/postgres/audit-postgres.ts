import { err, ok, type Result } from "neverthrow";
import { defaultAirtableMapping } from "../../airtable/index.js";
import {
  connectPostgres,
  POSTGRES_SCHEMA_VERSION,
  type PostgresLocation,
  readPostgresRecords,
  readPostgresSchemaVersion,
} from "../../postgres/index.js";
import type { ClientRunRecord, ExternalRunLink, JobRecord } from "../../store/records.js";
import { auditRecords } from "../audit/audit-records.js";
import { runTablesFromRecords } from "../audit/audit-store-records.js";
import type { ExportRow } from "../audit/export-rows.js";
import { type CliError, inputError } from "../cli-error.js";
import { type CommandOutput, output } from "../outcome.js";
import { formatReport } from "../output/format-report.js";
import { describeLocation } from "./postgres-options.js";

/** What the audit of a PostgreSQL store needs besides the location. */
export interface PostgresAuditOptions {
  readonly schema: string | undefined;
  readonly now: number;
  readonly staleAfterMs: number;
  readonly json: boolean;
}

/**
 * Audits a PostgreSQL or PGlite store: its schema version, then every record as stored, with the
 * same checks as an Airtable export (stuck and stale runs, unknown statuses, client runs whose job
 * is missing, malformed run IDs, …).
 * @returns the report (not ok when something was found or the schema is not this version), or an
 *   input error when the store cannot be read
 */
export const auditPostgres = async (
  location: PostgresLocation,
  options: PostgresAuditOptions,
): Promise<Result<CommandOutput, CliError>> => {
  const where = describeLocation(location);
  const connection = await connectPostgres(location);
  if (connection.isErr()) {
    return err(inputError(`audit: cannot open ${where}: ${connection.error.message}`));
  }
  try {
    const db = connection.value.db;
    const schema = options.schema ?? "run_records";
    const version = await readPostgresSchemaVersion({ db, schema });
    if (version.isErr()) {
      return err(inputError(`audit: cannot read ${where}: ${version.error.message}`));
    }
    if (version.value === 0) {
      return err(
        inputError(
          `audit: ${where} has no run-records schema ${schema}; create it with run-records migrate`,
        ),
      );
    }
    const records = await readPostgresRecords({ db, schema });
    if (records.isErr()) {
      return err(inputError(`audit: cannot read ${where}: ${records.error.message}`));
    }
    // Records as stored, unchecked: the audit reports whatever is wrong with them.
    const mapping = defaultAirtableMapping;
    const tables = runTablesFromRecords(
      {
        jobs: records.value.jobs as JobRecord[],
        clientRuns: records.value.clientRuns as ClientRunRecord[],
        links: records.value.links as ExternalRunLink[],
      },
      mapping,
    );
    // The codec writes only statuses it knows; a stored status it does not know is kept as
    // stored, so the audit reports it as unknown instead of as missing.
    const keepStatus = (rows: readonly ExportRow[], stored: readonly unknown[]) =>
      rows.map((row, i) => {
        const status = (stored[i] as { status?: unknown } | null)?.status;
        if (typeof status !== "string" || status in mapping.statuses) return row;
        return { ...row, fields: { ...row.fields, [mapping.fields.status]: status } };
      });
    const report = auditRecords(
      {
        jobs: { ...tables.jobs, rows: keepStatus(tables.jobs.rows, records.value.jobs) },
        clientRuns: {
          ...tables.clientRuns,
          rows: keepStatus(tables.clientRuns.rows, records.value.clientRuns),
        },
      },
      { mapping, now: options.now, staleAfterMs: options.staleAfterMs },
    );
    const current = version.value === POSTGRES_SCHEMA_VERSION;
    const schemaLine = `Schema ${schema} at version ${version.value} (this run-records: ${POSTGRES_SCHEMA_VERSION})${
      current
        ? "."
        : version.value < POSTGRES_SCHEMA_VERSION
          ? ": behind; run run-records migrate."
          : ": newer than this run-records; upgrade run-records."
    }`;
    const text = options.json
      ? JSON.stringify(
          {
            ...report,
            schema: { name: schema, version: version.value, expected: POSTGRES_SCHEMA_VERSION },
          },
          null,
          2,
        )
      : `${schemaLine}\n${formatReport(report)}`;
    return ok(output(text, report.clean && current));
  } finally {
    await connection.value.close();
  }
};
