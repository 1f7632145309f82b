import { err, ok, type Result } from "neverthrow";
import { type ApiError, invalidRequest, notFound } from "./errors.js";
import { paramsFromBody, paramsFromQuery } from "./list-params.js";
import { type Iterators, listRecords } from "./list-records.js";
import type { RecordTable } from "./record-table.js";
import type { Action } from "./router.js";
import { createRecords, deleteRecords, updateRecords, type WriteEnv } from "./write-records.js";

/** A successful answer and how many records it carried. */
export interface Answer {
  readonly body: unknown;
  readonly recordCount: number;
}

/** What a routed request needs to be answered. */
export interface HandleInput {
  readonly table: RecordTable;
  readonly action: Action;
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly iterators: Iterators;
  readonly env: WriteEnv;
}

const countOf = (body: unknown): number => {
  const records = (body as { records?: unknown[] }).records;
  return Array.isArray(records) ? records.length : 1;
};

const SINGLE_KEYS = ["fields", "typecast", "returnFieldsByFieldId"];

/** Answers a single-record PATCH/PUT by wrapping it as a one-record batch. */
const updateOne = (
  input: HandleInput,
  recordId: string,
  replace: boolean,
): Result<Answer, ApiError> => {
  const body = input.body as Record<string, unknown> | null;
  if (typeof body !== "object" || body === null)
    return err(invalidRequest("body must be an object"));
  const extra = Object.keys(body).find((k) => !SINGLE_KEYS.includes(k));
  if (extra !== undefined) return err(invalidRequest(`unknown body property ${extra}`));
  if (input.table.get(recordId) === undefined) return err(notFound(`record ${recordId}`));
  const { fields, ...rest } = body;
  return updateRecords(
    input.table,
    { ...rest, records: [{ id: recordId, fields }] },
    replace,
    input.env,
  ).map((r) => ({ body: r.records[0], recordCount: 1 }));
};

/**
 * Answers one routed request against its table.
 * @returns the JSON body to send with status 200, or the error a real base would answer
 */
export const handle = (input: HandleInput): Result<Answer, ApiError> => {
  const { table, action, env } = input;
  switch (action.type) {
    case "list": {
      const params =
        action.via === "get" ? paramsFromQuery(input.query) : paramsFromBody(input.body);
      return params
        .andThen((p) => listRecords(table, p, input.iterators))
        .map((page) => ({ body: page, recordCount: page.records.length }));
    }
    case "get": {
      const row = table.get(action.recordId);
      return row
        ? ok({ body: table.toJson(row), recordCount: 1 })
        : err(notFound(`record ${action.recordId}`));
    }
    case "create":
      return createRecords(table, input.body, env).map((b) => ({
        body: b,
        recordCount: countOf(b),
      }));
    case "update":
      if (action.recordId !== undefined) return updateOne(input, action.recordId, action.replace);
      return updateRecords(table, input.body, action.replace, env).map((b) => ({
        body: b,
        recordCount: b.records.length,
      }));
    case "delete": {
      if (action.recordId !== undefined)
        return deleteRecords(table, [action.recordId]).map((b) => ({
          body: b.records[0],
          recordCount: 1,
        }));
      const unknown = [...input.query.keys()].find((k) => k !== "records[]");
      if (unknown !== undefined) return err(invalidRequest(`unknown query parameter ${unknown}`));
      return deleteRecords(table, input.query.getAll("records[]")).map((b) => ({
        body: b,
        recordCount: b.records.length,
      }));
    }
  }
};
