import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../../src/memory/memory-store.js";
import { BASE, fail, HOUR, ok, serviceFixture, T0 } from "./support/service-fixture.js";

const twoClients = async () => {
  const fixture = serviceFixture(createMemoryStore(), { staleAfterMs: 2 * HOUR });
  await ok(fixture.service.startJob({ runId: BASE }));
  await ok(fixture.service.startClientRun({ runId: BASE, clientId: "Guy-Wilson" }));
  await ok(fixture.service.startClientRun({ runId: BASE, clientId: "Dean-Hobin" }));
  return fixture;
};

describe("sweepStaleRuns", () => {
  it("marks only records inactive for the threshold, using the start time when nothing was written", async () => {
    const { service, clock } = await twoClients();
    clock.set(T0 + HOUR);
    await ok(service.appendProgress(BASE, "Dean-Hobin", "still going"));
    clock.set(T0 + 2 * HOUR);
    const swept = await ok(service.sweepStaleRuns());
    expect(swept.clientRuns.map((r) => r.clientId)).toEqual(["Guy-Wilson"]);
    expect(swept.jobs).toEqual([]); // Dean-Hobin's activity keeps the job alive
    const stale = await ok(service.getClientRun(BASE, "Guy-Wilson"));
    expect(stale).toMatchObject({ status: "stale", endedAt: T0 + 2 * HOUR });
    expect(stale.notes[0]).toContain("no activity since 2025-10-07T07:04:57.000Z");
    expect((await ok(service.getClientRun(BASE, "Dean-Hobin"))).status).toBe("running");
  });

  it("marks nothing one millisecond before the threshold", async () => {
    const { service, clock } = await twoClients();
    clock.set(T0 + 2 * HOUR - 1);
    expect(await ok(service.sweepStaleRuns())).toEqual({ jobs: [], clientRuns: [] });
  });

  it("marks the job once it and all its client runs are inactive, and only once", async () => {
    const { service, clock } = await twoClients();
    clock.set(T0 + 3 * HOUR);
    const swept = await ok(service.sweepStaleRuns({ olderThanMs: HOUR }));
    expect(swept.jobs.map((j) => j.runId)).toEqual([BASE]);
    expect(swept.clientRuns).toHaveLength(2);
    expect(await ok(service.sweepStaleRuns({ olderThanMs: HOUR }))).toEqual({
      jobs: [],
      clientRuns: [],
    });
  });

  it("leaves ended records alone", async () => {
    const { service, clock } = await twoClients();
    await ok(service.completeClientRun(BASE, "Guy-Wilson", { status: "completed" }));
    clock.set(T0 + 10 * HOUR);
    const swept = await ok(service.sweepStaleRuns());
    expect(swept.clientRuns.map((r) => r.clientId)).toEqual(["Dean-Hobin"]);
    expect((await ok(service.getClientRun(BASE, "Guy-Wilson"))).status).toBe("completed");
  });

  it("fences every write to a stale run until it is reopened", async () => {
    const { service, clock } = await twoClients();
    clock.set(T0 + 5 * HOUR);
    await ok(service.sweepStaleRuns());
    const errors = await Promise.all([
      fail(service.recordMetrics(BASE, "Guy-Wilson", { a: 1 })),
      fail(service.setMetrics(BASE, "Guy-Wilson", { a: 1 })),
      fail(service.appendProgress(BASE, "Guy-Wilson", "late")),
      fail(service.startOperation(BASE, "Guy-Wilson", "lead_scoring")),
      fail(service.completeOperation(BASE, "Guy-Wilson", "lead_scoring", { status: "completed" })),
      fail(service.completeClientRun(BASE, "Guy-Wilson", { status: "completed" })),
      fail(service.startClientRun({ runId: BASE, clientId: "New-Client" })),
      fail(service.sealJob(BASE)),
      fail(service.completeJob(BASE, { status: "completed" })),
    ]);
    for (const error of errors)
      expect(error).toMatchObject({ type: "run-terminal", status: "stale" });
    expect((await ok(service.getClientRun(BASE, "Guy-Wilson"))).metrics).toEqual({});

    clock.advance(1000);
    const job = await ok(service.reopenJob(BASE, { notes: "provider recovered" }));
    expect(job).toMatchObject({ status: "running" });
    expect(job.endedAt).toBeUndefined();
    expect(job.notes.slice(-2)).toEqual([
      `reopened at ${new Date(T0 + 5 * HOUR + 1000).toISOString()}`,
      "provider recovered",
    ]);
    const run = await ok(service.reopenClientRun(BASE, "Guy-Wilson"));
    expect(run.status).toBe("running");
    await ok(service.recordMetrics(BASE, "Guy-Wilson", { a: 1 }));
    expect((await ok(service.getClientRun(BASE, "Guy-Wilson"))).metrics).toEqual({ a: 1 });
    // Dean-Hobin was not reopened: still fenced.
    expect((await fail(service.recordMetrics(BASE, "Dean-Hobin", { a: 1 }))).type).toBe(
      "run-terminal",
    );
  });

  it("reopening a running record changes nothing", async () => {
    const { service } = await twoClients();
    const before = await ok(service.getClientRun(BASE, "Guy-Wilson"));
    expect(await ok(service.reopenClientRun(BASE, "Guy-Wilson"))).toEqual(before);
    expect((await ok(service.reopenJob(BASE))).status).toBe("running");
  });

  it("reopens an ended run too, and it can end again", async () => {
    const { service } = await twoClients();
    await ok(service.completeClientRun(BASE, "Guy-Wilson", { status: "failed" }));
    await ok(service.reopenClientRun(BASE, "Guy-Wilson"));
    expect(
      (await ok(service.completeClientRun(BASE, "Guy-Wilson", { status: "completed" }))).status,
    ).toBe("completed");
  });

  it("refuses a negative or non-numeric threshold", async () => {
    const { service } = await twoClients();
    for (const olderThanMs of [-1, Number.NaN, "1h", null]) {
      expect((await fail(service.sweepStaleRuns({ olderThanMs } as never))).type).toBe(
        "invalid-argument",
      );
    }
  });
});
