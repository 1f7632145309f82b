import { err, ok, type Result } from "neverthrow";
import { isRecordName, RECORD_NAME_RULE } from "../store/names.js";
import { invalidArgument, type ServiceError } from "./service-error.js";

/** True for a non-null object that is not an array. */
const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  try {
    return typeof value === "object" && value !== null && !Array.isArray(value);
  } catch {
    return false; // Array.isArray throws for a revoked Proxy
  }
};

/** Checks an operation, metric or provider name: 1–100 letters, digits, `_ . : -`. */
export const validateName = (field: string, value: unknown): Result<string, ServiceError> => {
  if (typeof value !== "string") return err(invalidArgument(field, value, "not a string"));
  if (!isRecordName(value)) return err(invalidArgument(field, value, RECORD_NAME_RULE));
  return ok(value);
};

/** Checks an optional options bag: `undefined` becomes `{}`, anything but a plain object is refused. */
export const validateOptions = (
  field: string,
  value: unknown,
): Result<Record<string, unknown>, ServiceError> => {
  if (value === undefined) return ok({});
  if (!isPlainObject(value)) return err(invalidArgument(field, value, "not an object"));
  return readOwn(field, value, (copy) => ok(copy));
};

// A caller's object may have throwing getters (or be a Proxy): copy it once, here, so a throw is an
// `invalid-argument` for that field rather than an unexpected failure later on.
const readOwn = <T>(
  field: string,
  value: Record<string, unknown>,
  then: (copy: Record<string, unknown>) => Result<T, ServiceError>,
): Result<T, ServiceError> => {
  let copy: Record<string, unknown>;
  try {
    copy = { ...value };
  } catch {
    return err(invalidArgument(field, value, "could not be read (a getter threw)"));
  }
  return then(copy);
};

/** Checks a record of named finite numbers (metric deltas or values). */
export const validateNumbers = (
  field: string,
  value: unknown,
): Result<Readonly<Record<string, number>>, ServiceError> => {
  if (!isPlainObject(value)) return err(invalidArgument(field, value, "not an object"));
  return readOwn(field, value, (copy) => numbersOf(field, value, copy));
};

const numbersOf = (
  field: string,
  value: unknown,
  copy: Record<string, unknown>,
): Result<Readonly<Record<string, number>>, ServiceError> => {
  const out: Record<string, number> = {};
  for (const [name, n] of Object.entries(copy)) {
    const checked = validateName(`${field} name`, name);
    if (checked.isErr()) return err(checked.error);
    if (typeof n !== "number" || !Number.isFinite(n)) {
      return err(invalidArgument(field, value, `${name} is not a finite number`));
    }
    out[name] = n;
  }
  return ok(out);
};

/** Checks optional free text (a note, a progress message, a client name): a string of at most `max` characters. */
export const validateText = (
  field: string,
  value: unknown,
  max = 10_000,
): Result<string, ServiceError> => {
  if (typeof value !== "string") return err(invalidArgument(field, value, "not a string"));
  if (value.length > max) return err(invalidArgument(field, value, `longer than ${max}`));
  return ok(value);
};

/** Checks an optional idempotency key: a non-empty string of at most 200 characters. */
export const validateKey = (value: unknown): Result<string | undefined, ServiceError> => {
  if (value === undefined) return ok(undefined);
  if (typeof value !== "string" || value.length === 0 || value.length > 200) {
    return err(invalidArgument("idempotencyKey", value, "not a string of 1–200 characters"));
  }
  return ok(value);
};

/** Checks optional notes: a string or an array of strings, returned as an array. */
export const validateNotes = (value: unknown): Result<readonly string[], ServiceError> => {
  if (value === undefined) return ok([]);
  let list: unknown[];
  try {
    list = Array.isArray(value) ? [...value] : [value];
  } catch {
    return err(invalidArgument("notes", value, "could not be read"));
  }
  for (const note of list) {
    const checked = validateText("notes", note);
    if (checked.isErr()) return err(checked.error);
  }
  return ok(list as string[]);
};
