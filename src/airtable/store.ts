import { err, ok, type Result, ResultAsync } from "neverthrow";
import type { ClientRunChange, JobChange } from "../store/changes.js";
import type { RunRecordStore, StoreCapabilities } from "../store/port.js";
import type { ClientRunRecord, JobRecord } from "../store/records.js";
import { type StoreError, storeRejected } from "../store/store-error.js";
import { createBaseClient } from "./base-client.js";
import { createCoalescer } from "./coalescer.js";
import { detached, type EventOp } from "./event-codec.js";
import { EventReader } from "./event-reader.js";
import { changeError, opProblem } from "./event-validate.js";
import { type LinkContext, linkExternal, resolveExternal } from "./external-links.js";
import { listJobRecords } from "./list-jobs.js";
import { listRunningRecords } from "./list-running.js";
import type { AirtableMapping } from "./mapping.js";
import { checkMetrics } from "./record-codec.js";
import { clientKey, encodeKey, jobKey, type RecordKey } from "./record-key.js";
import { Replica } from "./replica.js";
import { createScheduler } from "./scheduler.js";
import { createStoreEngine } from "./store-engine.js";
import { type AirtableStoreOptions, resolveStoreOptions } from "./store-options.js";

/** The Airtable store: a `RunRecordStore` plus its mapping and request count. */
export interface AirtableStore extends RunRecordStore {
  readonly mapping: AirtableMapping;
  /** Requests sent to the base so far (retries included). */
  readonly requestsSent: number;
  /** Writes out everything accepted so far (events, then the rows that changed); on failure nothing is dropped. */
  flush(): ResultAsync<void, StoreError>;
  /** Flushes, then stops the timers and refuses further calls; on a failed flush it stays open with everything kept. */
  close(): ResultAsync<void, StoreError>;
}

// In both modes one record per key and no lost increments hold across processes; with
// `process` consistency the answers (`ifStatus`, repeats, links) are exact within one process only.
const capabilitiesFor = (shared: boolean): StoreCapabilities =>
  Object.freeze({
    atomicCreate: true,
    atomicUpdate: true,
    conditionalUpdate: true,
    idempotentChanges: true,
    multiProcess: shared,
  });

const isText = (v: unknown): v is string => typeof v === "string";
// Input that bypassed the types (a getter that throws, a cycle) is refused, never thrown.
const unreadable = (cause: unknown): Result<never, StoreError> =>
  err(storeRejected("the Airtable store could not read its input", cause));
const bad = (message: string, value: unknown) =>
  ResultAsync.fromSafePromise(
    Promise.resolve(err<never, StoreError>(storeRejected(message, value))),
  ).andThen((r) => r);

/**
 * Creates the Airtable store over a base the caller built (see {@link AirtableStoreOptions.base}).
 * State lives in an append-only events table; Job Tracking and Client Run Results rows are
 * written from it. Nothing throws: bad options are a `rejected` error.
 * @returns the store, or why the options were refused
 */
export const createAirtableStore = (
  options: AirtableStoreOptions,
): Result<AirtableStore, StoreError> => {
  const resolved = resolveStoreOptions(options);
  if (resolved.isErr()) return err(resolved.error);
  const o = resolved.value;
  const { mapping } = o;
  const scheduler = createScheduler({
    rateLimit: o.rateLimit,
    retry: o.retry,
    now: o.now,
    random: o.random,
    ...(o.sleep ? { sleep: o.sleep } : {}),
  });
  const client = createBaseClient(o.base, scheduler);
  const replica = new Replica();
  const sealedListed = new Set<string>();
  const engine = createStoreEngine({
    client,
    mapping,
    replica,
    now: o.now,
    random: o.random,
    keepEndedJobs: o.keepEndedJobs,
    shared: o.shared,
    onEvict: (runId) => sealedListed.delete(runId),
    onSkippedEvent: o.onSkippedEvent,
  });
  const reader = new EventReader(
    mapping.eventFields,
    o.lingerMs,
    (formula) => client.list(mapping.tables.events, formula),
    engine.absorbRows,
  );
  const coalescer = createCoalescer({
    flushIntervalMs: o.flushIntervalMs,
    lingerMs: o.lingerMs,
    onDue: (urgent) => void engine.flushAll(coalescer, reader, !urgent),
  });
  let closed = false;
  const links: LinkContext = { replica, reader, engine, coalescer, shared: o.shared };

  const guard = (): StoreError | undefined =>
    closed ? storeRejected("the Airtable store is closed") : undefined;

  /** The held record for `key`, reading the table when this process does not hold it. */
  const load = async (
    key: RecordKey,
    fresh = o.shared,
  ): Promise<Result<JobRecord | ClientRunRecord | undefined, StoreError>> => {
    const keyText = encodeKey(key);
    const held = replica.held.get(keyText);
    if (held?.view.record && !fresh) return ok(held.view.record);
    const read = await reader.read({ by: "key", keyText });
    if (read.isErr()) return err(read.error);
    return ok(replica.held.get(keyText)?.view.record);
  };

  const create = <T extends JobRecord | ClientRunRecord>(
    key: RecordKey,
    record: T,
  ): ResultAsync<T, StoreError> => {
    const keyText = encodeKey(key);
    const run = async (): Promise<Result<T, StoreError>> => {
      const closedError = guard();
      if (closedError) return err(closedError);
      const held = replica.held.get(keyText)?.view.record;
      if (held) return ok(held as T);
      const op: EventOp = { t: "create", token: record.creationToken, record: detached(record) };
      // Checked as it will be read back: a record the fold would refuse is never written.
      const problem = opProblem(key.kind, op);
      if (problem !== undefined) return err(storeRejected(problem, record));
      const done = await engine.awaitCreate(keyText, key, op, coalescer);
      if (done.isErr()) return err(done.error);
      const stored = replica.held.get(keyText)?.view.record;
      return stored
        ? ok(stored as T)
        : err(storeRejected(`the create event of ${keyText} was not read back`));
    };
    return ResultAsync.fromSafePromise(run().catch(unreadable)).andThen((r) => r);
  };

  /** Shared consistency: the change waits for its event to be read back; the fold answers. */
  const answerShared = async <T extends JobRecord | ClientRunRecord>(
    key: RecordKey,
    op: EventOp,
    change: JobChange | ClientRunChange,
    label: string,
  ): Promise<Result<{ record: T; applied: boolean }, StoreError>> => {
    const outcome = await engine.awaitOp(key, op, coalescer);
    if (outcome.isErr()) return err(outcome.error);
    const record = replica.held.get(encodeKey(key))?.view.record as T | undefined;
    const result = outcome.value;
    if (result.type === "rejected") return err(result.error);
    if (result.type === "precondition-failed") {
      return err({
        type: "precondition-failed",
        message: `record ${label} is ${result.status}, not ${change.ifStatus?.join(" or ")}`,
        key: label,
        status: result.status,
      });
    }
    if (!record || result.type === "absent") {
      return err({ type: "not-found", message: `no record for ${label}`, key: label });
    }
    return ok({ record, applied: result.type === "applied" });
  };

  const update = <T extends JobRecord | ClientRunRecord>(
    key: RecordKey,
    change: JobChange | ClientRunChange,
    label: string,
  ): ResultAsync<{ record: T; applied: boolean }, StoreError> => {
    const run = async (): Promise<Result<{ record: T; applied: boolean }, StoreError>> => {
      const closedError = guard();
      if (closedError) return err(closedError);
      if (typeof change !== "object" || change === null)
        return err(storeRejected("a change must be an object", change));
      const invalid = changeError(change);
      if (invalid) return err(invalid);
      if (key.kind === "client") {
        const metrics = checkMetrics(mapping, change as ClientRunChange);
        if (metrics.isErr()) return err(metrics.error);
      }
      // A record, once created, is never removed: one this process holds needs no read to exist.
      const loaded = await load(key, false);
      if (loaded.isErr()) return err(loaded.error);
      const held = replica.held.get(encodeKey(key));
      if (!held?.view.record)
        return err({ type: "not-found", message: `no record for ${label}`, key: label });
      const op: EventOp = { t: "change", token: change.token, change: detached(change) };
      if (o.shared) return answerShared<T>(key, op, change, label);
      const outcome = replica.accept(held, op);
      const record = held.view.record as T;
      if (outcome.type === "rejected") return err(outcome.error);
      if (outcome.type === "precondition-failed") {
        return err({
          type: "precondition-failed",
          message: `record ${label} is ${outcome.status}, not ${change.ifStatus?.join(" or ")}`,
          key: label,
          status: outcome.status,
        });
      }
      if (outcome.type !== "applied") return ok({ record, applied: false });
      coalescer.add(held.keyText, key, op, false);
      return ok({ record, applied: true });
    };
    return ResultAsync.fromSafePromise(run().catch(unreadable)).andThen((r) => r);
  };

  const store: AirtableStore = {
    name: o.name,
    capabilities: capabilitiesFor(o.shared),
    mapping,
    get requestsSent() {
      return scheduler.sent;
    },
    createJob(job) {
      if (
        typeof job !== "object" ||
        job === null ||
        !isText(job.runId) ||
        !isText(job.creationToken)
      ) {
        return bad("a job needs a string runId and creationToken", job);
      }
      return create(jobKey(job.runId), job);
    },
    getJob(runId) {
      if (!isText(runId)) return bad("a run ID must be a string", runId);
      return ResultAsync.fromSafePromise(load(jobKey(runId))).andThen((r) => r) as ResultAsync<
        JobRecord | undefined,
        StoreError
      >;
    },
    updateJob: (runId, change) =>
      isText(runId)
        ? update<JobRecord>(jobKey(runId), change, runId)
        : bad("a run ID must be a string", runId),
    createClientRun(run) {
      if (
        typeof run !== "object" ||
        run === null ||
        !isText(run.baseRunId) ||
        !isText(run.clientId) ||
        !isText(run.creationToken)
      ) {
        return bad("a client run needs string baseRunId, clientId and creationToken", run);
      }
      const metrics = checkMetrics(mapping, { set: run.metrics });
      if (metrics.isErr()) return bad(metrics.error.message, run.metrics);
      return create(clientKey(run.baseRunId, run.clientId), run);
    },
    getClientRun(runId, clientId) {
      if (!isText(runId) || !isText(clientId))
        return bad("run ID and client ID must be strings", { runId, clientId });
      return ResultAsync.fromSafePromise(load(clientKey(runId, clientId))).andThen(
        (r) => r,
      ) as ResultAsync<ClientRunRecord | undefined, StoreError>;
    },
    listClientRuns(runId) {
      if (!isText(runId)) return bad("a run ID must be a string", runId);
      // Once a sealed job's client runs have been listed, no new one can appear: answer locally.
      const sealed = () => replica.held.get(encodeKey(jobKey(runId)))?.view.record;
      const known =
        !o.shared &&
        sealedListed.has(runId) &&
        (sealed() as JobRecord | undefined)?.sealed === true;
      const read = known
        ? Promise.resolve(ok<void, StoreError>(undefined))
        : reader.read({ by: "job", runId }).then((r) => {
            if (r.isOk() && (sealed() as JobRecord | undefined)?.sealed === true)
              sealedListed.add(runId);
            return r;
          });
      return ResultAsync.fromSafePromise(read)
        .andThen((r) => r)
        .map(() =>
          [...replica.held.values()]
            .filter((h) => h.key.kind === "client" && h.key.runId === runId && h.view.record)
            .map((h) => h.view.record as ClientRunRecord),
        );
    },
    updateClientRun: (runId, clientId, change) =>
      isText(runId) && isText(clientId)
        ? update<ClientRunRecord>(
            clientKey(runId, clientId),
            change,
            JSON.stringify([runId, clientId]),
          )
        : bad("run ID and client ID must be strings", { runId, clientId }),
    listJobs(query) {
      const closedError = guard();
      if (closedError) return bad(closedError.message, query);
      return listJobRecords({ client, mapping, replica, reader, now: o.now }, query);
    },
    listRunning: () => listRunningRecords(client, mapping, replica, reader, o.now),
    linkExternalRun(link) {
      if (
        typeof link !== "object" ||
        link === null ||
        !isText(link.provider) ||
        !isText(link.externalId) ||
        !isText(link.runId) ||
        !isText(link.clientId)
      ) {
        return bad("a link needs string provider, externalId, runId and clientId", link);
      }
      const closedError = guard();
      if (closedError) return bad(closedError.message, link);
      return ResultAsync.fromSafePromise(linkExternal(links, link)).andThen((r) => r);
    },
    resolveExternalRun(provider, externalId) {
      if (!isText(provider) || !isText(externalId))
        return bad("provider and external ID must be strings", { provider, externalId });
      return ResultAsync.fromSafePromise(resolveExternal(links, provider, externalId)).andThen(
        (r) => r,
      );
    },
    flush: () => ResultAsync.fromSafePromise(engine.flushAll(coalescer, reader)).andThen((r) => r),
    close() {
      const run = async (): Promise<Result<void, StoreError>> => {
        const flushed = await engine.flushAll(coalescer, reader);
        if (flushed.isOk()) {
          closed = true;
          coalescer.stop();
        }
        return flushed;
      };
      return ResultAsync.fromSafePromise(run()).andThen((r) => r);
    },
  };
  return ok(store);
};
