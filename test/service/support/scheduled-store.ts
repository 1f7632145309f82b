import type { Scheduler } from "fast-check";
import { ResultAsync } from "neverthrow";
import type { RunRecordStore } from "../../../src/store/port.js";

/**
 * Wraps a store so every call waits for the fast-check scheduler to release it: the scheduler then
 * decides how the service's store calls interleave. While `enabled()` is false calls pass straight through.
 */
export const scheduledStore = (
  inner: RunRecordStore,
  s: Scheduler,
  enabled: () => boolean,
): RunRecordStore => {
  const wrap =
    <A extends unknown[], T, E>(name: string, call: (...args: A) => ResultAsync<T, E>) =>
    (...args: A): ResultAsync<T, E> =>
      enabled()
        ? new ResultAsync(
            s
              .schedule(
                Promise.resolve(),
                `${name} ${JSON.stringify(args[1] ?? args[0])?.slice(0, 40)}`,
              )
              .then(() => call(...args)),
          )
        : call(...args);
  return {
    name: `scheduled(${inner.name})`,
    capabilities: inner.capabilities,
    createJob: wrap("createJob", (job) => inner.createJob(job)),
    getJob: wrap("getJob", (id) => inner.getJob(id)),
    updateJob: wrap("updateJob", (id, change) => inner.updateJob(id, change)),
    createClientRun: wrap("createClientRun", (run) => inner.createClientRun(run)),
    getClientRun: wrap("getClientRun", (id, client) => inner.getClientRun(id, client)),
    listClientRuns: wrap("listClientRuns", (id) => inner.listClientRuns(id)),
    updateClientRun: wrap("updateClientRun", (id, client, change) =>
      inner.updateClientRun(id, client, change),
    ),
    listJobs: wrap("listJobs", (query) => inner.listJobs(query)),
    listRunning: wrap("listRunning", () => inner.listRunning()),
    linkExternalRun: wrap("linkExternalRun", (link) => inner.linkExternalRun(link)),
    resolveExternalRun: wrap("resolveExternalRun", (p, id) => inner.resolveExternalRun(p, id)),
  };
};
