import type Airtable from "airtable";
import { errAsync, okAsync, type Result, ResultAsync } from "neverthrow";
import { type StoreError, storeRejected } from "../store/store-error.js";
import { asStoreError } from "./error-map.js";
import type { Scheduler } from "./scheduler.js";

/** One record as the Airtable API returns it. */
export interface AirtableRow {
  readonly id: string;
  readonly createdTime: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** The part of an `Airtable.Base` the store uses. */
export type BaseLike = Pick<Airtable.Base, "makeRequest">;

/** A sort key of a list request. */
export interface SortKey {
  readonly field: string;
  readonly direction: "asc" | "desc";
}

/** What a paged scan asks for: a filter, an order, and the fields to return (all when absent). */
export interface ScanRequest {
  readonly formula: string;
  readonly sort?: readonly SortKey[];
  readonly fields?: readonly string[];
}

/** The requests the store sends to one base, all through the scheduler. */
export interface BaseClient {
  /** Every record of `table` matching `formula`, following `offset` paging (100 per page). */
  list(table: string, formula: string): ResultAsync<readonly AirtableRow[], StoreError>;
  /**
   * Reads `table` page by page (100 records each, following `offset`), handing each page to
   * `onPage` before asking for the next; stops when `onPage` answers `false` or an error.
   */
  scan(
    table: string,
    request: ScanRequest,
    onPage: (rows: readonly AirtableRow[]) => Promise<Result<boolean, StoreError>>,
  ): ResultAsync<void, StoreError>;
  /** Creates up to 10 records; not idempotent, so an unknown outcome is returned, never retried. */
  create(
    table: string,
    rows: readonly Record<string, unknown>[],
  ): ResultAsync<readonly AirtableRow[], StoreError>;
  /** Upserts up to 10 records merged on `mergeOn` (idempotent: retried on unknown outcome). */
  upsert(
    table: string,
    rows: readonly Record<string, unknown>[],
    mergeOn: readonly string[],
  ): ResultAsync<readonly AirtableRow[], StoreError>;
  /** Sets fields of up to 10 existing records by ID (others untouched; repeating it is harmless). */
  update(
    table: string,
    rows: readonly { readonly id: string; readonly fields: Record<string, unknown> }[],
  ): ResultAsync<readonly AirtableRow[], StoreError>;
  /** Deletes up to 10 records by ID. */
  remove(table: string, ids: readonly string[]): ResultAsync<void, StoreError>;
}

const rowsOf = (body: unknown): AirtableRow[] | undefined => {
  const records = (body as { records?: unknown } | null)?.records;
  if (!Array.isArray(records)) return undefined;
  const ok = records.every(
    (r) =>
      typeof r === "object" &&
      r !== null &&
      typeof r.id === "string" &&
      typeof r.createdTime === "string" &&
      typeof r.fields === "object" &&
      r.fields !== null,
  );
  return ok ? (records as AirtableRow[]) : undefined;
};

const malformed = (body: unknown): StoreError =>
  storeRejected("Airtable answered with a body that has no valid records array", body);

/**
 * Wraps a base's `makeRequest` (the real airtable.js transport) with the scheduler.
 * @param base an `Airtable.Base` built by the caller
 * @param scheduler the base's scheduler
 */
export const createBaseClient = (base: BaseLike, scheduler: Scheduler): BaseClient => {
  const path = (table: string) => `/${encodeURIComponent(table)}`;
  const read = { write: false, idempotent: true } as const;

  const page = (table: string, request: ScanRequest, offset: string | undefined) =>
    scheduler
      .run(read, () =>
        base.makeRequest({
          method: "POST",
          path: `${path(table)}/listRecords`,
          body: {
            ...(request.formula === "" ? {} : { filterByFormula: request.formula }),
            ...(request.sort ? { sort: request.sort } : {}),
            ...(request.fields ? { fields: request.fields } : {}),
            pageSize: 100,
            ...(offset ? { offset } : {}),
          },
        }),
      )
      .andThen((response) => {
        const rows = rowsOf(response.body);
        if (!rows) return errAsync(malformed(response.body));
        const next = (response.body as { offset?: unknown }).offset;
        return okAsync({ rows, offset: typeof next === "string" ? next : undefined });
      });

  const list = (
    table: string,
    formula: string,
  ): ResultAsync<readonly AirtableRow[], StoreError> => {
    const loop = async (): Promise<AirtableRow[]> => {
      const all: AirtableRow[] = [];
      let offset: string | undefined;
      do {
        const got = await page(table, { formula }, offset);
        if (got.isErr()) throw got.error;
        all.push(...got.value.rows);
        offset = got.value.offset;
      } while (offset !== undefined);
      return all;
    };
    return ResultAsync.fromPromise(loop(), (e) => asStoreError(e, false));
  };

  const write = (
    idempotent: boolean,
    method: string,
    table: string,
    body: Record<string, unknown>,
  ): ResultAsync<readonly AirtableRow[], StoreError> =>
    scheduler
      .run({ write: true, idempotent }, () => base.makeRequest({ method, path: path(table), body }))
      .andThen((response) => {
        const rows = rowsOf(response.body);
        return rows ? okAsync(rows) : errAsync(malformed(response.body));
      });

  const scan = (
    table: string,
    request: ScanRequest,
    onPage: (rows: readonly AirtableRow[]) => Promise<Result<boolean, StoreError>>,
  ): ResultAsync<void, StoreError> => {
    const loop = async (): Promise<void> => {
      let offset: string | undefined;
      do {
        const got = await page(table, request, offset);
        if (got.isErr()) throw got.error;
        const more = await onPage(got.value.rows);
        if (more.isErr()) throw more.error;
        if (!more.value) return;
        offset = got.value.offset;
      } while (offset !== undefined);
    };
    return ResultAsync.fromPromise(loop(), (e) => asStoreError(e, false));
  };

  return {
    list,
    scan,
    create: (table, rows) =>
      write(false, "POST", table, { records: rows.map((fields) => ({ fields })) }),
    upsert: (table, rows, mergeOn) =>
      write(true, "PATCH", table, {
        performUpsert: { fieldsToMergeOn: mergeOn },
        records: rows.map((fields) => ({ fields })),
      }),
    update: (table, rows) =>
      write(true, "PATCH", table, {
        records: rows.map(({ id, fields }) => ({ id, fields })),
      }),
    remove: (table, ids) =>
      scheduler
        .run({ write: true, idempotent: true }, () =>
          base.makeRequest({ method: "DELETE", path: path(table), qs: { records: ids } }),
        )
        .map(() => undefined),
  };
};
