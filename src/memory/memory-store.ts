import { errAsync, okAsync, type ResultAsync } from "neverthrow";
import type { BaseRunId, ClientId } from "../run-id/brand.js";
import {
  applyClientRunChange,
  applyJobChange,
  decideChange,
  invalidChange,
  metricRangeError,
} from "../store/change-rules.js";
import type { Applied, ClientRunChange, JobChange } from "../store/changes.js";
import { pageOfJobs, parseJobQuery } from "../store/job-query.js";
import type { RunningRecords, RunRecordStore, StoreCapabilities } from "../store/port.js";
import { freezeClientRun, freezeJob, freezeLink } from "../store/record-copies.js";
import {
  type ClientRunRecord,
  type ExternalRunLink,
  FINISHED_STATUSES,
  type JobRecord,
  type RunStatus,
} from "../store/records.js";
import { type StoreError, storeRejected } from "../store/store-error.js";
import type { MemorySnapshot } from "./memory-snapshot.js";

/** Options of {@link createMemoryStore}. */
export interface MemoryStoreOptions {
  /** State to start from, as produced by `snapshot()` (validate untrusted input with `parseMemorySnapshot`). */
  readonly snapshot?: MemorySnapshot;
  /**
   * Keep jobs and client runs once they end; `false` drops a record (and its external links) as soon as its status
   * becomes `completed`, `completed_with_errors`, `failed` or `no_work`, so memory stays flat over endless runs.
   * `stale` records are kept, since they can be reopened.
   * @default true
   */
  readonly retainEnded?: boolean;
  /** The store's name in logs and test titles. @default "memory" */
  readonly name?: string;
}

/** The in-memory store: a {@link RunRecordStore} plus `snapshot()`. */
export interface MemoryStore extends RunRecordStore {
  /** The whole state, including applied change tokens, as a JSON-serialisable value. */
  snapshot(): MemorySnapshot;
}

interface Entry<T> {
  record: T;
  readonly tokens: Set<string>;
}

const capabilities: StoreCapabilities = Object.freeze({
  atomicCreate: true,
  atomicUpdate: true,
  conditionalUpdate: true,
  idempotentChanges: true,
  multiProcess: false,
});

const ENDED: ReadonlySet<RunStatus> = new Set(FINISHED_STATUSES);

/**
 * Creates the embedded store: every call runs to completion synchronously before its result resolves, so concurrent
 * callers in one process can never interleave inside a create or an update.
 * @param options - A snapshot to restore, and whether ended runs are kept.
 * @returns A store with every capability except `multiProcess`; options that cannot be read (which the types rule
 *   out) give a store whose every call answers `rejected` and whose snapshot is empty, never a throw.
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  try {
    return buildMemoryStore(options ?? {});
  } catch (cause) {
    // Only options that bypassed the types get here (a snapshot not from `parseMemorySnapshot`,
    // a throwing getter): like the run ID generator, report them from every call, never throw.
    return failedStore(cause);
  }
}

function buildMemoryStore(options: MemoryStoreOptions): MemoryStore {
  const retainEnded = options.retainEnded ?? true;
  // Maps of maps: a composite key can never collide the way a concatenated string can.
  const jobs = new Map<BaseRunId, Entry<JobRecord>>();
  const clientRuns = new Map<BaseRunId, Map<ClientId, Entry<ClientRunRecord>>>();
  const links = new Map<string, Map<string, ExternalRunLink>>();

  const runsOf = (runId: BaseRunId) => clientRuns.get(runId);
  const clientKey = (runId: BaseRunId, clientId: ClientId) => JSON.stringify([runId, clientId]);

  function dropClientRun(runId: BaseRunId, clientId: ClientId): void {
    const runs = runsOf(runId);
    runs?.delete(clientId);
    if (runs?.size === 0) clientRuns.delete(runId);
    for (const [provider, byId] of links) {
      for (const [externalId, link] of byId) {
        if (link.runId === runId && link.clientId === clientId) byId.delete(externalId);
      }
      if (byId.size === 0) links.delete(provider);
    }
  }

  function restore(snapshot: MemorySnapshot): void {
    for (const { record, tokens } of snapshot.jobs) {
      jobs.set(record.runId, { record: freezeJob(record), tokens: new Set(tokens) });
    }
    for (const { record, tokens } of snapshot.clientRuns) {
      const runs = runsOf(record.baseRunId) ?? new Map<ClientId, Entry<ClientRunRecord>>();
      runs.set(record.clientId, { record: freezeClientRun(record), tokens: new Set(tokens) });
      clientRuns.set(record.baseRunId, runs);
    }
    for (const link of snapshot.links) storeLink(link);
  }

  function storeLink(link: ExternalRunLink): ExternalRunLink {
    const byId = links.get(link.provider) ?? new Map<string, ExternalRunLink>();
    links.set(link.provider, byId);
    const existing = byId.get(link.externalId);
    if (existing) return existing;
    const frozen = freezeLink(link);
    byId.set(link.externalId, frozen);
    return frozen;
  }

  function update<T extends { readonly status: RunStatus }, C extends JobChange | ClientRunChange>(
    entry: Entry<T> | undefined,
    key: string,
    change: C,
    apply: (record: T, change: C) => T,
    drop: () => void,
    refuse?: (record: T, change: C) => StoreError | undefined,
  ): ResultAsync<Applied<T>, StoreError> {
    if (!entry) return errAsync({ type: "not-found", message: `no record for ${key}`, key });
    const invalid = invalidChange(change);
    if (invalid) return errAsync(invalid);
    const decision = decideChange(entry.record.status, entry.tokens, change);
    if (decision.type === "repeat") return okAsync({ record: entry.record, applied: false });
    if (decision.type === "precondition-failed") {
      const status = decision.status;
      return errAsync({
        type: "precondition-failed",
        message: `record ${key} is ${status}, not ${change.ifStatus?.join(" or ") || "in an empty ifStatus list"}`,
        key,
        status,
      });
    }
    // Checked against the current record in the same synchronous step as the write: atomic.
    const refused = refuse?.(entry.record, change);
    if (refused) return errAsync(refused);
    entry.record = apply(entry.record, change);
    entry.tokens.add(change.token);
    if (!retainEnded && ENDED.has(entry.record.status)) drop();
    return okAsync({ record: entry.record, applied: true });
  }

  if (options.snapshot) restore(options.snapshot);

  const store: MemoryStore = {
    name: options.name ?? "memory",
    capabilities,
    createJob(job) {
      const existing = jobs.get(job.runId);
      if (existing) return okAsync(existing.record);
      const record = freezeJob(job);
      jobs.set(job.runId, { record, tokens: new Set() });
      return okAsync(record);
    },
    getJob: (runId) => okAsync(jobs.get(runId)?.record),
    updateJob: (runId, change) =>
      update(jobs.get(runId), runId, change, applyJobChange, () => jobs.delete(runId)),
    createClientRun(run) {
      const runs = runsOf(run.baseRunId) ?? new Map<ClientId, Entry<ClientRunRecord>>();
      clientRuns.set(run.baseRunId, runs);
      const existing = runs.get(run.clientId);
      if (existing) return okAsync(existing.record);
      const record = freezeClientRun(run);
      runs.set(run.clientId, { record, tokens: new Set() });
      return okAsync(record);
    },
    getClientRun: (runId, clientId) => okAsync(runsOf(runId)?.get(clientId)?.record),
    listClientRuns: (runId) =>
      okAsync(Object.freeze([...(runsOf(runId)?.values() ?? [])].map((entry) => entry.record))),
    updateClientRun: (runId, clientId, change) =>
      update(
        runsOf(runId)?.get(clientId),
        clientKey(runId, clientId),
        change,
        applyClientRunChange,
        () => dropClientRun(runId, clientId),
        metricRangeError,
      ),
    listJobs(query) {
      const parsed = parseJobQuery(query);
      if (parsed.isErr()) {
        const { field, reason, input } = parsed.error;
        return errAsync(storeRejected(`invalid ${field}: ${reason}`, input));
      }
      return okAsync(
        pageOfJobs(
          [...jobs.values()].map((e) => e.record),
          parsed.value,
        ),
      );
    },
    listRunning() {
      const running: RunningRecords = {
        jobs: [...jobs.values()].map((e) => e.record).filter((r) => r.status === "running"),
        clientRuns: [...clientRuns.values()]
          .flatMap((runs) => [...runs.values()].map((e) => e.record))
          .filter((r) => r.status === "running"),
      };
      return okAsync(running);
    },
    linkExternalRun: (link) => okAsync(storeLink(link)),
    resolveExternalRun: (provider, externalId) => okAsync(links.get(provider)?.get(externalId)),
    snapshot: () => ({
      version: 1,
      jobs: [...jobs.values()].map((e) => ({ record: e.record, tokens: [...e.tokens] })),
      clientRuns: [...clientRuns.values()].flatMap((runs) =>
        [...runs.values()].map((e) => ({ record: e.record, tokens: [...e.tokens] })),
      ),
      links: [...links.values()].flatMap((byId) => [...byId.values()]),
    }),
  };
  return guardMethods(store);
}

/**
 * Turns a synchronous throw (only possible for input that bypassed the types, such as `null` for a record) into a
 * `rejected` error, so no call ever throws.
 */
function guardMethods(store: MemoryStore): MemoryStore {
  const guard =
    <A extends unknown[], T>(method: (...args: A) => ResultAsync<T, StoreError>) =>
    (...args: A): ResultAsync<T, StoreError> => {
      try {
        return method(...args);
      } catch (cause) {
        return errAsync(storeRejected("the memory store could not read its input", cause));
      }
    };
  return {
    ...store,
    createJob: guard(store.createJob),
    getJob: guard(store.getJob),
    updateJob: guard(store.updateJob),
    createClientRun: guard(store.createClientRun),
    getClientRun: guard(store.getClientRun),
    listClientRuns: guard(store.listClientRuns),
    listJobs: guard(store.listJobs),
    updateClientRun: guard(store.updateClientRun),
    linkExternalRun: guard(store.linkExternalRun),
    resolveExternalRun: guard(store.resolveExternalRun),
  };
}

// Its snapshot is empty, not the unreadable input: callers must check a call succeeded before
// persisting state (every call on this store fails).
function failedStore(cause: unknown): MemoryStore {
  const refuse = () => errAsync(storeRejected("the memory store options could not be read", cause));
  return {
    name: "memory",
    capabilities,
    createJob: refuse,
    getJob: refuse,
    updateJob: refuse,
    createClientRun: refuse,
    getClientRun: refuse,
    listClientRuns: refuse,
    updateClientRun: refuse,
    listJobs: refuse,
    listRunning: refuse,
    linkExternalRun: refuse,
    resolveExternalRun: refuse,
    snapshot: () => ({ version: 1, jobs: [], clientRuns: [], links: [] }),
  };
}
