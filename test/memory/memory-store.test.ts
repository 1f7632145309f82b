import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createMemoryStore, parseMemorySnapshot } from "../../src/memory/index.js";
import type { BaseRunId, ClientId } from "../../src/run-id/brand.js";
import { parseClientId } from "../../src/run-id/index.js";
import type { ClientRunRecord, JobRecord } from "../../src/store/index.js";
import { baseId, clientId, newClientRun, newJob, T0 } from "../../src/testing/fixtures.js";
import {
  arbitraryBaseRunId,
  arbitraryClientId,
  describeRunRecordStore,
} from "../../src/testing/index.js";

const base = baseId("251007-070457");
const guy = clientId("Guy-Wilson");
const job = (runId: BaseRunId, token = "job"): JobRecord => newJob(runId, token);
const clientRun = (runId: BaseRunId, client: ClientId, token = "run"): ClientRunRecord =>
  newClientRun(runId, client, token);

describeRunRecordStore({
  name: "memory",
  create: () => createMemoryStore(),
  numRuns: 100,
  concurrency: 1000,
  additionalTests: () => {
    it("declares every capability but multiProcess", () => {
      expect(createMemoryStore().capabilities).toEqual({
        atomicCreate: true,
        atomicUpdate: true,
        conditionalUpdate: true,
        idempotentChanges: true,
        multiProcess: false,
      });
    });
  },
});

describe("memory store: copies", () => {
  it("neither the caller's input nor a returned record can change stored state", async () => {
    const store = createMemoryStore();
    const input = {
      ...clientRun(base, guy),
      metrics: { leads: 1 },
      progress: [{ at: T0, message: "a" }],
    };
    const created = (await store.createClientRun(input))._unsafeUnwrap();
    (input.metrics as Record<string, number>).leads = 99;
    (input.progress as { at: number; message: string }[]).push({ at: T0, message: "injected" });
    expect(Reflect.set(created.metrics, "leads", 42)).toBe(false);
    expect(Reflect.set(created, "status", "failed")).toBe(false);
    expect(() => (created.progress as unknown[]).push("x")).toThrow(TypeError);
    const stored = (await store.getClientRun(base, guy))._unsafeUnwrap();
    expect(stored?.metrics).toEqual({ leads: 1 });
    expect(stored?.progress).toEqual([{ at: T0, message: "a" }]);
    expect(stored?.status).toBe("running");
  });

  it("a change's arrays are copied, not shared", async () => {
    const store = createMemoryStore();
    await store.createJob(job(base));
    const notes = ["first"];
    await store.updateJob(base, { token: "n", at: T0, notes });
    notes.push("second");
    expect((await store.getJob(base))._unsafeUnwrap()?.notes).toEqual(["first"]);
  });

  it("rejects changes that would poison a record with non-finite numbers", async () => {
    const store = createMemoryStore();
    await store.createClientRun(clientRun(base, guy));
    for (const change of [
      { token: "a", at: T0, increments: { leads: Number.NaN } },
      { token: "b", at: T0, set: { cost: Number.POSITIVE_INFINITY } },
      { token: "c", at: Number.NaN },
      { token: "", at: T0 },
    ]) {
      const result = await store.updateClientRun(base, guy, change);
      expect(result._unsafeUnwrapErr().type).toBe("rejected");
    }
    expect((await store.getClientRun(base, guy))._unsafeUnwrap()?.metrics).toEqual({});
  });

  it("a metric named __proto__ is stored as a metric", async () => {
    const store = createMemoryStore();
    await store.createClientRun(clientRun(base, guy));
    await store.updateClientRun(base, guy, {
      token: "p",
      at: T0,
      increments: { ["__proto__"]: 2 },
    });
    const { record } = (
      await store.updateClientRun(base, guy, {
        token: "q",
        at: T0,
        increments: { ["__proto__"]: 3 },
      })
    )._unsafeUnwrap();
    expect(Object.entries(record.metrics)).toEqual([["__proto__", 5]]);
  });
});

describe("memory store: retainEnded", () => {
  it("false drops jobs and client runs (and their links) once they end, keeping running and stale ones", async () => {
    const store = createMemoryStore({ retainEnded: false });
    const dean = parseClientId("Dean-Hobin")._unsafeUnwrap();
    await store.createJob(job(base));
    await store.createClientRun(clientRun(base, guy));
    await store.createClientRun(clientRun(base, dean));
    await store.linkExternalRun({
      provider: "apify",
      externalId: "A",
      runId: base,
      clientId: guy,
      linkedAt: T0,
    });
    await store.linkExternalRun({
      provider: "apify",
      externalId: "B",
      runId: base,
      clientId: dean,
      linkedAt: T0,
    });
    const ended = await store.updateClientRun(base, guy, {
      token: "end",
      at: T0,
      status: "completed",
    });
    expect(ended._unsafeUnwrap().record.status).toBe("completed");
    await store.updateClientRun(base, dean, { token: "stale", at: T0, status: "stale" });
    expect((await store.getClientRun(base, guy))._unsafeUnwrap()).toBeUndefined();
    expect((await store.resolveExternalRun("apify", "A"))._unsafeUnwrap()).toBeUndefined();
    expect((await store.getClientRun(base, dean))._unsafeUnwrap()?.status).toBe("stale");
    expect((await store.resolveExternalRun("apify", "B"))._unsafeUnwrap()?.clientId).toBe(dean);
    await store.updateJob(base, { token: "end", at: T0, status: "failed" });
    expect((await store.getJob(base))._unsafeUnwrap()).toBeUndefined();
    expect(store.snapshot().jobs).toEqual([]);
  });

  it("true (the default) keeps ended records", async () => {
    const store = createMemoryStore();
    await store.createJob(job(base));
    await store.updateJob(base, { token: "end", at: T0, status: "completed", endedAt: T0 });
    expect((await store.getJob(base))._unsafeUnwrap()?.status).toBe("completed");
  });
});

describe("memory store: snapshots", () => {
  const populate = async (runs: readonly [BaseRunId, ClientId][]) => {
    const store = createMemoryStore();
    for (const [i, [runId, client]] of runs.entries()) {
      await store.createJob(job(runId, `job-${i}`));
      await store.createClientRun(clientRun(runId, client, `run-${i}`));
      await store.updateClientRun(runId, client, {
        token: `tok-${i}`,
        at: T0 + i,
        increments: { leads: i },
        progress: [{ at: T0 + i, message: `line ${i}` }],
        operations: { lead_scoring: { status: "running", startedAt: T0 } },
      });
      await store.linkExternalRun({
        provider: "apify",
        externalId: `ext-${i}`,
        runId,
        clientId: client,
        linkedAt: T0,
      });
    }
    return store;
  };

  it("round-trips through JSON text, tokens included", async () => {
    const store = await populate([[base, guy]]);
    const text = JSON.stringify(store.snapshot());
    const restored = createMemoryStore({ snapshot: parseMemorySnapshot(text)._unsafeUnwrap() });
    expect(restored.snapshot()).toEqual(store.snapshot());
    const retry = await restored.updateClientRun(base, guy, {
      token: "tok-0",
      at: T0,
      increments: { leads: 1 },
    });
    expect(retry._unsafeUnwrap().applied).toBe(false);
  });

  it("round-trips any population of jobs and client runs (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.tuple(arbitraryBaseRunId(), arbitraryClientId()), {
          maxLength: 8,
          selector: ([runId, client]) => JSON.stringify([runId, client]),
        }),
        async (runs) => {
          const store = await populate(runs);
          const parsed = parseMemorySnapshot(JSON.parse(JSON.stringify(store.snapshot())));
          const restored = createMemoryStore({ snapshot: parsed._unsafeUnwrap() });
          expect(restored.snapshot()).toEqual(store.snapshot());
          for (const [runId, client] of runs) {
            expect((await restored.getClientRun(runId, client))._unsafeUnwrap()).toEqual(
              (await store.getClientRun(runId, client))._unsafeUnwrap(),
            );
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  it("rejects garbage with a typed error naming the first bad path, never throwing", async () => {
    const good = JSON.parse(JSON.stringify((await populate([[base, guy]])).snapshot()));
    const bad: [unknown, string][] = [
      ["{not json", "not valid JSON"],
      [null, "at $:"],
      [42, "at $:"],
      [[], "at $:"],
      [{ ...good, version: 2 }, "$.version"],
      [{ ...good, jobs: "x" }, "$.jobs"],
      [
        {
          ...good,
          jobs: [{ ...good.jobs[0], record: { ...good.jobs[0].record, runId: "251399-256199" } }],
        },
        "$.jobs[0].record.runId",
      ],
      [
        {
          ...good,
          jobs: [{ ...good.jobs[0], record: { ...good.jobs[0].record, status: "Running" } }],
        },
        "$.jobs[0].record.status",
      ],
      [{ ...good, jobs: [good.jobs[0], good.jobs[0]] }, "duplicate"],
      [
        {
          ...good,
          clientRuns: [
            {
              ...good.clientRuns[0],
              record: { ...good.clientRuns[0].record, runId: "251007-070457-Wilson" },
            },
          ],
        },
        "$.clientRuns[0].record.runId",
      ],
      [
        {
          ...good,
          clientRuns: [
            {
              ...good.clientRuns[0],
              record: { ...good.clientRuns[0].record, metrics: { leads: "1" } },
            },
          ],
        },
        "metrics",
      ],
      [
        { ...good, clientRuns: [{ ...good.clientRuns[0], tokens: [1] }] },
        "$.clientRuns[0].tokens[0]",
      ],
      [{ ...good, links: [{ ...good.links[0], clientId: "Guy Wilson" }] }, "$.links[0].clientId"],
    ];
    for (const [input, where] of bad) {
      const result = parseMemorySnapshot(input);
      expect(result.isErr(), JSON.stringify(input)).toBe(true);
      const error = result._unsafeUnwrapErr();
      expect(error.type).toBe("rejected");
      expect(error.message).toContain(where);
    }
  });

  it("never throws on arbitrary JSON values (property)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(parseMemorySnapshot(value).isErr()).toBe(true);
      }),
    );
    const exotic = new Proxy(
      {},
      {
        get: () => {
          throw new Error("boom");
        },
      },
    );
    expect(parseMemorySnapshot(exotic)._unsafeUnwrapErr().type).toBe("rejected");
  });
});

describe("memory store: input that bypassed the types", () => {
  it("answers rejected or not-found, never throws (property)", async () => {
    const store = createMemoryStore();
    await store.createJob(job(base));
    await store.createClientRun(clientRun(base, guy));
    await fc.assert(
      fc.asyncProperty(fc.anything(), fc.anything(), async (a, b) => {
        const calls = [
          () => store.createJob(a as JobRecord),
          () => store.createClientRun(a as ClientRunRecord),
          () => store.updateJob(base, a as never),
          () => store.updateClientRun(base, guy, a as never),
          () => store.updateClientRun(a as BaseRunId, b as ClientId, { token: "t", at: T0 }),
          () => store.linkExternalRun(a as never),
        ];
        for (const call of calls) {
          const result = await call();
          if (result.isErr()) expect(["rejected", "not-found"]).toContain(result.error.type);
        }
      }),
      { numRuns: 200 },
    );
    const stored = (await store.getClientRun(base, guy))._unsafeUnwrap();
    expect(Number.isFinite(stored?.lastActivityAt)).toBe(true);
  });
});

describe("memory store: options that bypassed the types", () => {
  it("a garbage snapshot or a throwing getter gives a store whose every call is rejected, never a throw", async () => {
    const throwing = Object.defineProperty({}, "retainEnded", {
      get() {
        throw new Error("boom");
      },
    });
    const bad = [
      { snapshot: { version: 1, jobs: [null], clientRuns: [], links: [] } },
      { snapshot: { version: 1, jobs: 5, clientRuns: [], links: [] } },
      throwing,
    ];
    for (const options of bad) {
      const store = createMemoryStore(options as never);
      const results = await Promise.all([
        store.getJob(base),
        store.createJob(job(base)),
        store.listRunning(),
        store.resolveExternalRun("apify", "x"),
      ]);
      for (const result of results) expect(result._unsafeUnwrapErr().type).toBe("rejected");
      expect(store.snapshot()).toEqual({ version: 1, jobs: [], clientRuns: [], links: [] });
    }
    // null reads as "no options", as undefined does.
    expect((await createMemoryStore(null as never).createJob(job(base))).isOk()).toBe(true);
  });
});
