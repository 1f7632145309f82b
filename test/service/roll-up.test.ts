import { fc, test as fcTest } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../../src/memory/memory-store.js";
import { rollUpClientRuns, rollUpOperations } from "../../src/service/index.js";
import type { OperationOutcome, OperationState, RunStatus } from "../../src/store/records.js";
import { scheduledStore } from "./support/scheduled-store.js";
import { BASE, ok, serviceFixture } from "./support/service-fixture.js";

const ops = (...statuses: OperationState["status"][]) =>
  Object.fromEntries(statuses.map((status, i) => [`op${i}`, { status }]));

describe("rollUpOperations", () => {
  it.each([
    [["completed", "completed", "completed"], "completed"],
    [["completed", "skipped", "completed"], "completed"],
    [["skipped", "skipped"], "no_work"],
    [["skipped"], "no_work"],
    [["completed", "failed", "completed"], "completed_with_errors"],
    [["skipped", "failed"], "completed_with_errors"],
    [["failed", "failed", "failed"], "failed"],
    [["failed"], "failed"],
    [["completed", "running"], undefined],
    [["completed", "declared"], undefined],
    [[], undefined],
  ] as [OperationState["status"][], RunStatus | undefined][])("%j → %s", (statuses, expected) => {
    expect(rollUpOperations(ops(...statuses))).toBe(expected);
  });
});

describe("rollUpClientRuns", () => {
  it.each([
    [["completed", "completed"], "completed"],
    [["completed", "no_work"], "completed"],
    [["no_work", "no_work"], "no_work"],
    [["completed", "failed"], "completed_with_errors"],
    [["completed", "completed_with_errors"], "completed_with_errors"],
    [["completed_with_errors"], "completed_with_errors"],
    [["failed", "failed"], "failed"],
    [["stale", "stale"], "failed"],
    [["completed", "stale"], "completed_with_errors"],
    [["completed", "running"], undefined],
    [[], "no_work"],
  ] as [RunStatus[], RunStatus | undefined][])("%j → %s", (statuses, expected) => {
    expect(rollUpClientRuns(statuses)).toBe(expected);
  });
});

const outcome = fc.constantFrom<OperationOutcome>("completed", "failed", "skipped");

describe("roll-up through the service", () => {
  it.each([
    [["completed", "completed", "completed"], "completed"],
    [["completed", "skipped", "skipped"], "completed"],
    [["skipped", "skipped", "skipped"], "no_work"],
    [["completed", "failed", "skipped"], "completed_with_errors"],
    [["failed", "failed", "failed"], "failed"],
  ] as [OperationOutcome[], RunStatus][])(
    "operations %j end the client run and the sealed job as %s",
    async (outcomes, expected) => {
      const { service } = serviceFixture();
      await ok(service.startJob({ runId: BASE }));
      const names = outcomes.map((_, i) => `op${i}`);
      await ok(service.startClientRun({ runId: BASE, clientId: "Guy-Wilson", operations: names }));
      await ok(service.sealJob(BASE));
      for (const [i, status] of outcomes.entries()) {
        const run = await ok(service.completeOperation(BASE, "Guy-Wilson", `op${i}`, { status }));
        expect(run.status).toBe(i === outcomes.length - 1 ? expected : "running");
      }
      const job = await ok(service.getJob(BASE));
      expect(job.status).toBe(expected);
      expect(job.endedAt).toBeDefined();
    },
  );

  it("waits for operations started after the declared ones", async () => {
    const { service } = serviceFixture();
    await ok(service.startJob({ runId: BASE }));
    await ok(service.startClientRun({ runId: BASE, clientId: "Guy-Wilson", operations: ["a"] }));
    await ok(service.startOperation(BASE, "Guy-Wilson", "extra"));
    expect(
      (await ok(service.completeOperation(BASE, "Guy-Wilson", "a", { status: "completed" })))
        .status,
    ).toBe("running");
    expect(
      (await ok(service.completeOperation(BASE, "Guy-Wilson", "extra", { status: "failed" })))
        .status,
    ).toBe("completed_with_errors");
  });

  it("does not end an unsealed job, and sealing ends it once its client runs have ended", async () => {
    const { service } = serviceFixture();
    await ok(service.startJob({ runId: BASE }));
    await ok(service.startClientRun({ runId: BASE, clientId: "Guy-Wilson", operations: ["a"] }));
    await ok(service.completeOperation(BASE, "Guy-Wilson", "a", { status: "completed" }));
    expect((await ok(service.getJob(BASE))).status).toBe("running");
    const sealed = await ok(service.sealJob(BASE));
    expect(sealed).toMatchObject({ sealed: true, status: "completed" });
    expect(await ok(service.sealJob(BASE))).toMatchObject({ sealed: true, status: "completed" });
  });

  it("ends a sealed job without client runs as no_work", async () => {
    const { service } = serviceFixture();
    await ok(service.startJob({ runId: BASE }));
    expect((await ok(service.sealJob(BASE))).status).toBe("no_work");
  });

  fcTest.prop(
    [
      fc.array(
        fc.tuple(fc.integer({ min: 0, max: 3 }), fc.array(outcome, { minLength: 1, maxLength: 4 })),
        {
          minLength: 1,
          maxLength: 4,
        },
      ),
      fc.scheduler(),
    ],
    { numRuns: 60 },
  )("the final statuses do not depend on how completions interleave", async (clients, s) => {
    let scheduling = false;
    const { service } = serviceFixture(scheduledStore(createMemoryStore(), s, () => scheduling));
    await ok(service.startJob({ runId: BASE }));
    const ids = clients.map((_, c) => `Client-${c}`);
    for (const [c, [, outcomes]] of clients.entries()) {
      const names = outcomes.map((_, i) => `op${i}`);
      await ok(
        service.startClientRun({ runId: BASE, clientId: ids[c] as string, operations: names }),
      );
    }
    // From here on every store call waits for the scheduler, which picks the interleaving.
    scheduling = true;
    const completions = clients.flatMap(([, outcomes], c) =>
      outcomes.map((status, i) =>
        ok(service.completeOperation(BASE, ids[c] as string, `op${i}`, { status })),
      ),
    );
    const seal = ok(service.sealJob(BASE)); // sealing races the completions too
    await s.waitFor(Promise.all([...completions, seal]));
    scheduling = false;

    const expectedClients = clients.map(([, outcomes]) =>
      rollUpOperations(Object.fromEntries(outcomes.map((status, i) => [`op${i}`, { status }]))),
    );
    const runs = await ok(service.listClientRuns(BASE));
    for (const [c, id] of ids.entries()) {
      expect(runs.find((r) => r.clientId === id)?.status).toBe(expectedClients[c]);
    }
    const job = await ok(service.getJob(BASE));
    expect(job.status).toBe(rollUpClientRuns(expectedClients as RunStatus[]));
  });
});
