import { err, ok, type Result } from "neverthrow";
import { type ApiError, invalidRequest } from "./errors.js";

/** One sort key of a list request. */
export interface SortSpec {
  readonly field: string;
  readonly direction: "asc" | "desc";
}

/** The parameters of a list request, from either the query string or a listRecords body. */
export interface ListParams {
  fields?: string[];
  filterByFormula?: string;
  maxRecords?: number;
  pageSize?: number;
  offset?: string;
  sort?: SortSpec[];
  view?: string;
  cellFormat?: string;
  timeZone?: string;
  userLocale?: string;
  returnFieldsByFieldId?: boolean;
  recordMetadata?: string[];
}

const INTEGER = /^\d+$/;
const SORT_KEY = /^sort\[(\d+)\]\[(field|direction)\]$/;

const direction = (d: unknown): Result<"asc" | "desc", ApiError> =>
  d === undefined || d === "asc" || d === "desc"
    ? ok(d ?? "asc")
    : err(invalidRequest(`sort direction must be asc or desc, got ${JSON.stringify(d)}`));

/**
 * Reads list parameters from a GET query string as airtable.js encodes them (`fields[]=…`, `sort[0][field]=…`).
 * @param query the URL's search params
 * @returns the parameters, or a 422 for an unknown or malformed one
 */
export const paramsFromQuery = (query: URLSearchParams): Result<ListParams, ApiError> => {
  const p: ListParams = {};
  const sorts: { field?: string; direction?: string }[] = [];
  for (const [key, value] of query) {
    // airtable.js's deprecated list() sends `limit=&offset=` with empty values for absent ones.
    if (value === "" && (key === "offset" || key === "limit")) continue;
    const sort = SORT_KEY.exec(key);
    if (sort) {
      const index = Number(sort[1]);
      sorts[index] = { ...sorts[index], [sort[2] as string]: value };
    } else if (key === "fields[]" || /^fields\[\d+\]$/.test(key)) {
      p.fields = [...(p.fields ?? []), value];
    } else if (key === "recordMetadata[]") {
      p.recordMetadata = [...(p.recordMetadata ?? []), value];
    } else if (key === "maxRecords" || key === "pageSize" || key === "limit") {
      if (!INTEGER.test(value)) return err(invalidRequest(`${key} must be an integer`));
      p[key === "limit" ? "pageSize" : key] = Number(value);
    } else if (key === "returnFieldsByFieldId") {
      p.returnFieldsByFieldId = value === "true" || value === "1";
    } else if (
      ["filterByFormula", "offset", "view", "cellFormat", "timeZone", "userLocale"].includes(key)
    ) {
      (p as Record<string, unknown>)[key] = value;
    } else return err(invalidRequest(`unknown query parameter ${key}`));
  }
  if (sorts.length > 0) {
    const specs: SortSpec[] = [];
    for (const s of sorts) {
      if (s?.field === undefined) return err(invalidRequest("sort entries must name a field"));
      const d = direction(s.direction);
      if (d.isErr()) return err(d.error);
      specs.push({ field: s.field, direction: d.value });
    }
    p.sort = specs;
  }
  return ok(p);
};

const isStringArray = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === "string");

/**
 * Reads list parameters from a `POST …/listRecords` JSON body.
 * @param body the parsed JSON body
 * @returns the parameters, or a 422 for an unknown or mistyped one
 */
export const paramsFromBody = (body: unknown): Result<ListParams, ApiError> => {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    return err(invalidRequest("body must be an object"));
  const p: ListParams = {};
  for (const [key, value] of Object.entries(body)) {
    const bad = () => err(invalidRequest(`bad value for ${key}`));
    switch (key) {
      case "method": // airtable.js copies select({ method: 'post' }) into the body
        break;
      case "fields":
      case "recordMetadata":
        if (!isStringArray(value)) return bad();
        p[key] = value;
        break;
      case "maxRecords":
      case "pageSize":
        if (!Number.isInteger(value)) return bad();
        p[key] = value as number;
        break;
      case "returnFieldsByFieldId":
        if (typeof value !== "boolean") return bad();
        p.returnFieldsByFieldId = value;
        break;
      case "sort": {
        if (!Array.isArray(value)) return bad();
        const specs: SortSpec[] = [];
        for (const s of value as unknown[]) {
          const field = (s as { field?: unknown } | null)?.field;
          if (typeof field !== "string") return bad();
          const d = direction((s as { direction?: unknown }).direction);
          if (d.isErr()) return err(d.error);
          specs.push({ field, direction: d.value });
        }
        p.sort = specs;
        break;
      }
      case "filterByFormula":
      case "offset":
      case "view":
      case "cellFormat":
      case "timeZone":
      case "userLocale":
        if (typeof value !== "string") return bad();
        p[key] = value;
        break;
      default:
        return err(invalidRequest(`unknown body parameter ${key}`));
    }
  }
  return ok(p);
};
