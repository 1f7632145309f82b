import { type StoreError, storeRejected, storeUnavailable } from "../store/store-error.js";

/** SQLSTATEs after which running the same statement again may succeed (a lost race). */
const LOST_RACE: ReadonlySet<string> = new Set(["23505", "40001", "40P01"]);

// Transient server states: the statement did not run to completion, so nothing of it was written.
const TRANSIENT: ReadonlyMap<string, string> = new Map([
  ["40001", "serialization failure"],
  ["40P01", "deadlock detected"],
  ["57014", "statement timeout or cancel"],
  ["57P01", "server shutting down (admin shutdown)"],
  ["57P02", "server crash shutdown"],
  ["57P03", "server not accepting connections yet"],
  ["53300", "too many connections"],
  ["55P03", "lock not available"],
]);

// Socket-level failures node-postgres reports without a SQLSTATE.
const CONNECTION_CODES: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);
const CONNECTION_MESSAGE =
  /connection terminated|connection error|timeout exceeded when trying to connect|not queryable|terminating connection|Connection ended/i;

const codeOf = (cause: unknown): string | undefined => {
  if (typeof cause !== "object" || cause === null) return undefined;
  const code = (cause as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
};

/** A one-line description of anything thrown; never throws itself. */
export const causeText = (cause: unknown): string => {
  try {
    if (cause instanceof Error) return cause.message;
    return String(cause);
  } catch {
    return Object.prototype.toString.call(cause);
  }
};

/** True when `cause` is a database answer that a re-run of the same statement may not get (a lost race). */
export const isLostRace = (cause: unknown): boolean => LOST_RACE.has(codeOf(cause) ?? "");

/**
 * Maps what a driver rejected with to a `StoreError`: connection failures and transient server states are
 * `unavailable`; a connection lost during a write has `outcome: "unknown"` (it may have committed before the answer
 * was lost), while a SQLSTATE answer means the statement was rolled back. Everything else — constraints,
 * permissions, a missing schema, bad values — is `rejected`, naming the cause.
 * @param cause - What the query rejected with.
 * @param action - What the store was doing, for the message.
 * @param write - Whether the statement could have changed data.
 */
export function toStoreError(cause: unknown, action: string, write: boolean): StoreError {
  const code = codeOf(cause);
  const text = causeText(cause);
  const transient = code === undefined ? undefined : TRANSIENT.get(code);
  if (transient !== undefined) {
    // A backend terminated mid-call may have committed just before it was told to stop.
    const maybe = write && (code === "57P01" || code === "57P02");
    return storeUnavailable(
      `${action}: ${transient} (${code}): ${text}`,
      cause,
      maybe ? "unknown" : "not-applied",
    );
  }
  if (code?.startsWith("08") || code?.startsWith("53")) {
    return storeUnavailable(
      `${action}: connection failure (${code}): ${text}`,
      cause,
      "not-applied",
    );
  }
  const socket = code !== undefined && CONNECTION_CODES.has(code);
  if (socket || (code === undefined && CONNECTION_MESSAGE.test(text))) {
    // A refused or unresolved connection never reached the server; a reset or dropped one may have.
    const reached = code !== "ECONNREFUSED" && code !== "ENOTFOUND" && code !== "EAI_AGAIN";
    return storeUnavailable(
      `${action}: connection failed: ${text}`,
      cause,
      write && reached ? "unknown" : "not-applied",
    );
  }
  return storeRejected(`${action}: ${describeRejection(code, cause, text)}`, cause);
}

function describeRejection(code: string | undefined, cause: unknown, text: string): string {
  const detail = (key: string): string | undefined => {
    const value = (cause as Record<string, unknown> | null)?.[key];
    return typeof value === "string" ? value : undefined;
  };
  if (code === undefined) return text;
  if (code.startsWith("23")) {
    const constraint = detail("constraint");
    return `constraint violation (${code}${constraint ? `, ${constraint}` : ""}): ${text}`;
  }
  if (code === "42501") return `permission denied (${code}): ${text}`;
  if (code === "42P01" || code === "42883" || code === "3F000") {
    return `schema missing or incomplete (${code}): ${text}`;
  }
  return `database refused the statement (${code}): ${text}`;
}
