import { err, ok, ResultAsync } from "neverthrow";
import { applyClientRunChange, applyJobChange } from "../../../src/store/change-rules.js";
import { pageOfJobs, parseJobQuery } from "../../../src/store/job-query.js";
import type { RunRecordStore } from "../../../src/store/port.js";
import type { ClientRunRecord, ExternalRunLink, JobRecord } from "../../../src/store/records.js";
import type { StoreError } from "../../../src/store/store-error.js";

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

const later = <T>(body: () => Promise<T>): ResultAsync<T, StoreError> =>
  new ResultAsync(body().then((value) => ok<T, StoreError>(value)));

/**
 * A store with none of the guarantees, like a plain HTTP table API: creates and updates read,
 * yield, then write (so concurrent callers race), `ifStatus` and change tokens are ignored.
 */
export const racyStore = (): RunRecordStore => {
  const jobs = new Map<string, JobRecord>();
  const runs = new Map<string, ClientRunRecord>();
  const links = new Map<string, ExternalRunLink>();
  const key = (...parts: string[]) => JSON.stringify(parts);
  const notFound = (k: string): StoreError => ({ type: "not-found", message: `no ${k}`, key: k });
  return {
    name: "racy",
    capabilities: {
      atomicCreate: false,
      atomicUpdate: false,
      conditionalUpdate: false,
      idempotentChanges: false,
      multiProcess: false,
    },
    createJob: (job) =>
      later(async () => {
        await tick();
        const existing = jobs.get(job.runId);
        if (existing) return existing;
        await tick();
        jobs.set(job.runId, job);
        return job;
      }),
    getJob: (runId) => later(async () => jobs.get(runId)),
    updateJob: (runId, change) =>
      new ResultAsync(
        (async () => {
          await tick();
          const current = jobs.get(runId);
          if (!current) return err(notFound(runId));
          await tick();
          const record = applyJobChange(current, change);
          jobs.set(runId, record);
          return ok({ record, applied: true });
        })(),
      ),
    createClientRun: (run) =>
      later(async () => {
        const k = key(run.baseRunId, run.clientId);
        await tick();
        const existing = runs.get(k);
        if (existing) return existing;
        await tick();
        runs.set(k, run);
        return run;
      }),
    getClientRun: (runId, clientId) => later(async () => runs.get(key(runId, clientId))),
    listClientRuns: (runId) =>
      later(async () => [...runs.values()].filter((r) => r.baseRunId === runId)),
    updateClientRun: (runId, clientId, change) =>
      new ResultAsync(
        (async () => {
          const k = key(runId, clientId);
          await tick();
          const current = runs.get(k);
          if (!current) return err(notFound(k));
          await tick();
          const record = applyClientRunChange(current, change);
          runs.set(k, record);
          return ok({ record, applied: true });
        })(),
      ),
    listJobs: (query) =>
      later(async () => {
        const parsed = parseJobQuery(query);
        if (parsed.isErr()) throw new Error(parsed.error.reason);
        return pageOfJobs(jobs.values(), parsed.value);
      }),
    listRunning: () =>
      later(async () => ({
        jobs: [...jobs.values()].filter((j) => j.status === "running"),
        clientRuns: [...runs.values()].filter((r) => r.status === "running"),
      })),
    linkExternalRun: (link) =>
      later(async () => {
        const k = key(link.provider, link.externalId);
        const existing = links.get(k);
        if (existing) return existing;
        links.set(k, link);
        return link;
      }),
    resolveExternalRun: (provider, externalId) =>
      later(async () => links.get(key(provider, externalId))),
  };
};
