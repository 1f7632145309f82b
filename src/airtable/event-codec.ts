import { err, ok, type Result } from "neverthrow";
import type { ClientRunChange, JobChange } from "../store/changes.js";
import type { ClientRunRecord, ExternalRunLink, JobRecord } from "../store/records.js";
import type { AirtableRow } from "./base-client.js";
import { opProblem } from "./event-validate.js";
import type { AirtableMapping } from "./mapping.js";
import { decodeKey, type RecordKey } from "./record-key.js";

/** One thing an event records for its key, in the order it was accepted. */
export type EventOp =
  | { readonly t: "create"; readonly token: string; readonly record: JobRecord | ClientRunRecord }
  | { readonly t: "change"; readonly token: string; readonly change: JobChange | ClientRunChange }
  | { readonly t: "link"; readonly token: string; readonly link: ExternalRunLink };

/** An event as read back from the events table. */
export interface StoredEvent {
  readonly id: string;
  readonly createdTime: string;
  /** The event's autoNumber (commit order), when the base has the sequence field. */
  readonly seq: number | undefined;
  readonly key: RecordKey;
  readonly keyText: string;
  readonly token: string;
  readonly ops: readonly EventOp[];
}

/** Why an events-table row was skipped (edited by hand, truncated, not one of ours). */
export interface EventDecodeError {
  readonly type: "unreadable-event";
  /** The events-table record ID. */
  readonly rowId: string;
  readonly message: string;
  /** The offending cell. */
  readonly value: unknown;
  readonly cause?: unknown;
}

/**
 * A copy of what a caller handed in, exactly as it will be read back from a Changes cell: the op
 * keeps no reference to the caller's object, which may change after the call.
 */
export const detached = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** The Changes cell of an event. */
export const encodeOps = (ops: readonly EventOp[]): string => JSON.stringify(ops);

const unreadable = (
  row: AirtableRow,
  message: string,
  value: unknown,
  cause?: unknown,
): Result<never, EventDecodeError> =>
  err({
    type: "unreadable-event",
    rowId: row.id,
    message: `event ${row.id}: ${message}`,
    value,
    ...(cause === undefined ? {} : { cause }),
  });

/**
 * Reads an events-table row. A row that is not a well-formed event (edited by hand, truncated) is
 * an error the caller reports and skips: folding it could corrupt a record.
 * @returns the event, or `unreadable-event` naming the row and what is wrong
 */
export const decodeEvent = (
  mapping: AirtableMapping,
  row: AirtableRow,
): Result<StoredEvent, EventDecodeError> => {
  const e = mapping.eventFields;
  const keyText = row.fields[e.key];
  const key = decodeKey(keyText);
  const token = row.fields[e.token];
  const text = row.fields[e.changes];
  if (!key || typeof keyText !== "string")
    return unreadable(row, `the ${e.key} cell is not a record key`, keyText);
  if (typeof token !== "string") return unreadable(row, `the ${e.token} cell is not text`, token);
  if (typeof text !== "string") return unreadable(row, `the ${e.changes} cell is not text`, text);
  let ops: unknown;
  try {
    ops = JSON.parse(text);
  } catch (cause) {
    return unreadable(row, `the ${e.changes} cell is not JSON`, text, cause);
  }
  if (!Array.isArray(ops))
    return unreadable(row, `the ${e.changes} cell is not a list of ops`, text);
  for (const [i, op] of ops.entries()) {
    const problem = opProblem(key.kind, op);
    if (problem !== undefined) return unreadable(row, `op ${i} of ${e.changes}: ${problem}`, text);
  }
  const seq = row.fields[e.sequence];
  return ok({
    id: row.id,
    createdTime: row.createdTime,
    seq: typeof seq === "number" && Number.isFinite(seq) ? seq : undefined,
    key,
    keyText,
    token,
    ops: ops as EventOp[],
  });
};

/**
 * Commit order: by the autoNumber sequence. Events without one come first, by createdTime then
 * record ID (only a guess within one second: real record IDs are random): once a base has the
 * field every record has a number, old ones included, so an event read without one was read
 * before the field was added and was committed before any event that has one.
 */
export const compareEvents = (a: StoredEvent, b: StoredEvent): number => {
  if (a.seq !== undefined && b.seq !== undefined) return a.seq - b.seq;
  if (a.seq !== undefined || b.seq !== undefined) return a.seq === undefined ? -1 : 1;
  const ta = Date.parse(a.createdTime);
  const tb = Date.parse(b.createdTime);
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
};
