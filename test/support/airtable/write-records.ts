import { err, ok, type Result } from "neverthrow";
import {
  type ApiError,
  invalidRecords,
  invalidRequest,
  notFound,
  rowDoesNotExist,
} from "./errors.js";
import type { RecordTable, Row } from "./record-table.js";
import type { StoredRecord } from "./types.js";
import { type CellWrites, type ValidatedFields, validateFields } from "./validate-fields.js";

/** What a write needs besides the table: record IDs and the creation time. */
export interface WriteEnv {
  readonly newId: () => string;
  /** ISO createdTime for records created now (whole seconds, as Airtable reports). */
  readonly createdTime: () => string;
  /** Upserts do not see existing rows, as when two upserts of one key race on a real base. */
  readonly blindUpsert?: boolean;
}

type Body = Record<string, unknown>;
const MAX_RECORDS = 10;

const isObject = (v: unknown): v is Body =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const onlyKeys = (o: Body, allowed: readonly string[], what: string): ApiError | undefined => {
  const extra = Object.keys(o).find((k) => !allowed.includes(k));
  return extra === undefined ? undefined : invalidRequest(`unknown ${what} property ${extra}`);
};

/** Reads `typecast` and validates every record's fields before anything is applied. */
const validateAll = (
  table: RecordTable,
  body: Body,
  records: readonly Body[],
): Result<ValidatedFields[], ApiError> => {
  if (body.typecast !== undefined && typeof body.typecast !== "boolean")
    return err(invalidRequest("typecast must be a boolean"));
  if (body.returnFieldsByFieldId === true)
    return err(invalidRequest("returnFieldsByFieldId is not supported by the local server"));
  const opts = { typecast: body.typecast === true, choices: (f: string) => table.choicesOf(f) };
  const out: ValidatedFields[] = [];
  for (const r of records) {
    const v = validateFields(table.schema, r.fields, opts);
    if (v.isErr()) return err(v.error);
    out.push(v.value);
  }
  return ok(out);
};

const commitChoices = (table: RecordTable, validated: readonly ValidatedFields[]): void => {
  for (const v of validated) for (const [f, c] of v.newChoices) table.addChoice(f, c);
};

/** Checks the `records` array: present, 1 to 10 objects with only the allowed keys. */
const recordsOf = (body: Body, verb: string, keys: readonly string[]): Result<Body[], ApiError> => {
  const records = body.records;
  if (!Array.isArray(records) || records.length === 0)
    return err(invalidRecords('The request must contain at least one record in "records"'));
  if (records.length > MAX_RECORDS)
    return err(
      invalidRecords(
        `A maximum of ${MAX_RECORDS} records can be ${verb} per request but you have provided ${records.length}.`,
      ),
    );
  for (const r of records) {
    if (!isObject(r)) return err(invalidRecords("Each record must be an object"));
    const extra = onlyKeys(r, keys, "record");
    if (extra) return err(extra);
  }
  return ok(records as Body[]);
};

/**
 * Creates records (`{records:[…]}`, at most 10) or one record (`{fields}`), all or nothing.
 * @returns the created records as the API returns them, or the 422 a real base would answer
 */
export const createRecords = (
  table: RecordTable,
  body: unknown,
  env: WriteEnv,
): Result<{ records: StoredRecord[] } | StoredRecord, ApiError> => {
  if (!isObject(body)) return err(invalidRequest("body must be an object"));
  const single = !("records" in body);
  const extra = onlyKeys(
    body,
    [single ? "fields" : "records", "typecast", "returnFieldsByFieldId"],
    "body",
  );
  if (extra) return err(extra);
  const records = single ? ok([{ fields: body.fields }]) : recordsOf(body, "created", ["fields"]);
  if (records.isErr()) return err(records.error);
  const validated = validateAll(table, body, records.value);
  if (validated.isErr()) return err(validated.error);
  commitChoices(table, validated.value);
  const created = validated.value.map((v) =>
    table.toJson(table.insert(env.newId(), env.createdTime(), v.writes)),
  );
  return ok(single ? (created[0] as StoredRecord) : { records: created });
};

interface Planned {
  readonly row: Row | "new";
  readonly writes: CellWrites;
}

const mergeFieldsOf = (table: RecordTable, body: Body): Result<string[] | undefined, ApiError> => {
  if (body.performUpsert === undefined) return ok(undefined);
  const merge = isObject(body.performUpsert) ? body.performUpsert.fieldsToMergeOn : undefined;
  if (
    !Array.isArray(merge) ||
    merge.length < 1 ||
    merge.length > 3 ||
    !merge.every((f) => typeof f === "string")
  )
    return err(invalidRequest("performUpsert.fieldsToMergeOn must list 1 to 3 field names"));
  for (const f of merge as string[]) {
    const type = Object.hasOwn(table.schema.fields, f) ? table.schema.fields[f]?.type : undefined;
    if (type === undefined)
      return err(invalidRequest(`Unknown field name in fieldsToMergeOn: "${f}"`));
    if (type === "formula" || type === "autoNumber" || type === "checkbox")
      return err(invalidRequest(`Field "${f}" cannot be used in fieldsToMergeOn`));
  }
  return ok(merge as string[]);
};

/** Finds the rows an upserted record merges into: existing rows and rows planned earlier in the request. */
const planUpsert = (
  table: RecordTable,
  merge: readonly string[],
  writes: CellWrites,
  plan: Planned[],
  blind: boolean,
): Result<Planned | "create", ApiError> => {
  for (const f of merge)
    if (writes[f] === undefined || writes[f] === null)
      return err(
        invalidRecords(
          `Each record must have a value for every field in fieldsToMergeOn (missing "${f}")`,
        ),
      );
  const matches = (cells: (f: string) => unknown) => merge.every((f) => cells(f) === writes[f]);
  const existing = blind ? [] : table.rows.filter((r) => matches((f) => r.cells.get(f)));
  const pending = plan.filter((p) => p.row === "new" && matches((f) => p.writes[f]));
  if (existing.length + pending.length > 1)
    return err(
      invalidRecords(
        `Cannot upsert: ${existing.length + pending.length} records match the fieldsToMergeOn values; at most one may`,
      ),
    );
  return ok(existing[0] ? { row: existing[0], writes } : (pending[0] ?? "create"));
};

/**
 * Updates records (PATCH merges, PUT replaces), or upserts them when `performUpsert` is set; all or nothing.
 * @returns the records plus `createdRecords`/`updatedRecords` for upserts, or the 422 a real base would answer
 */
export const updateRecords = (
  table: RecordTable,
  body: unknown,
  replace: boolean,
  env: WriteEnv,
): Result<
  { records: StoredRecord[]; createdRecords?: string[]; updatedRecords?: string[] },
  ApiError
> => {
  if (!isObject(body)) return err(invalidRequest("body must be an object"));
  const extra = onlyKeys(
    body,
    ["records", "typecast", "performUpsert", "returnFieldsByFieldId"],
    "body",
  );
  if (extra) return err(extra);
  const merge = mergeFieldsOf(table, body);
  if (merge.isErr()) return err(merge.error);
  const records = recordsOf(body, "updated", ["id", "fields"]);
  if (records.isErr()) return err(records.error);
  const validated = validateAll(table, body, records.value);
  if (validated.isErr()) return err(validated.error);
  const plan: Planned[] = [];
  const order: Planned[] = [];
  for (const [i, r] of records.value.entries()) {
    const writes = (validated.value[i] as ValidatedFields).writes;
    if (r.id !== undefined || merge.value === undefined) {
      if (typeof r.id !== "string")
        return err(invalidRecords('Each record to update must have an "id"'));
      const row = table.get(r.id);
      if (row === undefined) return err(rowDoesNotExist(r.id));
      order.push({ row, writes });
      continue;
    }
    const target = planUpsert(table, merge.value, writes, plan, env.blindUpsert === true);
    if (target.isErr()) return err(target.error);
    const planned =
      target.value === "create" ? { row: "new" as const, writes: { ...writes } } : target.value;
    if (target.value === "create") plan.push(planned);
    else if (planned.row === "new") Object.assign(planned.writes, writes);
    order.push(planned.row === "new" ? planned : { row: planned.row, writes });
  }
  commitChoices(table, validated.value);
  const createdIds = new Map<Planned, Row>();
  const created: string[] = [];
  const updated: string[] = [];
  const out = order.map((p) => {
    let row: Row;
    if (p.row === "new") {
      const known = createdIds.get(p);
      row = known ?? table.insert(env.newId(), env.createdTime(), p.writes);
      if (!known) created.push(row.id);
      createdIds.set(p, row);
    } else {
      row = p.row;
      table.apply(row, p.writes, replace);
      updated.push(row.id);
    }
    return table.toJson(row);
  });
  if (merge.value === undefined) return ok({ records: out });
  return ok({ records: out, createdRecords: created, updatedRecords: [...new Set(updated)] });
};

/**
 * Deletes at most 10 records by ID, all or nothing.
 * @returns `{ id, deleted: true }` per record, or 404/422 as a real base would answer
 */
export const deleteRecords = (
  table: RecordTable,
  ids: readonly string[],
): Result<{ records: { id: string; deleted: true }[] }, ApiError> => {
  if (ids.length === 0) return err(invalidRequest("records[] is required"));
  if (ids.length > MAX_RECORDS)
    return err(
      invalidRecords(
        `A maximum of ${MAX_RECORDS} records can be deleted per request but you have provided ${ids.length}.`,
      ),
    );
  const missing = ids.find((id) => table.get(id) === undefined);
  if (missing !== undefined) return err(notFound(`record ${missing}`));
  for (const id of ids) table.remove(id);
  return ok({ records: ids.map((id) => ({ id, deleted: true as const })) });
};
