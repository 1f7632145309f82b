import { err, ok, type Result } from "neverthrow";
import { type ApiError, apiError, invalidValue, unknownFieldName } from "./errors.js";
import type { FieldSchema, TableSchema } from "./types.js";

/** Cell values to write after validation; `null` clears the cell. */
export type CellWrites = Record<string, string | number | boolean | null>;

/** The outcome of validating one record's `fields`: the writes and any select options typecast adds. */
export interface ValidatedFields {
  readonly writes: CellWrites;
  readonly newChoices: readonly (readonly [field: string, choice: string])[];
}

/** How values are validated: typecast on or off, and the select options known so far. */
export interface ValidateOptions {
  readonly typecast: boolean;
  readonly choices: (field: string) => ReadonlySet<string>;
}

const ISO_DATE =
  /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})?)?$/;

type CellResult = Result<string | number | boolean | null, ApiError>;

const text = (name: string, v: unknown, typecast: boolean): CellResult => {
  if (typeof v === "string") return ok(v === "" ? null : v);
  if (typecast && (typeof v === "number" || typeof v === "boolean")) return ok(String(v));
  return err(invalidValue(name));
};

const number = (name: string, v: unknown, typecast: boolean): CellResult => {
  if (typeof v === "number" && Number.isFinite(v)) return ok(v);
  if (typecast && typeof v === "string") {
    if (v.trim() === "") return ok(null);
    const n = Number(v);
    if (Number.isFinite(n)) return ok(n);
  }
  return err(invalidValue(name));
};

const dateTime = (name: string, v: unknown, typecast: boolean): CellResult => {
  if (typeof v !== "string") return err(invalidValue(name));
  if (v === "") return ok(null);
  const parsed = Date.parse(v);
  if (Number.isNaN(parsed) || (!typecast && !ISO_DATE.test(v))) return err(invalidValue(name));
  return ok(new Date(parsed).toISOString());
};

const cell = (name: string, schema: FieldSchema, v: unknown, opts: ValidateOptions): CellResult => {
  if (v === null) return ok(null);
  switch (schema.type) {
    case "singleLineText":
    case "multilineText":
      return text(name, v, opts.typecast);
    case "number":
      return number(name, v, opts.typecast);
    case "dateTime":
      return dateTime(name, v, opts.typecast);
    case "checkbox":
      return typeof v === "boolean" ? ok(v ? true : null) : err(invalidValue(name));
    case "formula":
    case "autoNumber":
      return err(
        invalidValue(name, `Field "${name}" cannot accept a value because the field is computed`),
      );
    case "singleSelect": {
      if (typeof v !== "string") return err(invalidValue(name));
      if (v === "" || opts.choices(name).has(v) || opts.typecast) return ok(v === "" ? null : v);
      return err(
        apiError(
          422,
          "INVALID_MULTIPLE_CHOICE_OPTIONS",
          `Insufficient permissions to create new select option ""${v}""`,
        ),
      );
    }
  }
};

/**
 * Checks one record's `fields` against the table schema as a real base would.
 * @param table the table schema
 * @param fields the `fields` object from the request (any JSON)
 * @param opts typecast flag and known select options
 * @returns normalised writes, or the 422 a real base would answer
 */
export const validateFields = (
  table: TableSchema,
  fields: unknown,
  opts: ValidateOptions,
): Result<ValidatedFields, ApiError> => {
  if (typeof fields !== "object" || fields === null || Array.isArray(fields))
    return err(
      apiError(
        422,
        "INVALID_REQUEST_MISSING_FIELDS",
        'Could not find field "fields" in the request body',
      ),
    );
  const writes: CellWrites = {};
  const newChoices: (readonly [string, string])[] = [];
  for (const [name, value] of Object.entries(fields)) {
    const schema = Object.hasOwn(table.fields, name) ? table.fields[name] : undefined;
    if (schema === undefined) return err(unknownFieldName(name));
    const checked = cell(name, schema, value, opts);
    if (checked.isErr()) return err(checked.error);
    writes[name] = checked.value;
    if (
      schema.type === "singleSelect" &&
      typeof checked.value === "string" &&
      !opts.choices(name).has(checked.value)
    )
      newChoices.push([name, checked.value]);
  }
  return ok({ writes, newChoices });
};
