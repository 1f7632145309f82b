import type { ResultAsync } from "neverthrow";
import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../../src/memory/index.js";
import type { ClientId } from "../../src/run-id/brand.js";
import type { JobRecord, StoreError } from "../../src/store/index.js";
import { baseId, clientId, newClientRun, newJob, T0 } from "../../src/testing/fixtures.js";
import {
  createFaultyStore,
  createSeededRandom,
  describeRunRecordStore,
} from "../../src/testing/index.js";

const base = baseId("251007-070457");
const guy = clientId("Guy-Wilson");
const job: JobRecord = newJob(base, "job");
const clientRun = (client: ClientId) => newClientRun(base, client, "run");

describe("createSeededRandom", () => {
  it("repeats its sequence for a seed and stays in [0, 1)", () => {
    const a = createSeededRandom(7);
    const b = createSeededRandom(7);
    const c = createSeededRandom(8);
    const first = Array.from({ length: 1000 }, a);
    expect(Array.from({ length: 1000 }, b)).toEqual(first);
    expect(Array.from({ length: 1000 }, c)).not.toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe("createFaultyStore", () => {
  it("fails about failRate of calls before they reach the store, reproducibly for a seed", async () => {
    const run = async (seed: number) => {
      const inner = createMemoryStore();
      await inner.createClientRun(clientRun(guy));
      const faulty = createFaultyStore(inner, { failRate: 0.3, seed });
      const results = await Promise.all(
        Array.from({ length: 2000 }, (_, i) =>
          faulty.updateClientRun(base, guy, { token: `t-${i}`, at: T0, increments: { n: 1 } }),
        ),
      );
      const failures = results.filter((r) => r.isErr());
      for (const failure of failures) {
        expect(failure._unsafeUnwrapErr()).toMatchObject({
          type: "unavailable",
          outcome: "not-applied",
        });
      }
      const stored = (await inner.getClientRun(base, guy))._unsafeUnwrap();
      // Every failure happened before the store: the total counts exactly the successes.
      expect(stored?.metrics.n).toBe(2000 - failures.length);
      expect(faulty.stats).toEqual({
        calls: 2000,
        injectedFailures: failures.length,
        unknownOutcomes: 0,
      });
      return results.map((r) => r.isOk());
    };
    const first = await run(42);
    const rate = first.filter((ok) => !ok).length / first.length;
    expect(rate).toBeGreaterThan(0.26);
    expect(rate).toBeLessThan(0.34);
    expect(await run(42)).toEqual(first);
  });

  it("applies failAfterWriteRate of writes, then reports an unknown outcome", async () => {
    const inner = createMemoryStore();
    await inner.createClientRun(clientRun(guy));
    const faulty = createFaultyStore(inner, { failAfterWriteRate: 0.5, seed: 3 });
    const results = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        faulty.updateClientRun(base, guy, { token: `t-${i}`, at: T0, increments: { n: 1 } }),
      ),
    );
    const unknown = results.filter((r) => r.isErr());
    for (const failure of unknown) {
      expect(failure._unsafeUnwrapErr()).toMatchObject({ type: "unavailable", outcome: "unknown" });
    }
    expect(unknown.length).toBeGreaterThan(440);
    expect(unknown.length).toBeLessThan(560);
    // Unknown outcomes were really written: every one of the 1000 increments is in the store.
    expect((await inner.getClientRun(base, guy))._unsafeUnwrap()?.metrics.n).toBe(1000);
    expect(faulty.stats).toEqual({
      calls: 1000,
      injectedFailures: 0,
      unknownOutcomes: unknown.length,
    });
  });

  it("never fails reads after the fact, and passes the inner store's own errors through", async () => {
    const faulty = createFaultyStore(createMemoryStore(), { failAfterWriteRate: 1 });
    const created = await faulty.createJob(job);
    expect(created._unsafeUnwrapErr()).toMatchObject({ type: "unavailable", outcome: "unknown" });
    expect((await faulty.getJob(base))._unsafeUnwrap()).toEqual(job);
    const missing = await faulty.updateClientRun(base, guy, { token: "x", at: T0 });
    expect(missing._unsafeUnwrapErr().type).toBe("not-found");
    expect(faulty.stats.unknownOutcomes).toBe(1);
  });

  it("uses the injected random source: one draw per call, a second per write that reaches the store", async () => {
    const draws = [0.1, 0.9, 0.95, 0.2, 0.99];
    const random = () => draws.shift() ?? 0.99;
    const faulty = createFaultyStore(createMemoryStore(), {
      failRate: 0.5,
      failAfterWriteRate: 0.5,
      random,
    });
    const outcomes: string[] = [];
    const record = async (result: ResultAsync<unknown, StoreError>) => {
      const r = await result;
      outcomes.push(
        r.isOk() ? "ok" : r.error.type === "unavailable" ? r.error.outcome : r.error.type,
      );
    };
    await record(faulty.createJob(job)); // 0.1 < 0.5: fails before the store
    await record(faulty.createJob(job)); // 0.9 passes, then 0.95 ≥ 0.5: applied and answered
    await record(faulty.updateJob(base, { token: "t", at: T0 })); // 0.2 < 0.5: fails
    await record(faulty.getJob(base)); // 0.99 passes; reads draw once
    expect(outcomes).toEqual(["not-applied", "ok", "not-applied", "ok"]);
    expect(draws).toEqual([]);
  });

  it("delays calls through the injected sleep, per call when given a function", async () => {
    const slept: number[] = [];
    const faulty = createFaultyStore(createMemoryStore(), {
      delayMs: (call) => (call.write ? 50 : call.index),
      sleep: async (ms) => {
        slept.push(ms);
      },
    });
    await faulty.createJob(job);
    await faulty.getJob(base);
    await faulty.getJob(base);
    expect(slept).toEqual([50, 1, 2]);
  });

  it("a delayed call reaches the store only once its sleep is over", async () => {
    const inner = createMemoryStore();
    let wake: () => void = () => {};
    const faulty = createFaultyStore(inner, {
      delayMs: 1000,
      sleep: () => new Promise<void>((resolve) => (wake = resolve)),
    });
    const pending = faulty.createJob(job);
    await Promise.resolve();
    expect((await inner.getJob(base))._unsafeUnwrap()).toBeUndefined();
    wake();
    expect((await pending)._unsafeUnwrap()).toEqual(job);
    expect((await inner.getJob(base))._unsafeUnwrap()).toEqual(job);
  });

  it("a rejecting sleep becomes an unavailable error and the call never reaches the store", async () => {
    const inner = createMemoryStore();
    const faulty = createFaultyStore(inner, {
      delayMs: 5,
      sleep: () => Promise.reject(new Error("timer gone")),
    });
    const result = await faulty.createJob(job);
    expect(result._unsafeUnwrapErr()).toMatchObject({
      type: "unavailable",
      outcome: "not-applied",
    });
    expect((await inner.getJob(base))._unsafeUnwrap()).toBeUndefined();
  });

  it("an injected function or a wrapped store that throws synchronously gives rejected, never a throw", async () => {
    const boom = () => {
      throw new Error("boom");
    };
    const inner = createMemoryStore();
    for (const options of [{ random: boom }, { delayMs: boom }, { delayMs: 5, sleep: boom }]) {
      const result = await createFaultyStore(inner, options).createJob(job);
      expect(result._unsafeUnwrapErr()).toMatchObject({ type: "rejected" });
    }
    const throwing = { ...inner, getJob: boom } as never;
    const read = await createFaultyStore(throwing).getJob(base);
    expect(read._unsafeUnwrapErr()).toMatchObject({ type: "rejected" });
    expect((await inner.getJob(base))._unsafeUnwrap()).toBeUndefined();
  });

  it("keeps the inner store's capabilities and names itself after it", () => {
    const inner = createMemoryStore();
    const faulty = createFaultyStore(inner, {});
    expect(faulty.capabilities).toEqual(inner.capabilities);
    expect(faulty.name).toBe("faulty(memory)");
    expect(faulty.inner).toBe(inner);
  });
});

// Delays that reorder calls (measured in event-loop turns, not wall-clock time) must not break any guarantee.
const turns = (n: number) =>
  Array.from({ length: n }).reduce<Promise<void>>(
    (previous) => previous.then(() => new Promise<void>((resolve) => setImmediate(resolve))),
    Promise.resolve(),
  );
describeRunRecordStore({
  name: "memory behind reordering delays",
  create: () => {
    const random = createSeededRandom(11);
    return createFaultyStore(createMemoryStore(), {
      delayMs: () => Math.floor(random() * 4),
      sleep: turns,
    });
  },
  numRuns: 20,
  concurrency: 300,
});
