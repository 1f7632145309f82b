import { invalidChange } from "../store/change-rules.js";
import { type StoreError, storeRejected } from "../store/store-error.js";
import { validateTags } from "../store/tags.js";
import type { RecordKey } from "./record-key.js";

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === "string";
const isTime = (v: unknown): boolean => typeof v === "number" && Number.isFinite(v);
const optional = (v: unknown, check: (x: unknown) => boolean): boolean =>
  v === undefined || check(v);
const texts = (v: unknown): boolean => Array.isArray(v) && v.every(isText);
const numbers = (v: unknown): boolean =>
  isObject(v) && Object.values(v).every((n) => typeof n === "number" && Number.isFinite(n));
const line = (v: unknown): boolean => isObject(v) && isTime(v.at) && isText(v.message);
const operation = (v: unknown): boolean =>
  isObject(v) && isText(v.status) && optional(v.startedAt, isTime) && optional(v.endedAt, isTime);
const operations = (v: unknown): boolean => isObject(v) && Object.values(v).every(operation);

const recordProblem = (kind: RecordKey["kind"], r: Obj): string | undefined => {
  if (!isText(r.runId) || !isText(r.status) || !isText(r.creationToken))
    return "a created record needs string runId, status and creationToken";
  if (!isTime(r.startedAt) || !isTime(r.lastActivityAt) || !optional(r.endedAt, isTime))
    return "a created record needs finite startedAt and lastActivityAt";
  if (!texts(r.notes)) return "a created record's notes must be strings";
  // Events written before tags existed have none (the record reads as `{}`).
  if (r.tags !== undefined) {
    const tags = validateTags(r.tags, "tags", false);
    if (tags.isErr()) return `${tags.error.path} ${tags.error.reason}`;
  }
  if (kind === "job") return typeof r.sealed === "boolean" ? undefined : "sealed must be a boolean";
  if (!isText(r.baseRunId) || !isText(r.clientId))
    return "a client run needs baseRunId and clientId";
  if (!numbers(r.metrics)) return "metrics must be finite numbers";
  if (!operations(r.operations)) return "operations must be { status, startedAt?, endedAt? }";
  if (!Array.isArray(r.progress) || !r.progress.every(line))
    return "progress lines need a finite at and a message";
  return undefined;
};

// Lists first: invalidChange (written for typed input) calls array methods on notes and progress.
const listsOk = (c: Obj): boolean =>
  optional(c.notes, Array.isArray) && optional(c.progress, Array.isArray);

const changeProblem = (c: Obj): string | undefined => {
  if (!listsOk(c)) return "a change's notes and progress must be lists";
  const invalid = invalidChange(c as never);
  if (invalid !== undefined) return invalid.message;
  if (!optional(c.notes, texts)) return "a change's notes must be strings";
  if (!optional(c.ifStatus, texts)) return "ifStatus must be a list of statuses";
  if (!optional(c.status, isText) || !optional(c.sealed, (v) => typeof v === "boolean"))
    return "status must be a string and sealed a boolean";
  if (!optional(c.increments, numbers) || !optional(c.set, numbers))
    return "increments and set must be finite numbers";
  if (!optional(c.operations, operations))
    return "operations must be { status, startedAt?, endedAt? }";
  if (!optional(c.progress, (p) => Array.isArray(p) && p.every(line)))
    return "progress lines need a finite at and a message";
  return undefined;
};

/**
 * Checks a change a caller passed in, as the store will read it back: `invalidChange`'s error when
 * it names the problem (the in-memory store answers the same), else one naming the shape.
 * @returns the error to answer with, or `undefined` when the change can be stored
 */
export const changeError = (change: unknown): StoreError | undefined => {
  if (!isObject(change)) return storeRejected("a change must be an object", change);
  if (listsOk(change)) {
    const invalid = invalidChange(change as never);
    if (invalid !== undefined) return invalid;
  }
  const problem = changeProblem(change);
  return problem === undefined ? undefined : storeRejected(problem, change);
};

const linkProblem = (l: Obj): string | undefined =>
  [l.provider, l.externalId, l.runId, l.clientId].every(isText) && isTime(l.linkedAt)
    ? undefined
    : "a link needs string provider, externalId, runId, clientId and a finite linkedAt";

/**
 * Checks one op read from a Changes cell against the shapes the fold relies on, so a cell edited by
 * hand can never make the fold throw or write `NaN`.
 * @returns what is wrong with it, or `undefined` when it can be folded
 */
export const opProblem = (kind: RecordKey["kind"], op: unknown): string | undefined => {
  if (!isObject(op) || !isText(op.token)) return "an op needs a string token";
  if (op.t === "create")
    return isObject(op.record) ? recordProblem(kind, op.record) : "a create needs a record";
  if (op.t === "change")
    return isObject(op.change) ? changeProblem(op.change) : "a change op needs a change";
  if (op.t === "link") return isObject(op.link) ? linkProblem(op.link) : "a link op needs a link";
  return `unknown op type ${JSON.stringify(op.t) ?? "undefined"}`;
};
