import { err, ok, type Result } from "neverthrow";
import { type AirtableRow, connectAirtableTables } from "../../airtable/index.js";
import type { StoreError } from "../../store/index.js";
import type { ExportRow, TableRows } from "../audit/export-rows.js";
import { airtableError, type CliError } from "../cli-error.js";
import { describeAirtableFailure } from "./airtable-errors.js";
import type { RecordUpdate, TableGateway } from "./table-gateway.js";

/** How to reach a live base. */
export interface AirtableGatewayOptions {
  readonly apiKey: string;
  readonly baseId: string;
  /** @default Airtable's public API */
  readonly endpointUrl?: string;
  /** Per-request timeout, ms. @default 30_000 */
  readonly requestTimeout?: number;
  /** Requests per second to stay under (Airtable allows 5 per base; a fraction shares it). @default 5 */
  readonly requestsPerSecond?: number;
  /**
   * How long to wait after a 429 before retrying (Airtable blocks a base for 30 s); a 429 means the
   * request was not applied, so retrying a write is safe. @default 30_000
   */
  readonly rateLimitWaitMs?: number;
  /** Retries after 429s before giving up. @default 3 */
  readonly rateLimitRetries?: number;
  readonly sleep: (ms: number) => Promise<void>;
  /** The clock the rate limit is measured on (never the command's `--now`). @default Date.now */
  readonly clock?: () => number;
}

const toRow = (record: AirtableRow): ExportRow => ({
  id: record.id,
  createdTime: record.createdTime,
  fields: { ...record.fields },
});

/**
 * Opens a live base through the Airtable adapter's table client (the adapter loads airtable.js and
 * builds the base with `noRetryIfRateLimited` and a timeout): the adapter's scheduler paces
 * requests and retries 429s a bounded number of times (a timeout or 5xx is reported, not waited
 * out), writes go in the adapter's batches of 10, and the adapter classifies failures.
 * @returns a gateway, or an error when the airtable package cannot be loaded
 */
export const openAirtableGateway = async (
  options: AirtableGatewayOptions,
): Promise<Result<TableGateway, CliError>> => {
  const connected = await connectAirtableTables(
    {
      apiKey: options.apiKey,
      baseId: options.baseId,
      endpointUrl: options.endpointUrl,
      requestTimeout: options.requestTimeout ?? 30_000,
    },
    {
      rateLimit: options.requestsPerSecond ?? 5,
      now: options.clock ?? Date.now,
      sleep: options.sleep,
      retry: {
        attempts: (options.rateLimitRetries ?? 3) + 1,
        rateLimitedDelayMs: options.rateLimitWaitMs ?? 30_000,
        transient: false,
      },
    },
  );
  if (connected.isErr()) return err(airtableError(connected.error.message, connected.error));
  const tables = connected.value;
  const fail = (doing: string) => (error: StoreError) =>
    describeAirtableFailure(error, doing, options.baseId);
  return ok({
    list: async (table, onPage) =>
      (await tables.listAll(table, onPage))
        .map((rows): TableRows => ({ rows: rows.map(toRow), unreadable: [] }))
        .mapErr(fail(`reading ${table}`)),
    update: async (table, records: readonly RecordUpdate[]) =>
      (await tables.updateAll(table, records)).mapErr(fail(`updating ${table}`)),
    create: async (table, records) =>
      (await tables.createAll(table, records))
        .map((rows) => rows.map(toRow))
        .mapErr(fail(`creating in ${table}`)),
    destroy: async (table, ids) =>
      (await tables.removeAll(table, ids)).mapErr(fail(`deleting from ${table}`)),
  });
};
