import { err, ok, type Result } from "neverthrow";
import {
  type ApiError,
  apiError,
  invalidFormula,
  invalidRequest,
  unknownFieldName,
} from "./errors.js";
import { evaluate, isTruthy } from "./formula-eval.js";
import { fieldRefs, parseFormula } from "./formula-parser.js";
import type { ListParams, SortSpec } from "./list-params.js";
import type { RecordTable, Row } from "./record-table.js";
import type { StoredRecord } from "./types.js";

/** A list answer: one page and the offset of the next, if any. */
export interface ListPage {
  readonly records: StoredRecord[];
  readonly offset?: string;
}

interface Iterator {
  readonly ids: readonly string[];
  readonly createdAt: number;
}

/** Open list iterators (the state behind opaque `offset` tokens), with expiry. */
export class Iterators {
  private readonly open = new Map<string, Iterator>();
  private counter = 0;

  constructor(
    private readonly now: () => number,
    private readonly ttlMs: number,
  ) {}

  /** Opens an iterator over a snapshot of matching IDs and returns its `itr…` name. */
  start(ids: readonly string[]): string {
    this.counter++;
    const id = `itr${this.counter.toString(36).padStart(14, "0")}`;
    this.open.set(id, { ids, createdAt: this.now() });
    return id;
  }

  /** The iterator's IDs after the record named in `offset`, or undefined when unknown or expired. */
  resume(offset: string): { itr: string; rest: readonly string[] } | undefined {
    const [itr, after] = offset.split("/");
    const it = itr === undefined ? undefined : this.open.get(itr);
    if (it === undefined || after === undefined) return undefined;
    if (this.now() - it.createdAt > this.ttlMs) {
      this.open.delete(itr as string);
      return undefined;
    }
    const index = it.ids.indexOf(after);
    return index < 0 ? undefined : { itr: itr as string, rest: it.ids.slice(index + 1) };
  }
}

const sortRows = (table: RecordTable, rows: Row[], sort: readonly SortSpec[]): Row[] =>
  [...rows].sort((a, b) => {
    for (const { field, direction } of sort) {
      const [x, y] = [table.value(a, field), table.value(b, field)];
      if (x === y) continue;
      // Blanks sort first ascending, as in the Airtable grid.
      const c =
        x === null
          ? -1
          : y === null
            ? 1
            : typeof x === "number" && typeof y === "number"
              ? x - y
              : String(x).localeCompare(String(y));
      if (c !== 0) return direction === "asc" ? c : -c;
    }
    return 0;
  });

const checkParams = (table: RecordTable, p: ListParams): ApiError | undefined => {
  if (p.pageSize !== undefined && (p.pageSize < 1 || p.pageSize > 100))
    return invalidRequest(`pageSize must be 1 to 100, got ${p.pageSize}`);
  if (p.maxRecords !== undefined && p.maxRecords < 1)
    return invalidRequest(`maxRecords must be positive, got ${p.maxRecords}`);
  if (p.view !== undefined)
    return apiError(422, "VIEW_NAME_NOT_FOUND", `Could not find view ${p.view}`);
  if (p.cellFormat !== undefined && p.cellFormat !== "json")
    return invalidRequest("only cellFormat=json is supported by the local server");
  if (p.returnFieldsByFieldId)
    return invalidRequest("returnFieldsByFieldId is not supported by the local server");
  for (const name of [...(p.fields ?? []), ...(p.sort ?? []).map((s) => s.field)])
    if (!Object.hasOwn(table.schema.fields, name)) return unknownFieldName(name);
  return undefined;
};

const matchingIds = (table: RecordTable, p: ListParams): Result<string[], ApiError> => {
  let rows = table.rows;
  if (p.filterByFormula !== undefined && p.filterByFormula.trim() !== "") {
    const parsed = parseFormula(p.filterByFormula);
    if (parsed.isErr()) return err(invalidFormula(parsed.error.message));
    const unknown = fieldRefs(parsed.value).filter((n) => !Object.hasOwn(table.schema.fields, n));
    if (unknown.length > 0)
      return err(invalidFormula(`Unknown field names: ${[...new Set(unknown)].join(", ")}`));
    rows = rows.filter((r) => isTruthy(evaluate(parsed.value, table.context(r))));
  }
  if (p.sort !== undefined && p.sort.length > 0) rows = sortRows(table, rows, p.sort);
  const ids = rows.map((r) => r.id);
  return ok(p.maxRecords === undefined ? ids : ids.slice(0, p.maxRecords));
};

/**
 * Answers one list request: validates parameters, filters, sorts and pages with an opaque offset.
 * @param table the table to read
 * @param p the request's parameters
 * @param iterators the open iterators behind offsets
 * @returns one page, or the 422 a real base would answer
 */
export const listRecords = (
  table: RecordTable,
  p: ListParams,
  iterators: Iterators,
): Result<ListPage, ApiError> => {
  const bad = checkParams(table, p);
  if (bad !== undefined) return err(bad);
  let itr: string;
  let ids: readonly string[];
  if (p.offset !== undefined) {
    const resumed = iterators.resume(p.offset);
    if (resumed === undefined)
      return err(
        apiError(422, "LIST_RECORDS_ITERATOR_NOT_AVAILABLE", "LIST_RECORDS_ITERATOR_NOT_AVAILABLE"),
      );
    ({ itr, rest: ids } = resumed);
  } else {
    const all = matchingIds(table, p);
    if (all.isErr()) return err(all.error);
    ids = all.value;
    itr = ids.length > (p.pageSize ?? 100) ? iterators.start(ids) : "";
  }
  const pageIds = ids.slice(0, p.pageSize ?? 100);
  const records: StoredRecord[] = [];
  for (const id of pageIds) {
    const row = table.get(id);
    // A record deleted while the iterator was open is skipped, not returned stale.
    if (row !== undefined) records.push(table.toJson(row, p.fields));
  }
  const more = ids.length > pageIds.length;
  return ok(more ? { records, offset: `${itr}/${pageIds[pageIds.length - 1]}` } : { records });
};
