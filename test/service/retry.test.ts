import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../../src/memory/memory-store.js";
import { scriptedStore, unavailable } from "./support/scripted-store.js";
import { BASE, fail, ok, serviceFixture } from "./support/service-fixture.js";

const retry = { attempts: 4, baseDelayMs: 10, maxDelayMs: 25 };

const setUp = async (script: Parameters<typeof scriptedStore>[1], caps = {}) => {
  const memory = createMemoryStore();
  const seed = serviceFixture(memory);
  await ok(seed.service.startJob({ runId: BASE }));
  await ok(seed.service.startClientRun({ runId: BASE, clientId: "Guy-Wilson" }));
  const scripted = scriptedStore(memory, script, caps);
  const sleeps: number[] = [];
  const { service } = serviceFixture(scripted.store, {
    retry,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.999,
  });
  return { service, memory, sleeps, calls: scripted.calls };
};

describe("retries of a failing store", () => {
  it("gives store-unavailable after exactly the configured attempts, with capped backoff", async () => {
    const { service, sleeps, calls } = await setUp(() => unavailable());
    const error = await fail(service.getJob(BASE));
    expect(error).toMatchObject({
      type: "store-unavailable",
      retryable: true,
      attempts: 4,
      cause: { type: "unavailable" },
    });
    expect(calls("getJob")).toBe(4);
    expect(sleeps).toEqual([9, 19, 24]); // jitter × min(25, 10·2^n)
  });

  it("succeeds when the store recovers within the attempts", async () => {
    const { service, calls } = await setUp((method, n) =>
      method === "updateClientRun" && n < 2 ? unavailable() : undefined,
    );
    const { run } = await ok(service.recordMetrics(BASE, "Guy-Wilson", { a: 1 }));
    expect(run.metrics).toEqual({ a: 1 });
    expect(calls("updateClientRun")).toBe(3);
  });

  it("retries a write whose outcome is unknown with the same token, so it applies once", async () => {
    const { service, memory, calls } = await setUp((method, n) =>
      method === "updateClientRun" && n < 2 ? { afterWrite: unavailable("unknown") } : undefined,
    );
    const result = await ok(service.recordMetrics(BASE, "Guy-Wilson", { a: 1 }));
    expect(calls("updateClientRun")).toBe(3);
    expect(result.applied).toBe(false); // the first attempt had applied it
    expect((await ok(memory.getClientRun(BASE as never, "Guy-Wilson" as never)))?.metrics).toEqual({
      a: 1,
    });
  });

  it("does not retry an unknown-outcome write when the store cannot recognise repeats", async () => {
    const { service, memory, calls } = await setUp(
      (method) =>
        method === "updateClientRun" ? { afterWrite: unavailable("unknown") } : undefined,
      { idempotentChanges: false },
    );
    const error = await fail(service.recordMetrics(BASE, "Guy-Wilson", { a: 1 }));
    expect(error).toMatchObject({ type: "store-unavailable", attempts: 1 });
    expect(calls("updateClientRun")).toBe(1);
    expect((await ok(memory.getClientRun(BASE as never, "Guy-Wilson" as never)))?.metrics).toEqual({
      a: 1,
    });
  });

  it("still retries reads and not-applied failures on such a store", async () => {
    const { service, calls } = await setUp(
      (method, n) => (method === "getJob" && n < 3 ? unavailable() : undefined),
      {
        idempotentChanges: false,
      },
    );
    await ok(service.getJob(BASE));
    expect(calls("getJob")).toBe(4);
  });

  it("never retries a permanent rejection", async () => {
    const { service, calls, sleeps } = await setUp(() => ({
      type: "rejected",
      message: "422 unknown field",
    }));
    const error = await fail(service.appendProgress(BASE, "Guy-Wilson", "x"));
    expect(error).toMatchObject({
      type: "store-rejected",
      retryable: false,
      cause: { message: "422 unknown field" },
    });
    expect(calls("updateClientRun")).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it.each(["throw", "reject"] as const)(
    "turns a store that %ss into store-rejected",
    async (how) => {
      const { service } = await setUp(() => how);
      const error = await fail(service.getClientRun(BASE, "Guy-Wilson"));
      expect(error).toMatchObject({ type: "store-rejected", cause: { type: "rejected" } });
    },
  );

  it("creates exactly once when a create's answer is lost", async () => {
    const { service, memory, calls } = await setUp((method, n) =>
      method === "createClientRun" && n === 0 ? { afterWrite: unavailable("unknown") } : undefined,
    );
    const { created } = await ok(service.startClientRun({ runId: BASE, clientId: "Dean-Hobin" }));
    expect(created).toBe(true); // the retry finds its own creation token
    expect(calls("createClientRun")).toBe(2);
    expect(await ok(memory.listClientRuns(BASE as never))).toHaveLength(2);
  });

  it("says created: true exactly once for a job whose create answer was lost", async () => {
    const memory = createMemoryStore();
    const scripted = scriptedStore(memory, (method, n) =>
      method === "createJob" && n < 2 ? { afterWrite: unavailable("unknown") } : undefined,
    );
    const { service } = serviceFixture(scripted.store, { retry });
    const first = await ok(service.startJob({ runId: "251007-080000" }));
    const again = await ok(service.startJob({ runId: "251007-080000" }));
    expect([first.created, again.created]).toEqual([true, false]);
    expect(scripted.calls("createJob")).toBe(4);
  });
});
