import { err, ok, type Result } from "neverthrow";
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
  /** Requests per second to stay under (Airtable allows 5 per base). @default 5 */
  readonly requestsPerSecond?: number;
  /**
   * How long to wait after a 429 before retrying (Airtable blocks a base for 30 s); a 429 means the
   * request was not applied, so retrying a write is safe. @default 30_000
   */
  readonly rateLimitWaitMs?: number;
  /** Retries after 429s before giving up. @default 3 */
  readonly rateLimitRetries?: number;
  readonly sleep: (ms: number) => Promise<void>;
}

const isRateLimited = (cause: unknown): boolean =>
  typeof cause === "object" &&
  cause !== null &&
  (cause as { statusCode?: unknown }).statusCode === 429;

// Airtable accepts at most 10 records per create, update or delete request.
const BATCH = 10;

const chunks = <T>(items: readonly T[]): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += BATCH) out.push(items.slice(i, i + BATCH));
  return out;
};

interface RawRecord {
  readonly id: string;
  readonly fields: Record<string, unknown>;
  readonly _rawJson?: { readonly createdTime?: unknown };
}

const toRow = (record: RawRecord): ExportRow => {
  const created = record._rawJson?.createdTime;
  return typeof created === "string"
    ? { id: record.id, createdTime: created, fields: { ...record.fields } }
    : { id: record.id, fields: { ...record.fields } };
};

/**
 * Opens a live base through airtable.js, built with `noRetryIfRateLimited` and a request timeout
 * so a 429 or a hung socket becomes an error instead of a silent wait, and paces its requests.
 * @returns a gateway, or an error when the airtable package cannot be loaded
 */
export const openAirtableGateway = async (
  options: AirtableGatewayOptions,
): Promise<Result<TableGateway, CliError>> => {
  let Airtable: typeof import("airtable");
  try {
    Airtable = (await import("airtable")).default;
  } catch (cause) {
    return err(
      airtableError("the airtable package is not installed; run npm install airtable", cause),
    );
  }
  const base = new Airtable({
    apiKey: options.apiKey,
    endpointUrl: options.endpointUrl,
    noRetryIfRateLimited: true,
    requestTimeout: options.requestTimeout ?? 30_000,
  }).base(options.baseId);
  const gap = 1000 / (options.requestsPerSecond ?? 5);
  let first = true;
  const pace = async (): Promise<void> => {
    if (!first) await options.sleep(gap);
    first = false;
  };
  // airtable.js is built with noRetryIfRateLimited (its own retry waits without bound), so the
  // bounded retry lives here.
  const attempt = async <T>(run: () => Promise<T>): Promise<T> => {
    for (let retry = 0; ; retry += 1) {
      await pace();
      try {
        return await run();
      } catch (cause) {
        if (!isRateLimited(cause) || retry >= (options.rateLimitRetries ?? 3)) throw cause;
        await options.sleep(options.rateLimitWaitMs ?? 30_000);
      }
    }
  };
  const call = async <T>(doing: string, run: () => Promise<T>): Promise<Result<T, CliError>> => {
    try {
      return ok(await attempt(run));
    } catch (cause) {
      return err(describeAirtableFailure(cause, doing, options.baseId));
    }
  };
  return ok({
    async list(table, onPage) {
      const read = await call(`reading ${table}`, async () => {
        const rows: ExportRow[] = [];
        await base(table)
          .select({ pageSize: 100 })
          .eachPage((records, next) => {
            for (const record of records) rows.push(toRow(record as unknown as RawRecord));
            onPage?.(rows.length);
            pace().then(next, next);
          });
        return rows;
      });
      return read.map((rows): TableRows => ({ rows, unreadable: [] }));
    },
    async update(table, records: readonly RecordUpdate[]) {
      for (const batch of chunks(records)) {
        const payload = batch.map((r) => ({ id: r.id, fields: { ...r.fields } }));
        const done = await call(`updating ${table}`, () => base(table).update(payload as never));
        if (done.isErr()) return err(done.error);
      }
      return ok(undefined);
    },
    async create(table, records) {
      const created: ExportRow[] = [];
      for (const batch of chunks(records)) {
        const payload = batch.map((fields) => ({ fields: { ...fields } }));
        const done = await call(`creating in ${table}`, () => base(table).create(payload as never));
        if (done.isErr()) return err(done.error);
        for (const record of done.value as unknown as RawRecord[]) created.push(toRow(record));
      }
      return ok(created);
    },
    async destroy(table, ids) {
      for (const batch of chunks(ids)) {
        const done = await call(`deleting from ${table}`, () => base(table).destroy(batch));
        if (done.isErr()) return err(done.error);
      }
      return ok(undefined);
    },
  });
};
