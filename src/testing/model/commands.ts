import fc from "fast-check";
import type { Result } from "neverthrow";
import { expect } from "vitest";
import type { BaseRunId } from "../../run-id/brand.js";
import type { Applied, ClientRunChange, JobChange } from "../../store/changes.js";
import type { ListJobsQuery } from "../../store/job-query.js";
import type { RunRecordStore } from "../../store/port.js";
import {
  type ClientRunRecord,
  type JobRecord,
  OPERATION_STATUSES,
  type OperationState,
  RUN_STATUSES,
} from "../../store/records.js";
import type { StoreError } from "../../store/store-error.js";
import type { TagChanges, Tags } from "../../store/tags.js";
import { baseId, clientId, newClientRun, newJob, T0 } from "../fixtures.js";
import { must } from "../must.js";
import type { ModelUpdate, StoreModel } from "./store-model.js";

/** A command of the model-based test. */
export type StoreCommand = fc.AsyncCommand<StoreModel, RunRecordStore>;

/** Which optional parts of the port the commands exercise (a suite that skips a group leaves its commands out). */
export interface StoreCommandOptions {
  /** Generate `listJobs` calls. @default true */
  readonly listJobs?: boolean;
  /** Generate tags on creates and tag changes. @default true */
  readonly tags?: boolean;
}

/**
 * The command arbitraries: creates, updates (with repeated tokens, preconditions, empty lists, zeros, repeated
 * identical progress lines and tag changes), reads, `listJobs` pages and links over a small key space that includes
 * clients whose IDs are hyphenated parts or case variants of each other, and external IDs differing only in case.
 * @param metrics - Three metric names the store accepts.
 * @param options - Which optional parts of the port to exercise.
 */
export function storeCommands(
  metrics: readonly [string, string, string],
  options: StoreCommandOptions = {},
): fc.Arbitrary<StoreCommand>[] {
  const base = fc.constantFrom(
    baseId("251007-070457"),
    baseId("251007-070458"),
    baseId("250926-124530"),
  );
  const client = fc.constantFrom(...["Guy-Wilson", "Guy", "Wilson", "guy-wilson"].map(clientId));
  // A small token pool so retried tokens are common.
  const token = fc.constantFrom("t0", "t1", "t2", "t3");
  const at = fc.integer({ min: 0, max: 1_000_000 }).map((ms) => T0 + ms);
  // Few start times, so listJobs often has to break ties by run ID.
  const startedAt = fc.constantFrom(T0, T0 + 1000, T0 + 2000);
  const text = fc.string({ unit: fc.constantFrom("a", "b", "x", " ", "1"), maxLength: 8 });
  const tagKey = fc.constantFrom("source", "Source", "marker");
  const tagValue = fc.constantFrom("a", "A", "log-1");
  const tags: fc.Arbitrary<Tags> =
    options.tags === false ? fc.constant({}) : fc.dictionary(tagKey, tagValue, { maxKeys: 2 });
  const tagChanges: fc.Arbitrary<TagChanges> = fc.dictionary(
    tagKey,
    fc.option(tagValue, { nil: null }),
    { minKeys: 1, maxKeys: 3 },
  );
  const number = (arbitrary: fc.Arbitrary<number>) =>
    fc.oneof(fc.constant(0), fc.constant(0), arbitrary);
  // Identical lines (same time, same message) come up often, within a change and across changes.
  const line = fc.oneof(
    fc.constantFrom({ at: T0, message: "scored" }, { at: T0 + 1, message: "scored" }),
    fc.record({ at, message: text }),
  );
  const change = {
    token,
    at,
    // Empty lists included: an empty ifStatus refuses every write.
    ifStatus: fc.subarray([...RUN_STATUSES]),
    status: fc.constantFrom(...RUN_STATUSES),
    endedAt: fc.oneof(at, fc.constant(null)),
    notes: fc.array(text, { maxLength: 2 }),
    ...(options.tags === false ? {} : { tags: tagChanges }),
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
        number(fc.integer({ min: -5, max: 40 })),
      ),
      set: fc.dictionary(
        fc.constantFrom(...metrics),
        number(fc.integer({ min: 0, max: 400 }).map((n) => n / 4)),
      ),
      progress: fc.array(line, { maxLength: 3 }),
      operations: fc.dictionary(
        fc.constantFrom("lead_scoring", "post_harvesting", "post_scoring"),
        operation,
      ),
    },
    { requiredKeys: ["token", "at"] },
  );
  // Case variants: the same IDs differing only in case are different links.
  const provider = fc.constantFrom("apify", "Apify", "apify:x");
  const externalId = fc.constantFrom("8MSTBAfqMzuXPvgB3", "8mstbafqmzuxpvgb3", "x:apify", "it's");

  const createJob = fc
    .tuple(
      base,
      token,
      startedAt,
      fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
      tags,
    )
    .map(([b, t, a, s, g]) =>
      command(
        `createJob(${b}, ${t}, at ${a}, stream ${s}, tags ${JSON.stringify(g)})`,
        async (m, r) => {
          const job = { ...newJob(b, t, a, s), tags: g };
          expect(await must(r.createJob(job))).toEqual(m.createJob(job));
        },
      ),
    );
  const updateJob = fc.tuple(base, jobChange).map(([b, c]) =>
    command(`updateJob(${b}, ${JSON.stringify(c)})`, async (m, r) => {
      compareUpdate(await r.updateJob(b, c), m.updateJob(b, c));
    }),
  );
  const createClientRun = fc.tuple(base, client, token, at, tags).map(([b, cl, t, a, g]) =>
    command(
      `createClientRun(${b}, ${cl}, ${t}, at ${a}, tags ${JSON.stringify(g)})`,
      async (m, r) => {
        const run: ClientRunRecord = {
          ...newClientRun(b, cl, t, a),
          clientName: `name ${t}`,
          tags: g,
        };
        expect(await must(r.createClientRun(run))).toEqual(m.createClientRun(run));
      },
    ),
  );
  const updateClientRun = fc.tuple(base, client, runChange).map(([b, cl, c]) =>
    command(`updateClientRun(${b}, ${cl}, ${JSON.stringify(c)})`, async (m, r) => {
      compareUpdate(await r.updateClientRun(b, cl, c), m.updateClientRun(b, cl, c));
    }),
  );
  const query: fc.Arbitrary<ListJobsQuery> = fc.record(
    {
      status: fc.oneof(
        fc.constantFrom(...RUN_STATUSES),
        fc.subarray([...RUN_STATUSES], { minLength: 1 }),
      ),
      ...(options.tags === false ? {} : { tags: fc.dictionary(tagKey, tagValue, { maxKeys: 2 }) }),
      startedAfter: fc.constantFrom(T0 - 1, T0, T0 + 1000),
      startedBefore: fc.constantFrom(T0 + 1000, T0 + 2000, T0 + 2001),
      limit: fc.integer({ min: 1, max: 4 }),
    },
    { requiredKeys: ["limit"] },
  );
  const listJobs = query.map((q) =>
    command(`listJobs(${JSON.stringify(q)})`, async (m, r) => {
      const expected = m.listJobs(q);
      const seen: JobRecord[] = [];
      let cursor: string | undefined;
      // Pages through to the end: a page may end exactly at the last job and still carry a cursor.
      for (let pages = 0; pages <= expected.length + 1; pages++) {
        const page = await must(r.listJobs(cursor === undefined ? q : { ...q, cursor }));
        expect(page.jobs.length).toBeLessThanOrEqual(q.limit ?? 50);
        seen.push(...page.jobs);
        cursor = page.nextCursor;
        if (cursor === undefined) break;
      }
      expect(cursor).toBeUndefined();
      expect(seen).toEqual(expected);
    }),
  );
  return [
    ...(options.listJobs === false ? [] : [listJobs, listJobs]),
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
