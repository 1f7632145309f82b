import { type StoreError, storeRejected, storeUnavailable } from "../store/store-error.js";

/** The shape of airtable.js's `AirtableError`: a plain object, not an `Error`. */
export interface AirtableErrorLike {
  readonly error: string;
  readonly message: string;
  readonly statusCode: number | null | undefined;
}

/** True for airtable.js's `AirtableError` (checked by shape: it is not `instanceof Error`). */
export const isAirtableError = (value: unknown): value is AirtableErrorLike =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as { error?: unknown }).error === "string" &&
  typeof (value as { message?: unknown }).message === "string" &&
  "statusCode" in value;

const fetchErrorType = (value: unknown): string | undefined => {
  if (typeof value !== "object" || value === null) return undefined;
  const { name, type } = value as { name?: unknown; type?: unknown };
  if (name === "AbortError") return "aborted";
  if (name === "FetchError" && typeof type === "string") return type;
  return undefined;
};

/** A one-line description of anything thrown; never throws itself (not even for `Object.create(null)`). */
export const causeText = (cause: unknown): string => {
  if (cause instanceof Error) return cause.message;
  try {
    return String(cause);
  } catch {
    return Object.prototype.toString.call(cause);
  }
};

const STORE_ERROR_TYPES: ReadonlySet<unknown> = new Set([
  "unavailable",
  "rejected",
  "not-found",
  "precondition-failed",
]);

/**
 * What a promise of this adapter rejected with, as a `StoreError`: one already (the scheduler's
 * own), or anything else mapped by {@link toStoreError}.
 * @param write whether the request could have changed data
 */
export const asStoreError = (cause: unknown, write: boolean): StoreError =>
  typeof cause === "object" &&
  cause !== null &&
  STORE_ERROR_TYPES.has((cause as { type?: unknown }).type) &&
  typeof (cause as { message?: unknown }).message === "string"
    ? (cause as StoreError)
    : toStoreError(cause, write);

/** True when `cause` is Airtable's answer that the base is over its rate limit. */
export const isRateLimited = (cause: unknown): boolean =>
  isAirtableError(cause) && cause.statusCode === 429;

/**
 * Maps anything airtable.js can reject with to a `StoreError`: transport failures and 429/5xx are
 * `unavailable` (a write's outcome is then `unknown`, since it may have been applied), everything
 * else is `rejected`; `UNKNOWN_FIELD_NAME` names the field.
 * @param cause what the request rejected with
 * @param write whether the request could have changed data
 */
export const toStoreError = (cause: unknown, write: boolean): StoreError => {
  const outcome = write ? "unknown" : "not-applied";
  const transport = fetchErrorType(cause);
  if (transport !== undefined) {
    return storeUnavailable(`Airtable request failed (${transport})`, cause, outcome);
  }
  if (!isAirtableError(cause)) {
    return storeRejected(`Airtable request failed unexpectedly: ${causeText(cause)}`, cause);
  }
  const status = cause.statusCode ?? 0;
  if (cause.error === "CONNECTION_ERROR" || status === 0) {
    return storeUnavailable(`Airtable connection failed: ${cause.message}`, cause, outcome);
  }
  if (status === 429) {
    return storeUnavailable("Airtable rate limit reached (429)", cause, "not-applied");
  }
  if (status >= 500) {
    return storeUnavailable(`Airtable server error ${status}: ${cause.message}`, cause, outcome);
  }
  if (cause.error === "UNKNOWN_FIELD_NAME") {
    const field = /"([^"]*)"/.exec(cause.message)?.[1];
    const named = field === undefined ? cause.message : `unknown field name "${field}"`;
    return storeRejected(`Airtable refused the write: ${named}; map the field or add it`, cause);
  }
  if (status === 403 || status === 404) {
    return storeRejected(
      `Airtable answered ${status} (${cause.error}): unknown base or table, or no permission`,
      cause,
    );
  }
  return storeRejected(
    `Airtable refused the request: ${status} ${cause.error}: ${cause.message}`,
    cause,
  );
};

/** What kind of failure an airtable.js rejection was, for callers that explain it to people. */
export type AirtableFailureKind =
  | "unauthorized"
  | "not-found"
  | "refused"
  | "rate-limited"
  | "server"
  | "timeout"
  | "unreachable";

/** An airtable.js rejection, classified: its kind, HTTP status, message and error code. */
export interface AirtableFailure {
  readonly kind: AirtableFailureKind;
  readonly status: number | undefined;
  /** The message Airtable or the transport gave (or the cause as text). */
  readonly detail: string;
  /** The Airtable error name or transport code (`ECONNREFUSED`, `CONNECTION_ERROR`), when known. */
  readonly code: string | undefined;
}

/**
 * Classifies anything airtable.js can reject with (an `AirtableError` plain object, a node-fetch
 * error, anything else), or a `StoreError` of this adapter by its cause; never throws.
 * @returns the kind, status, message and code
 */
export const classifyAirtableFailure = (failure: unknown): AirtableFailure => {
  const wrapped =
    typeof failure === "object" &&
    failure !== null &&
    STORE_ERROR_TYPES.has((failure as { type?: unknown }).type) &&
    "cause" in failure &&
    (failure as { cause?: unknown }).cause !== undefined;
  const cause = wrapped ? (failure as { cause: unknown }).cause : failure;
  const c = (typeof cause === "object" && cause !== null ? cause : {}) as {
    statusCode?: unknown;
    error?: unknown;
    message?: unknown;
    code?: unknown;
    type?: unknown;
    name?: unknown;
  };
  const status = typeof c.statusCode === "number" ? c.statusCode : undefined;
  // A StoreError of this adapter says more than a cause that is not a rejection (a body it refused).
  const ownMessage = wrapped ? (failure as { message?: unknown }).message : undefined;
  const own =
    typeof ownMessage === "string" &&
    !isAirtableError(cause) &&
    fetchErrorType(cause) === undefined;
  const detail = own ? ownMessage : typeof c.message === "string" ? c.message : causeText(cause);
  const code = [c.code, c.error].find((v): v is string => typeof v === "string");
  const aborted =
    c.type === "aborted" ||
    c.type === "request-timeout" ||
    c.name === "AbortError" ||
    /\babort/i.test(detail);
  const kind: AirtableFailureKind =
    status === 401 || status === 403
      ? "unauthorized"
      : status === 404
        ? "not-found"
        : status === 429
          ? "rate-limited"
          : status !== undefined && status >= 500
            ? "server"
            : status !== undefined && status >= 400
              ? "refused"
              : aborted
                ? "timeout"
                : "unreachable";
  return { kind, status, detail, code };
};
