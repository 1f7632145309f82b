import type { ClientRunChange, JobChange } from "../store/changes.js";
import type { ClientRunRecord, ExternalRunLink, JobRecord } from "../store/records.js";
import type { AirtableRow } from "./base-client.js";
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

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

const isOp = (v: unknown): v is EventOp => {
  if (!isObject(v) || typeof v.token !== "string") return false;
  if (v.t === "create") return isObject(v.record) && typeof v.record.runId === "string";
  if (v.t === "change") return isObject(v.change) && typeof v.change.token === "string";
  if (v.t === "link") return isObject(v.link) && typeof v.link.provider === "string";
  return false;
};

/** The Changes cell of an event. */
export const encodeOps = (ops: readonly EventOp[]): string => JSON.stringify(ops);

/**
 * Reads an events-table row; rows that are not well-formed events (edited by hand, truncated) are
 * skipped rather than folded, so they can never corrupt a record.
 */
export const decodeEvent = (
  mapping: AirtableMapping,
  row: AirtableRow,
): StoredEvent | undefined => {
  const e = mapping.eventFields;
  const key = decodeKey(row.fields[e.key]);
  const token = row.fields[e.token];
  const text = row.fields[e.changes];
  if (!key || typeof token !== "string" || typeof text !== "string") return undefined;
  let ops: unknown;
  try {
    ops = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(ops) || !ops.every(isOp)) return undefined;
  const keyText = row.fields[e.key] as string;
  const seq = row.fields[e.sequence];
  return {
    id: row.id,
    createdTime: row.createdTime,
    seq: typeof seq === "number" && Number.isFinite(seq) ? seq : undefined,
    key,
    keyText,
    token,
    ops,
  };
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
