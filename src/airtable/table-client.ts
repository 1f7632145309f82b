import type Airtable from "airtable";
import { err, ok, type Result, ResultAsync } from "neverthrow";
import { type StoreError, storeRejected } from "../store/store-error.js";
import { type AirtableRow, type BaseLike, createBaseClient } from "./base-client.js";
import { writeInBatches } from "./batcher.js";
import { createScheduler, type SchedulerOptions } from "./scheduler.js";

/** A record to change: its ID and the fields to set. */
export interface AirtableRecordUpdate {
  readonly id: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/**
 * Whole-table reads and batched writes on one base, for tools that work on the tables directly
 * (the `run-records` command's audit and repair): every request goes through the store's
 * scheduler (rate limit, bounded 429 and transient retries) and is sent in batches of 10.
 */
export interface AirtableTableClient {
  /** Every record of `table`, following its 100-record pages; `onPage` gets the count so far. */
  listAll(
    table: string,
    onPage?: (read: number) => void,
  ): ResultAsync<readonly AirtableRow[], StoreError>;
  /** Sets the given fields of existing records (others untouched), 10 per request, in order. */
  updateAll(table: string, records: readonly AirtableRecordUpdate[]): ResultAsync<void, StoreError>;
  /** Creates records, 10 per request; returns them with their new IDs, in order. */
  createAll(
    table: string,
    records: readonly Readonly<Record<string, unknown>>[],
  ): ResultAsync<readonly AirtableRow[], StoreError>;
  /** Deletes records by ID, 10 per request. */
  removeAll(table: string, ids: readonly string[]): ResultAsync<void, StoreError>;
  /** Requests sent so far, retries included. */
  readonly requestsSent: number;
}

const settle = <T>(run: Promise<Result<T, StoreError>>): ResultAsync<T, StoreError> =>
  ResultAsync.fromSafePromise(run).andThen((r) => r);

/**
 * Makes a table client on a base the caller built (with `noRetryIfRateLimited: true` and a
 * `requestTimeout`, as for the store); errors are this adapter's `StoreError`s, whose `cause` is
 * what airtable.js rejected with (see `classifyAirtableFailure`).
 * @param base `new Airtable({ … }).base(baseId)`
 * @param options rate limit, retries, clock and sleep of the scheduler
 */
export const createAirtableTableClient = (
  base: Airtable.Base,
  options: SchedulerOptions = {},
): AirtableTableClient => {
  const scheduler = createScheduler(options);
  const client = createBaseClient(base as BaseLike, scheduler);
  return {
    listAll: (table, onPage) => {
      const rows: AirtableRow[] = [];
      return client
        .scan(table, { formula: "" }, async (page) => {
          rows.push(...page);
          onPage?.(rows.length);
          return ok(true);
        })
        .map(() => rows);
    },
    updateAll: (table, records) =>
      settle(
        writeInBatches(records, (batch) =>
          client.update(
            table,
            batch.map((r) => ({ id: r.id, fields: { ...r.fields } })),
          ),
        ),
      ).map(() => undefined),
    createAll: (table, records) =>
      settle(
        writeInBatches(records, (batch) =>
          client.create(
            table,
            batch.map((fields) => ({ ...fields })),
          ),
        ),
      ),
    removeAll: (table, ids) =>
      settle(
        writeInBatches<string, string, StoreError>(ids, (batch) =>
          client.remove(table, batch).map((): readonly string[] => batch),
        ),
      ).map(() => undefined),
    get requestsSent() {
      return scheduler.sent;
    },
  };
};

/** Where a live base is and how long one request may take. */
export interface AirtableConnection {
  readonly apiKey: string;
  readonly baseId: string;
  /** @default Airtable's public API */
  readonly endpointUrl?: string | undefined;
  /** Per-request timeout, ms. @default 30_000 */
  readonly requestTimeout?: number;
}

/**
 * Loads airtable.js (an optional peer), builds the base the way the store requires
 * (`noRetryIfRateLimited`, a request timeout) and makes a table client on it.
 * @returns the client, or `rejected` when the airtable package cannot be loaded
 */
export const connectAirtableTables = async (
  connection: AirtableConnection,
  options: SchedulerOptions = {},
): Promise<Result<AirtableTableClient, StoreError>> => {
  let Airtable: typeof import("airtable");
  try {
    Airtable = (await import("airtable")).default;
  } catch (cause) {
    return err(
      storeRejected("the airtable package is not installed; run npm install airtable", cause),
    );
  }
  // airtable.js's own 429 retry waits without bound: the scheduler retries instead.
  const base = new Airtable({
    apiKey: connection.apiKey,
    ...(connection.endpointUrl === undefined ? {} : { endpointUrl: connection.endpointUrl }),
    noRetryIfRateLimited: true,
    requestTimeout: connection.requestTimeout ?? 30_000,
  }).base(connection.baseId);
  return ok(createAirtableTableClient(base, options));
};
