import type { RequestKind } from "./types.js";

/** What a request asks for, read from its method and path. */
export type Action =
  | { readonly type: "list"; readonly via: "get" | "post" }
  | { readonly type: "get"; readonly recordId: string }
  | { readonly type: "create" }
  | { readonly type: "update"; readonly replace: boolean; readonly recordId?: string }
  | { readonly type: "delete"; readonly recordId?: string };

/** A routed request: base, table name and action. */
export interface Route {
  readonly baseId: string;
  readonly table: string;
  readonly action: Action;
}

const decode = (segment: string): string | undefined => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
};

const tableAction = (method: string): Action | undefined => {
  switch (method) {
    case "GET":
      return { type: "list", via: "get" };
    case "POST":
      return { type: "create" };
    case "PATCH":
    case "PUT":
      return { type: "update", replace: method === "PUT" };
    case "DELETE":
      return { type: "delete" };
    default:
      return undefined;
  }
};

const recordAction = (method: string, recordId: string): Action | undefined => {
  switch (method) {
    case "GET":
      return { type: "get", recordId };
    case "PATCH":
    case "PUT":
      return { type: "update", replace: method === "PUT", recordId };
    case "DELETE":
      return { type: "delete", recordId };
    default:
      return undefined;
  }
};

/**
 * Routes `/v0/{baseId}/{table}[/{recordId}|/listRecords]` as airtable.js builds it.
 * @param method the upper-case HTTP method
 * @param rawPath the path, still percent-encoded (table names may contain an encoded `/`)
 * @returns the route, or undefined when the path is not an Airtable records path
 */
export const routeRequest = (method: string, rawPath: string): Route | undefined => {
  const parts = rawPath.split("/").slice(1);
  if (parts[parts.length - 1] === "" && parts.length > 3) parts.pop(); // airtable.js adds a trailing slash on writes
  if (parts[0] !== "v0" || parts.length < 3 || parts.length > 4) return undefined;
  const [baseId, table, last] = [decode(parts[1] ?? ""), decode(parts[2] ?? ""), parts[3]];
  if (!baseId || !table) return undefined;
  if (last === undefined) {
    const action = tableAction(method);
    return action && { baseId, table, action };
  }
  if (last === "listRecords" && method === "POST")
    return { baseId, table, action: { type: "list", via: "post" } };
  const recordId = decode(last);
  const action = recordId ? recordAction(method, recordId) : undefined;
  return action && { baseId, table, action };
};

/** The request-log kind of a routed request; PATCH/PUT with `performUpsert` is an upsert. */
export const kindOf = (route: Route | undefined, body: unknown): RequestKind => {
  if (route === undefined) return "unknown";
  const { action } = route;
  if (action.type !== "update") return action.type;
  const upsert = typeof body === "object" && body !== null && "performUpsert" in body;
  return upsert ? "upsert" : "update";
};
