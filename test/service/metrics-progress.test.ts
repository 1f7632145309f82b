import { describe, expect, it } from "vitest";
import { BASE, fail, ok, serviceFixture, T0 } from "./support/service-fixture.js";

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

describe("recordMetrics", () => {
  it("adds, never overwrites: three 40-lead chunks make 120", async () => {
    const { service } = await withClientRun();
    for (let chunk = 0; chunk < 3; chunk++) {
      await ok(
        service.recordMetrics(BASE, "Guy-Wilson", { profiles_examined: 40, profile_tokens: 1.5 }),
      );
    }
    const run = await ok(service.getClientRun(BASE, "Guy-Wilson"));
    expect(run.metrics).toEqual({ profiles_examined: 120, profile_tokens: 4.5 });
  });

  it("loses no increment under 2,000 concurrent calls from three operations", async () => {
    const { service } = await withClientRun();
    const names = ["profiles_examined", "posts_harvested", "posts_scored"];
    await Promise.all(
      Array.from({ length: 2000 }, (_, i) =>
        ok(
          service.recordMetrics(`${BASE}-Guy-Wilson`, "Guy-Wilson", {
            [names[i % 3] as string]: (i % 5) + 1,
          }),
        ),
      ),
    );
    const expected: Record<string, number> = {};
    for (let i = 0; i < 2000; i++) {
      const name = names[i % 3] as string;
      expected[name] = (expected[name] ?? 0) + (i % 5) + 1;
    }
    expect((await ok(service.getClientRun(BASE, "Guy-Wilson"))).metrics).toEqual(expected);
  });

  it("applies an idempotency key at most once, however many copies race", async () => {
    const { service } = await withClientRun();
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        ok(
          service.recordMetrics(
            BASE,
            "Guy-Wilson",
            { apify_cost: 0.25 },
            { idempotencyKey: `webhook-${i % 10}` },
          ),
        ),
      ),
    );
    expect(results.filter((r) => r.applied)).toHaveLength(10);
    expect((await ok(service.getClientRun(BASE, "Guy-Wilson"))).metrics).toEqual({
      apify_cost: 2.5,
    });
  });

  it("scopes idempotency keys to one client run", async () => {
    const { service } = await withClientRun();
    await ok(service.startClientRun({ runId: BASE, clientId: "Dean-Hobin" }));
    const a = await ok(
      service.recordMetrics(BASE, "Guy-Wilson", { n: 1 }, { idempotencyKey: "k" }),
    );
    const b = await ok(
      service.recordMetrics(BASE, "Dean-Hobin", { n: 1 }, { idempotencyKey: "k" }),
    );
    expect([a.applied, b.applied]).toEqual([true, true]);
  });

  it("setMetrics replaces values outright", async () => {
    const { service } = await withClientRun();
    await ok(service.recordMetrics(BASE, "Guy-Wilson", { posts_harvested: 7, apify_cost: 1 }));
    const { run } = await ok(service.setMetrics(BASE, "Guy-Wilson", { posts_harvested: 3 }));
    expect(run.metrics).toEqual({ posts_harvested: 3, apify_cost: 1 });
    const repeat = await ok(
      service.setMetrics(BASE, "Guy-Wilson", { posts_harvested: 9 }, { idempotencyKey: "s" }),
    );
    const again = await ok(
      service.setMetrics(BASE, "Guy-Wilson", { posts_harvested: 10 }, { idempotencyKey: "s" }),
    );
    expect([repeat.applied, again.applied, again.run.metrics.posts_harvested]).toEqual([
      true,
      false,
      9,
    ]);
  });

  it("refuses metrics that are not finite numbers", async () => {
    const { service } = await withClientRun();
    for (const deltas of [
      { a: Number.NaN },
      { a: Number.POSITIVE_INFINITY },
      { a: "1" },
      { "bad name": 1 },
      [1],
      null,
      3,
    ]) {
      const error = await fail(service.recordMetrics(BASE, "Guy-Wilson", deltas as never));
      expect(error.type).toBe("invalid-argument");
    }
    expect((await ok(service.getClientRun(BASE, "Guy-Wilson"))).metrics).toEqual({});
  });

  it("is not-found for an unknown client run", async () => {
    const { service } = await withClientRun();
    expect((await fail(service.recordMetrics(BASE, "Wilson", { a: 1 }))).type).toBe("not-found");
  });
});

describe("appendProgress", () => {
  it("timestamps lines with the injected clock", async () => {
    const { service, clock } = await withClientRun();
    await ok(service.appendProgress(BASE, "Guy-Wilson", "first"));
    clock.advance(1500);
    const { run } = await ok(service.appendProgress(BASE, "Guy-Wilson", "second"));
    expect(run.progress).toEqual([
      { at: T0, message: "first" },
      { at: T0 + 1500, message: "second" },
    ]);
    expect(run.lastActivityAt).toBe(T0 + 1500);
  });

  it("keeps every concurrent append, in order per caller", async () => {
    const { service } = await withClientRun();
    const callers = 20;
    const lines = 50;
    await Promise.all(
      Array.from({ length: callers }, async (_, c) => {
        for (let i = 0; i < lines; i++)
          await ok(service.appendProgress(BASE, "Guy-Wilson", `caller ${c} line ${i}`));
      }),
    );
    const { progress } = await ok(service.getClientRun(BASE, "Guy-Wilson"));
    expect(progress).toHaveLength(callers * lines);
    for (let c = 0; c < callers; c++) {
      const mine = progress
        .filter((l) => l.message.startsWith(`caller ${c} `))
        .map((l) => l.message);
      expect(mine).toEqual(Array.from({ length: lines }, (_, i) => `caller ${c} line ${i}`));
    }
    // The callers really interleaved: the log is not one caller's block after another's.
    expect(progress[1]?.message.startsWith("caller 0 ")).toBe(false);
  });

  it("appends a line sent twice with one idempotency key once", async () => {
    const { service } = await withClientRun();
    const [a, b] = await Promise.all([
      ok(service.appendProgress(BASE, "Guy-Wilson", "harvest done", { idempotencyKey: "p1" })),
      ok(service.appendProgress(BASE, "Guy-Wilson", "harvest done", { idempotencyKey: "p1" })),
    ]);
    expect([a.applied, b.applied].sort()).toEqual([false, true]);
    expect((await ok(service.getClientRun(BASE, "Guy-Wilson"))).progress).toHaveLength(1);
  });

  it("refuses empty or non-string messages", async () => {
    const { service } = await withClientRun();
    for (const message of ["", "   ", 42, null, undefined, { m: 1 }]) {
      expect((await fail(service.appendProgress(BASE, "Guy-Wilson", message as never))).type).toBe(
        "invalid-argument",
      );
    }
  });
});
