import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BaseRunId,
  type ClientId,
  createMemoryStore,
  parseMemorySnapshot,
} from "../../src/index.js";
import { makeStore, startServer } from "../airtable/harness.js";
import type { AirtableServer } from "../support/airtable/index.js";
import { BASE, ok, serviceFixture } from "./support/service-fixture.js";

const MAX = Number.MAX_SAFE_INTEGER;

const withClientRun = async () => {
  const fixture = serviceFixture();
  await ok(fixture.service.startJob({ runId: BASE }));
  await ok(
    fixture.service.startClientRun({
      runId: BASE,
      clientId: "Guy-Wilson",
      operations: ["lead_scoring"],
    }),
  );
  return fixture;
};

const metricsOf = async (fixture: Awaited<ReturnType<typeof withClientRun>>) =>
  (await ok(fixture.service.getClientRun(BASE, "Guy-Wilson"))).metrics;

describe("metrics stay in the finite, exact range", () => {
  it("refuses the increment that would make a metric Infinity, naming it; the record is unchanged", async () => {
    const fixture = await withClientRun();
    const { service } = fixture;
    // A fractional metric is held to finiteness only.
    await ok(service.recordMetrics(BASE, "Guy-Wilson", { m: 0.5, cost: 0.5 }));
    await ok(service.recordMetrics(BASE, "Guy-Wilson", { m: 1e308 / 2 }));
    await ok(service.recordMetrics(BASE, "Guy-Wilson", { m: 1e308 / 2 }));
    const before = await metricsOf(fixture);
    const refused = await service.recordMetrics(BASE, "Guy-Wilson", { cost: 1, m: 1e308 });
    expect(refused._unsafeUnwrapErr()).toMatchObject({
      type: "invalid-argument",
      field: "metrics.m",
      input: 1e308,
    });
    expect(refused._unsafeUnwrapErr().message).toContain("Infinity");
    // Atomic: neither metric of the refused change was applied.
    expect(await metricsOf(fixture)).toEqual(before);
    const negative = await service.recordMetrics(BASE, "Guy-Wilson", { m: -Number.MAX_VALUE });
    expect(negative.isOk()).toBe(true);
  });

  it("the issue's example: two recordMetrics(…, { m: 1e308 }) never store Infinity, and the snapshot loads", async () => {
    const store = createMemoryStore();
    const fixture = serviceFixture(store);
    await ok(fixture.service.startJob({ runId: BASE }));
    await ok(fixture.service.startClientRun({ runId: BASE, clientId: "Guy-Wilson" }));
    const first = await fixture.service.recordMetrics(BASE, "Guy-Wilson", { m: 1e308 });
    const second = await fixture.service.recordMetrics(BASE, "Guy-Wilson", { m: 1e308 });
    expect([first, second].some((r) => r.isErr())).toBe(true);
    const m = (await ok(fixture.service.getClientRun(BASE, "Guy-Wilson"))).metrics.m;
    expect(m === undefined || Number.isFinite(m)).toBe(true);
    expect(parseMemorySnapshot(JSON.stringify(store.snapshot())).isOk()).toBe(true);
  });

  it("refuses an integer metric passing 2^53 − 1, by increment or by set", async () => {
    const fixture = await withClientRun();
    const { service } = fixture;
    await ok(service.setMetrics(BASE, "Guy-Wilson", { n: MAX - 1 }));
    await ok(service.recordMetrics(BASE, "Guy-Wilson", { n: 1 }));
    expect((await metricsOf(fixture)).n).toBe(MAX);
    expect(
      (await service.recordMetrics(BASE, "Guy-Wilson", { n: 1 }))._unsafeUnwrapErr(),
    ).toMatchObject({ type: "invalid-argument", field: "metrics.n" });
    expect(
      (await service.setMetrics(BASE, "Guy-Wilson", { k: 2 ** 60 }))._unsafeUnwrapErr(),
    ).toMatchObject({ type: "invalid-argument", field: "metrics.k", input: 2 ** 60 });
    expect(
      (await service.setMetrics(BASE, "Guy-Wilson", { k: -(MAX + 1) }))._unsafeUnwrapErr(),
    ).toMatchObject({ type: "invalid-argument", field: "metrics.k" });
    expect(await metricsOf(fixture)).toEqual({ n: MAX });
    // Decreasing from the edge is fine, and a fractional metric is only held to finiteness.
    await ok(service.recordMetrics(BASE, "Guy-Wilson", { n: -1 }));
    await ok(service.setMetrics(BASE, "Guy-Wilson", { cost: 0.25 }));
    await ok(service.recordMetrics(BASE, "Guy-Wilson", { cost: 2 ** 60 }));
    expect(await metricsOf(fixture)).toEqual({ n: MAX - 1, cost: 0.25 + 2 ** 60 });
  });

  it("applies the rule to completeOperation's metrics too", async () => {
    const fixture = await withClientRun();
    await ok(fixture.service.setMetrics(BASE, "Guy-Wilson", { n: MAX }));
    const refused = await fixture.service.completeOperation(BASE, "Guy-Wilson", "lead_scoring", {
      status: "completed",
      metrics: { n: 1 },
    });
    expect(refused._unsafeUnwrapErr()).toMatchObject({
      type: "invalid-argument",
      field: "metrics.n",
    });
    const run = await ok(fixture.service.getClientRun(BASE, "Guy-Wilson"));
    expect(run.status).toBe("running");
    expect(run.metrics).toEqual({ n: MAX });
  });

  it("decides against the current value under concurrency: exactly the increments that fit apply", async () => {
    const fixture = await withClientRun();
    const { service } = fixture;
    const room = 1000;
    await ok(service.setMetrics(BASE, "Guy-Wilson", { n: MAX - room }));
    // 1,500 racing increments of 1: exactly `room` fit, the rest are refused, none is lost.
    const results = await Promise.all(
      Array.from({ length: 1500 }, (_, i) =>
        service.recordMetrics(BASE, "Guy-Wilson", { n: 1 }, { idempotencyKey: `k${i}` }),
      ),
    );
    const applied = results.filter((r) => r.isOk()).length;
    const refused = results.filter((r) => r.isErr());
    expect(applied).toBe(room);
    expect(refused.every((r) => r._unsafeUnwrapErr().type === "invalid-argument")).toBe(true);
    expect((await metricsOf(fixture)).n).toBe(MAX);
  });

  it("a refused change leaves its idempotency key unused", async () => {
    const fixture = await withClientRun();
    const { service } = fixture;
    await ok(service.setMetrics(BASE, "Guy-Wilson", { n: MAX }));
    const key = { idempotencyKey: "chunk-1" };
    expect((await service.recordMetrics(BASE, "Guy-Wilson", { n: 1 }, key)).isErr()).toBe(true);
    await ok(service.recordMetrics(BASE, "Guy-Wilson", { n: -5 }));
    const retried = await ok(service.recordMetrics(BASE, "Guy-Wilson", { n: 1 }, key));
    expect(retried.applied).toBe(true);
    expect((await metricsOf(fixture)).n).toBe(MAX - 4);
  });
});

describe("the Airtable store's fold applies the same rule", () => {
  let server: AirtableServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it.each(["process", "shared"] as const)(
    "consistency %s: the refused increment is invalid-argument and never folded in",
    async (consistency) => {
      const store = makeStore(server, { consistency });
      const { service } = serviceFixture(store);
      const runId = consistency === "process" ? "251007-070458" : "251007-070459";
      await ok(service.startJob({ runId }));
      await ok(service.startClientRun({ runId, clientId: "Guy-Wilson" }));
      await ok(service.setMetrics(runId, "Guy-Wilson", { profiles_scored: MAX }));
      const refused = await service.recordMetrics(runId, "Guy-Wilson", { profiles_scored: 1 });
      expect(refused._unsafeUnwrapErr()).toMatchObject({
        type: "invalid-argument",
        field: "metrics.profiles_scored",
      });
      await store.flush();
      const fresh = makeStore(server);
      const run = await fresh.getClientRun(runId as BaseRunId, "Guy-Wilson" as ClientId);
      expect(run._unsafeUnwrap()?.metrics).toEqual({ profiles_scored: MAX });
      await store.close();
      await fresh.close();
    },
  );
});
