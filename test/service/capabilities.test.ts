import { describe, expect, it } from "vitest";
import type { BaseRunId, ClientId } from "../../src/run-id/brand.js";
import type { ClientRunRecord } from "../../src/store/records.js";
import { newClientRun } from "../../src/testing/fixtures.js";
import { racyStore } from "./support/racy-store.js";
import { BASE, fail, ok, serviceFixture, T0 } from "./support/service-fixture.js";

const base = BASE as BaseRunId;
const guy = "Guy-Wilson" as ClientId;

const record = (token: string): ClientRunRecord => newClientRun(base, guy, token);

describe("a store without atomic create, atomic update, conditional update or idempotent changes", () => {
  it("really races when called directly (the hazard the service must remove)", async () => {
    const store = racyStore();
    const created = await Promise.all(
      Array.from({ length: 50 }, (_, i) => ok(store.createClientRun(record(`c${i}`)))),
    );
    expect(new Set(created.map((r) => r.creationToken)).size).toBeGreaterThan(1);
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        ok(store.updateClientRun(base, guy, { token: `u${i}`, at: T0, increments: { n: 1 } })),
      ),
    );
    expect((await ok(store.getClientRun(base, guy)))?.metrics.n).toBeLessThan(50);
  });

  it("through the service: 1,000 racing starts give one record and one created: true", async () => {
    const { service, store } = serviceFixture(racyStore());
    await ok(service.startJob({ runId: BASE }));
    const results = await Promise.all(
      Array.from({ length: 1000 }, () =>
        ok(service.startClientRun({ runId: BASE, clientId: "Guy-Wilson" })),
      ),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.run.creationToken)).size).toBe(1);
    expect(await ok(store.listClientRuns(base))).toHaveLength(1);
  });

  it("through the service: no increment or progress line is lost", async () => {
    const { service } = serviceFixture(racyStore());
    await ok(service.startJob({ runId: BASE }));
    await ok(service.startClientRun({ runId: BASE, clientId: "Guy-Wilson" }));
    await Promise.all([
      ...Array.from({ length: 300 }, () => ok(service.recordMetrics(BASE, "Guy-Wilson", { n: 1 }))),
      ...Array.from({ length: 100 }, (_, i) =>
        ok(service.appendProgress(BASE, "Guy-Wilson", `line ${i}`)),
      ),
    ]);
    const run = await ok(service.getClientRun(BASE, "Guy-Wilson"));
    expect(run.metrics).toEqual({ n: 300 });
    expect(run.progress).toHaveLength(100);
  });

  it("through the service: the status is checked before writing, so fencing holds", async () => {
    const { service } = serviceFixture(racyStore());
    await ok(service.startJob({ runId: BASE }));
    await ok(
      service.startClientRun({ runId: BASE, clientId: "Guy-Wilson", operations: ["a", "b"] }),
    );
    await ok(service.sealJob(BASE));
    // Both completions race; the emulated conditional update lets exactly one roll-up through.
    await Promise.all([
      ok(service.completeOperation(BASE, "Guy-Wilson", "a", { status: "completed" })),
      ok(service.completeOperation(BASE, "Guy-Wilson", "b", { status: "failed" })),
    ]);
    const run = await ok(service.getClientRun(BASE, "Guy-Wilson"));
    expect(run.status).toBe("completed_with_errors");
    expect((await ok(service.getJob(BASE))).status).toBe("completed_with_errors");
    expect((await fail(service.recordMetrics(BASE, "Guy-Wilson", { n: 1 }))).type).toBe(
      "run-terminal",
    );
  });
});
