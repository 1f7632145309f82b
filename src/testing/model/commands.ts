import fc from "fast-check";
import type { Result } from "neverthrow";
import { expect } from "vitest";
import type { BaseRunId } from "../../run-id/brand.js";
import type { Applied, ClientRunChange, JobChange } from "../../store/changes.js";
import type { RunRecordStore } from "../../store/port.js";
import {
  type ClientRunRecord,
  OPERATION_STATUSES,
  type OperationState,
  RUN_STATUSES,
} from "../../store/records.js";
import type { StoreError } from "../../store/store-error.js";
import { baseId, clientId, newClientRun, newJob, T0 } from "../fixtures.js";
import { must } from "../must.js";
import type { ModelUpdate, StoreModel } from "./store-model.js";

/** A command of the model-based test. */
export type StoreCommand = fc.AsyncCommand<StoreModel, RunRecordStore>;

/**
 * The command arbitraries: creates, updates (with repeated tokens and preconditions), reads and links over a small
 * key space that includes clients whose IDs are hyphenated parts of each other.
 * @param metrics - Three metric names the store accepts (the first two are incremented, the third set).
 */
export function storeCommands(
  metrics: readonly [string, string, string],
): fc.Arbitrary<StoreCommand>[] {
  const base = fc.constantFrom(baseId("251007-070457"), baseId("251007-070458"));
  const client = fc.constantFrom(...["Guy-Wilson", "Guy", "Wilson"].map(clientId));
  // A small token pool so retried tokens are common.
  const token = fc.constantFrom("t0", "t1", "t2", "t3");
  const at = fc.integer({ min: 0, max: 1_000_000 }).map((ms) => T0 + ms);
  const text = fc.string({ unit: fc.constantFrom("a", "b", "x", " ", "1"), maxLength: 8 });
  const change = {
    token,
    at,
    ifStatus: fc.subarray([...RUN_STATUSES], { minLength: 1 }),
    status: fc.constantFrom(...RUN_STATUSES),
    endedAt: fc.oneof(at, fc.constant(null)),
    notes: fc.array(text, { maxLength: 2 }),
  };
  const jobChange: fc.Arbitrary<JobChange> = fc.record(
    { ...change, sealed: fc.boolean() },
    { requiredKeys: ["token", "at"] },
  );
  const operation: fc.Arbitrary<OperationState> = fc.record(
    { status: fc.constantFrom(...OPERATION_STATUSES), startedAt: at, endedAt: at },
    { requiredKeys: ["status"] },
  );
  const runChange: fc.Arbitrary<ClientRunChange> = fc.record(
    {
      ...change,
      increments: fc.dictionary(
        fc.constantFrom(metrics[0], metrics[1]),
        fc.integer({ min: -5, max: 40 }),
      ),
      set: fc.dictionary(
        fc.constant(metrics[2]),
        fc.integer({ min: 0, max: 400 }).map((n) => n / 4),
      ),
      progress: fc.array(fc.record({ at, message: text }), { maxLength: 3 }),
      operations: fc.dictionary(
        fc.constantFrom("lead_scoring", "post_harvesting", "post_scoring"),
        operation,
      ),
    },
    { requiredKeys: ["token", "at"] },
  );
  const provider = fc.constantFrom("apify", "apify:x", "other");
  const externalId = fc.constantFrom("8MSTBAfqMzuXPvgB3", "x:apify", "it's");

  const createJob = fc
    .tuple(base, token, at, fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }))
    .map(([b, t, a, s]) =>
      command(`createJob(${b}, ${t}, at ${a}, stream ${s})`, async (m, r) => {
        expect(await must(r.createJob(newJob(b, t, a, s)))).toEqual(
          m.createJob(newJob(b, t, a, s)),
        );
      }),
    );
  const updateJob = fc.tuple(base, jobChange).map(([b, c]) =>
    command(`updateJob(${b}, ${JSON.stringify(c)})`, async (m, r) => {
      compareUpdate(await r.updateJob(b, c), m.updateJob(b, c));
    }),
  );
  const createClientRun = fc.tuple(base, client, token, at).map(([b, cl, t, a]) =>
    command(`createClientRun(${b}, ${cl}, ${t}, at ${a})`, async (m, r) => {
      const run: ClientRunRecord = { ...newClientRun(b, cl, t, a), clientName: `name ${t}` };
      expect(await must(r.createClientRun(run))).toEqual(m.createClientRun(run));
    }),
  );
  const updateClientRun = fc.tuple(base, client, runChange).map(([b, cl, c]) =>
    command(`updateClientRun(${b}, ${cl}, ${JSON.stringify(c)})`, async (m, r) => {
      compareUpdate(await r.updateClientRun(b, cl, c), m.updateClientRun(b, cl, c));
    }),
  );
  return [
    createJob,
    createClientRun,
    // Updates weigh three times as much: that is where tokens, preconditions and merging can go wrong.
    updateJob,
    updateJob,
    updateJob,
    updateClientRun,
    updateClientRun,
    updateClientRun,
    fc.tuple(base, client).map(([b, cl]) =>
      command(`read(${b}, ${cl})`, async (m, r) => {
        expect(await must(r.getJob(b))).toEqual(m.getJob(b));
        expect(await must(r.getClientRun(b, cl))).toEqual(m.getClientRun(b, cl));
        expect(sortRuns(await must(r.listClientRuns(b)))).toEqual(sortRuns(m.listClientRuns(b)));
      }),
    ),
    fc.constant(
      command("listRunning()", async (m, r) => {
        const real = await must(r.listRunning());
        const model = m.listRunning();
        expect([...real.jobs].sort(byRunId)).toEqual(model.jobs.sort(byRunId));
        expect(sortRuns(real.clientRuns)).toEqual(sortRuns(model.clientRuns));
      }),
    ),
    fc.tuple(provider, externalId, base, client, at).map(([p, e, b, cl, a]) =>
      command(`link(${p}, ${e}, ${b}, ${cl}, at ${a})`, async (m, r) => {
        const link = { provider: p, externalId: e, runId: b, clientId: cl, linkedAt: a };
        expect(await must(r.linkExternalRun(link))).toEqual(m.linkExternalRun(link));
      }),
    ),
    fc.tuple(provider, externalId).map(([p, e]) =>
      command(`resolve(${p}, ${e})`, async (m, r) => {
        expect(await must(r.resolveExternalRun(p, e))).toEqual(m.resolveExternalRun(p, e));
      }),
    ),
  ];
}

function command(
  label: string,
  run: (model: StoreModel, store: RunRecordStore) => Promise<void>,
): StoreCommand {
  return { check: () => true, run, toString: () => label };
}

function compareUpdate<T>(real: Result<Applied<T>, StoreError>, model: ModelUpdate<T>): void {
  if (real.isOk()) {
    expect(real.value).toEqual(model.ok ? model.value : model);
    return;
  }
  const error = real.error;
  const status = error.type === "precondition-failed" ? error.status : undefined;
  expect({ type: error.type, status }).toEqual(
    model.ok ? { ok: true, value: model.value } : { type: model.type, status: model.status },
  );
}

function sortRuns(runs: readonly ClientRunRecord[]): ClientRunRecord[] {
  const key = (r: ClientRunRecord) => JSON.stringify([r.baseRunId, r.clientId]);
  return [...runs].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function byRunId(a: { runId: BaseRunId }, b: { runId: BaseRunId }): number {
  return a.runId < b.runId ? -1 : a.runId > b.runId ? 1 : 0;
}
