import type { ClientRunChange, JobChange } from "./changes.js";
import { freezeClientRun, freezeJob } from "./record-copies.js";
import type { ClientRunRecord, JobRecord, RunStatus } from "./records.js";
import type { StoreError } from "./store-error.js";
import { mergeTags, validateTags } from "./tags.js";

/** What a store must do with a well-formed change to an existing record, before it writes anything. */
export type ChangeDecision =
  | { readonly type: "apply" }
  | { readonly type: "repeat" }
  | { readonly type: "precondition-failed"; readonly status: RunStatus };

/**
 * Decides a change against the record's current status and applied tokens: a token already applied is a
 * `repeat` (nothing changes), then `ifStatus` must hold — an empty `ifStatus` list never holds, so it refuses
 * every write — and only then is the change applied.
 * @param status - The record's current status.
 * @param tokens - The change tokens already applied to the record.
 * @param change - The change to decide.
 * @returns What to do; the caller applies the change only for `apply`, and records its token in the same step.
 */
export function decideChange(
  status: RunStatus,
  tokens: { has(token: string): boolean },
  change: JobChange | ClientRunChange,
): ChangeDecision {
  if (tokens.has(change.token)) return { type: "repeat" };
  if (change.ifStatus !== undefined && !change.ifStatus.includes(status)) {
    return { type: "precondition-failed", status };
  }
  return { type: "apply" };
}

/**
 * Finds what makes a change unstorable (a missing token, a non-finite time or metric), so a bad change is
 * `rejected` up front instead of poisoning a record (and its JSON snapshot) with `NaN`.
 * @returns The error to answer with, or `undefined` when the change is well-formed.
 */
export function invalidChange(change: JobChange | ClientRunChange): StoreError | undefined {
  if (typeof change.token !== "string" || change.token.length === 0) {
    return reject("a change needs a non-empty string token", change.token);
  }
  if (!Number.isFinite(change.at))
    return reject("a change's `at` must be a finite number", change.at);
  if (change.endedAt !== undefined && change.endedAt !== null && !Number.isFinite(change.endedAt)) {
    return reject("`endedAt` must be a finite number or null", change.endedAt);
  }
  if (change.notes !== undefined && !change.notes.every((note) => typeof note === "string")) {
    return reject("notes must be strings", change.notes);
  }
  if (change.tags !== undefined) {
    const tags = validateTags(change.tags);
    if (tags.isErr()) return reject(`${tags.error.path} ${tags.error.reason}`, tags.error.input);
  }
  // A job change has none of the client run fields, so checking them as absent is harmless.
  const run: ClientRunChange = change;
  for (const values of [run.increments, run.set]) {
    for (const [name, value] of Object.entries(values ?? {})) {
      if (!Number.isFinite(value)) return reject(`metric ${name} must be a finite number`, value);
    }
  }
  const badLine = run.progress?.find(
    (line) => !Number.isFinite(line?.at) || typeof line?.message !== "string",
  );
  if (badLine !== undefined)
    return reject("progress lines need a finite `at` and a message", badLine);
  return undefined;
}

/**
 * Why a change would take a metric out of the finite, exact range: the `cause` of the `rejected`
 * error {@link metricRangeError} returns, so the service can name the metric to its caller.
 */
export interface MetricOutOfRange {
  readonly kind: "metric-out-of-range";
  /** The metric's name. */
  readonly metric: string;
  /** `increments` (a delta) or `set` (an absolute value). */
  readonly field: "increments" | "set";
  /** The delta or value the change carries for the metric. */
  readonly value: number;
  /** The metric's value before the change, when it had one. */
  readonly current: number | undefined;
  /** What the metric would become: ±Infinity, or an integer beyond ±`Number.MAX_SAFE_INTEGER`. */
  readonly result: number;
}

/**
 * The shared metric range rule, checked against the current record in the same atomic step as the
 * update (the answer depends on the current value): no metric may become ±Infinity, and an integer
 * metric (absent or a safe integer now, changed by an integer) may not pass ±2^53 − 1, beyond which
 * increments stop being exact. A store answers with this error and leaves the record unchanged.
 * @param run - The client run as it is now.
 * @param change - A change already found well-formed by {@link invalidChange} and decided `apply`.
 * @returns A `rejected` error whose `cause` is a {@link MetricOutOfRange}, or `undefined`.
 */
export function metricRangeError(
  run: Pick<ClientRunRecord, "metrics">,
  change: ClientRunChange,
): StoreError | undefined {
  const set = change.set ?? {};
  for (const [field, values] of [
    ["increments", change.increments ?? {}],
    ["set", set],
  ] as const) {
    for (const [metric, value] of Object.entries(values)) {
      // A metric both incremented and set ends as the set value (set is applied last).
      if (field === "increments" && Object.hasOwn(set, metric)) continue;
      const current = Object.hasOwn(run.metrics, metric) ? run.metrics[metric] : undefined;
      const result = field === "set" ? value : (current ?? 0) + value;
      const integer =
        Number.isInteger(value) && (current === undefined || Number.isSafeInteger(current));
      if (Number.isFinite(result) && !(integer && !Number.isSafeInteger(result))) continue;
      const cause: MetricOutOfRange = {
        kind: "metric-out-of-range",
        metric,
        field,
        value,
        current,
        result,
      };
      const bound = Number.isFinite(result)
        ? "past ±2^53 − 1, where integers stop being exact"
        : String(result);
      return { type: "rejected", message: `metric ${metric} would become ${bound}`, cause };
    }
  }
  return undefined;
}

/** True when a `rejected` store error's `cause` is a {@link MetricOutOfRange} (works on plain copies too). */
export function isMetricOutOfRange(cause: unknown): cause is MetricOutOfRange {
  return (
    typeof cause === "object" &&
    cause !== null &&
    (cause as { kind?: unknown }).kind === "metric-out-of-range" &&
    typeof (cause as { metric?: unknown }).metric === "string"
  );
}

function reject(message: string, value: unknown): StoreError {
  return { type: "rejected", message, cause: { value } };
}

/**
 * Applies a job change to a frozen record (the token and `ifStatus` checks are the caller's).
 * @returns A new frozen record.
 */
export function applyJobChange(job: JobRecord, change: JobChange): JobRecord {
  const { endedAt: _ended, ...rest } = job;
  const endedAt = change.endedAt === undefined ? job.endedAt : (change.endedAt ?? undefined);
  return freezeJob({
    ...rest,
    ...(change.status === undefined ? {} : { status: change.status }),
    ...(change.sealed === undefined ? {} : { sealed: change.sealed }),
    ...(endedAt === undefined ? {} : { endedAt }),
    notes: change.notes ? [...job.notes, ...change.notes] : job.notes,
    tags: change.tags ? mergeTags(job.tags, change.tags) : job.tags,
    lastActivityAt: change.at,
  });
}

/**
 * Applies a client run change to a frozen record: increments add, then `set` replaces, progress and notes append,
 * operations merge by name.
 * @returns A new frozen record.
 */
export function applyClientRunChange(
  run: ClientRunRecord,
  change: ClientRunChange,
): ClientRunRecord {
  const { endedAt: _ended, ...rest } = run;
  const endedAt = change.endedAt === undefined ? run.endedAt : (change.endedAt ?? undefined);
  const metrics = new Map(Object.entries(run.metrics));
  for (const [name, delta] of Object.entries(change.increments ?? {})) {
    metrics.set(name, (metrics.get(name) ?? 0) + delta);
  }
  for (const [name, value] of Object.entries(change.set ?? {})) metrics.set(name, value);
  const operations = new Map(Object.entries(run.operations));
  for (const [name, state] of Object.entries(change.operations ?? {})) operations.set(name, state);
  return freezeClientRun({
    ...rest,
    ...(change.status === undefined ? {} : { status: change.status }),
    ...(endedAt === undefined ? {} : { endedAt }),
    metrics: Object.fromEntries(metrics),
    operations: Object.fromEntries(operations),
    progress: change.progress ? [...run.progress, ...change.progress] : run.progress,
    notes: change.notes ? [...run.notes, ...change.notes] : run.notes,
    tags: change.tags ? mergeTags(run.tags, change.tags) : run.tags,
    lastActivityAt: change.at,
  });
}
