import type { BaseRunId, ClientId } from "../../run-id/brand.js";
import type { Applied, ClientRunChange, JobChange } from "../../store/changes.js";
import type { ListJobsQuery } from "../../store/job-query.js";
import type { ClientRunRecord, ExternalRunLink, JobRecord } from "../../store/records.js";
import type { Tags } from "../../store/tags.js";

/** What the model answers for an update: the applied result, or the error type (and status) a store must give. */
export type ModelUpdate<T> =
  | { readonly ok: true; readonly value: Applied<T> }
  | {
      readonly ok: false;
      readonly type: "not-found" | "precondition-failed";
      readonly status?: string;
    };

interface Entry<T> {
  record: T;
  tokens: Set<string>;
}

/**
 * The simplest store that could be right: plain maps, copies everywhere, no concurrency. The model-based test
 * compares a real store with it after every command.
 */
export class StoreModel {
  private readonly jobs = new Map<string, Entry<JobRecord>>();
  private readonly runs = new Map<string, Entry<ClientRunRecord>>();
  private readonly links = new Map<string, ExternalRunLink>();

  /** Create-if-absent for a job. */
  createJob(job: JobRecord): JobRecord {
    const existing = this.jobs.get(job.runId);
    if (existing) return existing.record;
    this.jobs.set(job.runId, { record: structuredClone(job), tokens: new Set() });
    return job;
  }

  /** The job, if any. */
  getJob(runId: BaseRunId): JobRecord | undefined {
    return this.jobs.get(runId)?.record;
  }

  /** Applies a job change with the port's rules. */
  updateJob(runId: BaseRunId, change: JobChange): ModelUpdate<JobRecord> {
    return update(this.jobs.get(runId), change, (job) => {
      const next: { -readonly [K in keyof JobRecord]: JobRecord[K] } = {
        ...job,
        notes: [...job.notes],
      };
      applyCommon(next, change);
      if (change.sealed !== undefined) next.sealed = change.sealed;
      return next;
    });
  }

  /** Create-if-absent for a client run. */
  createClientRun(run: ClientRunRecord): ClientRunRecord {
    const key = runKey(run.baseRunId, run.clientId);
    const existing = this.runs.get(key);
    if (existing) return existing.record;
    this.runs.set(key, { record: structuredClone(run), tokens: new Set() });
    return run;
  }

  /** The client run, if any. */
  getClientRun(runId: BaseRunId, clientId: ClientId): ClientRunRecord | undefined {
    return this.runs.get(runKey(runId, clientId))?.record;
  }

  /** The job's client runs. */
  listClientRuns(runId: BaseRunId): ClientRunRecord[] {
    return [...this.runs.values()].map((e) => e.record).filter((r) => r.baseRunId === runId);
  }

  /** Applies a client run change with the port's rules. */
  updateClientRun(
    runId: BaseRunId,
    clientId: ClientId,
    change: ClientRunChange,
  ): ModelUpdate<ClientRunRecord> {
    return update(this.runs.get(runKey(runId, clientId)), change, (run) => {
      const next: { -readonly [K in keyof ClientRunRecord]: ClientRunRecord[K] } = {
        ...run,
        notes: [...run.notes],
        metrics: { ...run.metrics },
        operations: { ...run.operations },
        progress: [...run.progress, ...(change.progress ?? [])],
      };
      applyCommon(next, change);
      const metrics = next.metrics as Record<string, number>;
      for (const [name, delta] of Object.entries(change.increments ?? {}))
        metrics[name] = (metrics[name] ?? 0) + delta;
      for (const [name, value] of Object.entries(change.set ?? {})) metrics[name] = value;
      Object.assign(next.operations, change.operations ?? {});
      return next;
    });
  }

  /**
   * Every job a `listJobs` query matches, newest first (start time, then run ID, both descending), unpaged.
   * @param query - Only `status`, `tags` and epoch-ms `startedAfter`/`startedBefore` are read.
   */
  listJobs(query: ListJobsQuery): JobRecord[] {
    const statuses = query.status === undefined ? undefined : [query.status].flat();
    const after = query.startedAfter as number | undefined;
    const before = query.startedBefore as number | undefined;
    return [...this.jobs.values()]
      .map((e) => e.record)
      .filter(
        (job) =>
          (statuses === undefined || statuses.includes(job.status)) &&
          Object.entries(query.tags ?? {}).every(
            ([key, value]) => Object.hasOwn(job.tags, key) && job.tags[key] === value,
          ) &&
          (after === undefined || job.startedAt > after) &&
          (before === undefined || job.startedAt < before),
      )
      .sort((a, b) =>
        a.startedAt !== b.startedAt
          ? b.startedAt - a.startedAt
          : a.runId < b.runId
            ? 1
            : a.runId > b.runId
              ? -1
              : 0,
      );
  }

  /** Running jobs and client runs. */
  listRunning(): { jobs: JobRecord[]; clientRuns: ClientRunRecord[] } {
    return {
      jobs: [...this.jobs.values()].map((e) => e.record).filter((r) => r.status === "running"),
      clientRuns: [...this.runs.values()]
        .map((e) => e.record)
        .filter((r) => r.status === "running"),
    };
  }

  /** First link wins. */
  linkExternalRun(link: ExternalRunLink): ExternalRunLink {
    const key = JSON.stringify([link.provider, link.externalId]);
    const existing = this.links.get(key);
    if (existing) return existing;
    this.links.set(key, link);
    return link;
  }

  /** The link, if any. */
  resolveExternalRun(provider: string, externalId: string): ExternalRunLink | undefined {
    return this.links.get(JSON.stringify([provider, externalId]));
  }
}

function runKey(runId: BaseRunId, clientId: ClientId): string {
  return JSON.stringify([runId, clientId]);
}

function update<T extends { status: string }>(
  entry: Entry<T> | undefined,
  change: JobChange | ClientRunChange,
  apply: (record: T) => T,
): ModelUpdate<T> {
  if (!entry) return { ok: false, type: "not-found" };
  if (entry.tokens.has(change.token))
    return { ok: true, value: { record: entry.record, applied: false } };
  if (change.ifStatus && !change.ifStatus.some((s) => s === entry.record.status)) {
    return { ok: false, type: "precondition-failed", status: entry.record.status };
  }
  entry.record = apply(entry.record);
  entry.tokens.add(change.token);
  return { ok: true, value: { record: entry.record, applied: true } };
}

function applyCommon(
  record: {
    status: string;
    endedAt?: number;
    notes: readonly string[];
    lastActivityAt: number;
    tags: Tags;
  },
  change: JobChange | ClientRunChange,
): void {
  const tags: Record<string, string> = { ...record.tags };
  for (const [key, value] of Object.entries(change.tags ?? {})) {
    if (value === null) delete tags[key];
    else tags[key] = value;
  }
  record.tags = tags;
  if (change.status !== undefined) record.status = change.status;
  if (change.endedAt === null) delete record.endedAt;
  else if (change.endedAt !== undefined) record.endedAt = change.endedAt;
  record.notes = [...record.notes, ...(change.notes ?? [])];
  record.lastActivityAt = change.at;
}
