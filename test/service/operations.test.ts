import { describe, expect, it } from "vitest";
import { BASE, fail, ok, serviceFixture, T0 } from "./support/service-fixture.js";

const withClientRun = async () => {
  const fixture = serviceFixture();
  await ok(fixture.service.startJob({ runId: BASE }));
  await ok(
    fixture.service.startClientRun({
      runId: BASE,
      clientId: "Guy-Wilson",
      operations: ["lead_scoring", "post_harvesting"],
    }),
  );
  return fixture;
};

describe("startOperation", () => {
  it("marks a declared operation running with its start time", async () => {
    const { service, clock } = await withClientRun();
    clock.advance(1000);
    const { run, started } = await ok(service.startOperation(BASE, "Guy-Wilson", "lead_scoring"));
    expect(started).toBe(true);
    expect(run.operations.lead_scoring).toEqual({ status: "running", startedAt: T0 + 1000 });
  });

  it("starts an undeclared operation (a module added later)", async () => {
    const { service } = await withClientRun();
    const { run } = await ok(service.startOperation(BASE, "Guy-Wilson", "post_scoring_v2"));
    expect(run.operations.post_scoring_v2?.status).toBe("running");
  });

  it("leaves a running or ended operation alone when started again", async () => {
    const { service, clock } = await withClientRun();
    await ok(service.startOperation(BASE, "Guy-Wilson", "lead_scoring"));
    clock.advance(5);
    const again = await ok(service.startOperation(BASE, "Guy-Wilson", "lead_scoring"));
    expect(again.started).toBe(false);
    expect(again.run.operations.lead_scoring?.startedAt).toBe(T0);
    await ok(
      service.completeOperation(BASE, "Guy-Wilson", "lead_scoring", { status: "completed" }),
    );
    const late = await ok(service.startOperation(BASE, "Guy-Wilson", "lead_scoring"));
    expect(late.run.operations.lead_scoring?.status).toBe("completed");
  });

  it("is fenced off on an ended client run", async () => {
    const { service } = await withClientRun();
    await ok(service.completeClientRun(BASE, "Guy-Wilson", { status: "failed" }));
    const error = await fail(service.startOperation(BASE, "Guy-Wilson", "post_scoring"));
    expect(error).toMatchObject({ type: "run-terminal", status: "failed" });
  });
});

describe("completeOperation", () => {
  it("ends the operation, adds its metrics and keeps its start time in one write", async () => {
    const { service, clock } = await withClientRun();
    await ok(service.startOperation(BASE, "Guy-Wilson", "lead_scoring"));
    clock.advance(60_000);
    const run = await ok(
      service.completeOperation(BASE, "Guy-Wilson", "lead_scoring", {
        status: "completed",
        metrics: { profiles_scored: 38 },
        notes: "scored",
      }),
    );
    expect(run.operations.lead_scoring).toEqual({
      status: "completed",
      startedAt: T0,
      endedAt: T0 + 60_000,
    });
    expect(run.metrics).toEqual({ profiles_scored: 38 });
    expect(run.notes).toEqual(["scored"]);
    expect(run.status).toBe("running");
  });

  it("does not add metrics twice for a repeated completion with the same key", async () => {
    const { service } = await withClientRun();
    const input = {
      status: "completed",
      metrics: { apify_cost: 0.5 },
      idempotencyKey: "done",
    } as const;
    await Promise.all([
      ok(service.completeOperation(BASE, "Guy-Wilson", "post_harvesting", input)),
      ok(service.completeOperation(BASE, "Guy-Wilson", "post_harvesting", input)),
    ]);
    await ok(
      service.completeOperation(BASE, "Guy-Wilson", "lead_scoring", { status: "completed" }),
    );
    // The run has ended by now; the same key still answers instead of being fenced off.
    const late = await ok(service.completeOperation(BASE, "Guy-Wilson", "post_harvesting", input));
    expect(late.metrics).toEqual({ apify_cost: 0.5 });
    expect(late.status).toBe("completed");
  });

  it("refuses an unknown outcome and bad options", async () => {
    const { service } = await withClientRun();
    for (const input of [
      { status: "done" },
      { status: "running" },
      {},
      null,
      "completed",
      { status: "completed", metrics: { x: "1" } },
    ]) {
      expect(
        (await fail(service.completeOperation(BASE, "Guy-Wilson", "lead_scoring", input as never)))
          .type,
      ).toBe("invalid-argument");
    }
  });
});

describe("completeClientRun and completeJob", () => {
  it("derive the status from what has ended when none is given", async () => {
    const { service } = await withClientRun();
    await ok(service.completeOperation(BASE, "Guy-Wilson", "lead_scoring", { status: "failed" }));
    const run = await ok(service.completeClientRun(BASE, "Guy-Wilson"));
    expect(run.status).toBe("failed");
    const job = await ok(service.completeJob(BASE, { notes: "done by hand" }));
    expect(job).toMatchObject({ status: "failed", notes: ["done by hand"] });
  });

  it("are no-ops when repeated with the same status, run-terminal with another", async () => {
    const { service } = await withClientRun();
    await ok(service.completeClientRun(BASE, "Guy-Wilson", { status: "completed" }));
    expect(
      (await ok(service.completeClientRun(BASE, "Guy-Wilson", { status: "completed" }))).status,
    ).toBe("completed");
    expect(
      (await fail(service.completeClientRun(BASE, "Guy-Wilson", { status: "failed" }))).type,
    ).toBe("run-terminal");
    await ok(service.completeJob(BASE, { status: "completed" }));
    expect((await ok(service.completeJob(BASE, { status: "completed" }))).status).toBe("completed");
    expect((await fail(service.completeJob(BASE, { status: "no_work" }))).type).toBe(
      "run-terminal",
    );
  });

  it("roll a sealed job up when its last client run is completed explicitly", async () => {
    const { service } = await withClientRun();
    await ok(service.sealJob(BASE));
    await ok(service.completeClientRun(BASE, "Guy-Wilson", { status: "no_work" }));
    expect((await ok(service.getJob(BASE))).status).toBe("no_work");
  });

  it("refuse a status that is not an end status", async () => {
    const { service } = await withClientRun();
    for (const status of ["running", "stale", "done", 1]) {
      expect(
        (await fail(service.completeClientRun(BASE, "Guy-Wilson", { status } as never))).type,
      ).toBe("invalid-argument");
      expect((await fail(service.completeJob(BASE, { status } as never))).type).toBe(
        "invalid-argument",
      );
    }
  });
});

describe("getJob and summarizeJob", () => {
  it("total every metric over the job's client runs", async () => {
    const { service } = await withClientRun();
    await ok(
      service.startClientRun({ runId: BASE, clientId: "Dean-Hobin", operations: ["lead_scoring"] }),
    );
    await ok(
      service.recordMetrics(BASE, "Guy-Wilson", { profiles_examined: 40, apify_cost: 0.25 }),
    );
    await ok(service.recordMetrics(BASE, "Dean-Hobin", { profiles_examined: 80 }));
    await ok(service.completeOperation(BASE, "Dean-Hobin", "lead_scoring", { status: "skipped" }));
    const job = await ok(service.getJob(`${BASE}-Dean-Hobin`));
    expect(job.metrics).toEqual({ profiles_examined: 120, apify_cost: 0.25 });
    const summary = await ok(service.summarizeJob(BASE));
    expect(summary.clientRuns).toBe(2);
    expect(summary.clientRunsByStatus).toEqual({ running: 1, no_work: 1 });
    expect(summary.operations).toEqual({
      lead_scoring: { declared: 1, skipped: 1 },
      post_harvesting: { declared: 1 },
    });
  });

  it("are not-found for an unknown job", async () => {
    const { service } = serviceFixture();
    expect((await fail(service.getJob(BASE))).type).toBe("not-found");
    expect((await fail(service.summarizeJob(BASE))).type).toBe("not-found");
  });
});
