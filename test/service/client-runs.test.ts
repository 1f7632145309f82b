import { describe, expect, it } from "vitest";
import { BASE, fail, ok, serviceFixture, T0 } from "./support/service-fixture.js";

const started = async () => {
  const fixture = serviceFixture();
  await ok(fixture.service.startJob({ runId: BASE }));
  return fixture;
};

describe("startClientRun", () => {
  it("creates one client run with declared operations", async () => {
    const { service } = await started();
    const { run, created } = await ok(
      service.startClientRun({
        runId: BASE,
        clientId: "Guy-Wilson",
        clientName: "Guy Wilson",
        operations: ["lead_scoring", "post_scoring", "lead_scoring"],
      }),
    );
    expect(created).toBe(true);
    expect(run).toMatchObject({
      runId: `${BASE}-Guy-Wilson`,
      baseRunId: BASE,
      clientId: "Guy-Wilson",
      clientName: "Guy Wilson",
      status: "running",
      metrics: {},
      progress: [],
      startedAt: T0,
      lastActivityAt: T0,
    });
    expect(run.operations).toEqual({
      lead_scoring: { status: "declared" },
      post_scoring: { status: "declared" },
    });
  });

  it("1,000 concurrent calls give exactly one record and exactly one created: true", async () => {
    const { service, store } = await started();
    const results = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        ok(
          service.startClientRun({
            runId: i % 3 === 0 ? `${BASE}-Guy-Wilson` : i % 3 === 1 ? BASE : ` ${BASE}:Guy-Wilson`,
            clientId: "Guy-Wilson",
          }),
        ),
      ),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.run.creationToken)).size).toBe(1);
    const listed = await ok(store.listClientRuns(BASE as never));
    expect(listed).toHaveLength(1);
  });

  it("keeps clients apart even when one ID is a hyphenated tail of another", async () => {
    const { service } = await started();
    await ok(service.startClientRun({ runId: BASE, clientId: "Guy-Wilson" }));
    const tail = await ok(service.startClientRun({ runId: BASE, clientId: "Wilson" }));
    expect(tail.created).toBe(true);
    expect(tail.run.runId).toBe(`${BASE}-Wilson`);
    expect((await ok(service.listClientRuns(BASE))).map((r) => r.clientId).sort()).toEqual([
      "Guy-Wilson",
      "Wilson",
    ]);
  });

  it("refuses a client run ID naming another client with client-mismatch", async () => {
    const { service } = await started();
    const error = await fail(
      service.startClientRun({ runId: `${BASE}-Guy-Wilson`, clientId: "Wilson" }),
    );
    expect(error).toMatchObject({
      type: "client-mismatch",
      expected: "Wilson",
      actual: "Guy-Wilson",
    });
    const nested = await fail(
      service.startClientRun({
        runId: `${BASE}-batch-all-clients-Guy-Wilson`,
        clientId: "Guy-Wilson",
      }),
    );
    expect(nested).toMatchObject({ type: "invalid-run-id", error: { type: "malformed" } });
    expect(await ok(service.listClientRuns(BASE))).toEqual([]);
    const doubled = await ok(
      service.startClientRun({ runId: `${BASE}-Guy-Wilson-Guy-Wilson`, clientId: "Guy-Wilson" }),
    );
    expect(doubled.run.runId).toBe(`${BASE}-Guy-Wilson`);
    expect(await ok(service.listClientRuns(BASE))).toHaveLength(1);
  });

  it("takes the client from the client run ID when no client ID is given", async () => {
    const { service } = await started();
    const { run } = await ok(service.startClientRun({ runId: `${BASE}-Dean-Hobin` } as never));
    expect(run.clientId).toBe("Dean-Hobin");
    const missing = await fail(service.startClientRun({ runId: BASE } as never));
    expect(missing).toMatchObject({ type: "invalid-argument", field: "clientId" });
  });

  it("is not-found without its job", async () => {
    const { service } = serviceFixture();
    const error = await fail(service.startClientRun({ runId: BASE, clientId: "Guy-Wilson" }));
    expect(error.type).toBe("not-found");
  });

  it("is conflict for a different client name or an undeclared operation", async () => {
    const { service } = await started();
    await ok(
      service.startClientRun({
        runId: BASE,
        clientId: "Guy-Wilson",
        clientName: "Guy",
        operations: ["lead_scoring"],
      }),
    );
    const name = await fail(
      service.startClientRun({ runId: BASE, clientId: "Guy-Wilson", clientName: "Other" }),
    );
    expect(name.type).toBe("conflict");
    const ops = await fail(
      service.startClientRun({ runId: BASE, clientId: "Guy-Wilson", operations: ["post_scoring"] }),
    );
    expect(ops.type).toBe("conflict");
    const same = await ok(
      service.startClientRun({ runId: BASE, clientId: "Guy-Wilson", operations: ["lead_scoring"] }),
    );
    expect(same.created).toBe(false);
  });

  it("answers a repeated start after the job ended, but fences a new client run off", async () => {
    const { service } = await started();
    await ok(service.startClientRun({ runId: BASE, clientId: "Guy-Wilson" }));
    await ok(service.completeJob(BASE, { status: "completed" }));
    const again = await ok(service.startClientRun({ runId: BASE, clientId: "Guy-Wilson" }));
    expect(again.created).toBe(false);
    const late = await fail(service.startClientRun({ runId: BASE, clientId: "Dean-Hobin" }));
    expect(late).toMatchObject({ type: "run-terminal", status: "completed" });
  });
});

describe("getClientRun and listClientRuns", () => {
  it("read back what was started, by base or client run ID", async () => {
    const { service } = await started();
    await ok(service.startClientRun({ runId: BASE, clientId: "Guy-Wilson" }));
    const byBase = await ok(service.getClientRun(BASE, "Guy-Wilson"));
    const byClient = await ok(service.getClientRun(`${BASE}-Guy-Wilson`, "Guy-Wilson"));
    expect(byClient).toEqual(byBase);
    expect(await ok(service.listClientRuns(`${BASE}-Guy-Wilson`))).toEqual([byBase]);
  });

  it("never returns another client's record", async () => {
    const { service } = await started();
    await ok(service.startClientRun({ runId: BASE, clientId: "Guy-Wilson" }));
    expect((await fail(service.getClientRun(BASE, "Wilson"))).type).toBe("not-found");
    expect((await fail(service.getClientRun(BASE, "guy-wilson"))).type).toBe("not-found");
    expect((await fail(service.getClientRun(`${BASE}-Guy-Wilson`, "Wilson"))).type).toBe(
      "client-mismatch",
    );
  });

  it("lists nothing for a job without client runs and not-found for no job", async () => {
    const { service } = await started();
    expect(await ok(service.listClientRuns(BASE))).toEqual([]);
    expect((await fail(service.listClientRuns("251007-070458"))).type).toBe("not-found");
  });
});
