import { describe, expect, it } from "vitest";
import { BASE, fail, ok, serviceFixture, T0 } from "./support/service-fixture.js";

const APIFY_RUN = "8MSTBAfqMzuXPvgB3";

const withClientRuns = async () => {
  const fixture = serviceFixture();
  await ok(fixture.service.startJob({ runId: BASE }));
  await ok(
    fixture.service.startClientRun({
      runId: BASE,
      clientId: "Guy-Wilson",
      operations: ["post_harvesting"],
    }),
  );
  await ok(fixture.service.startClientRun({ runId: BASE, clientId: "Dean-Hobin" }));
  return fixture;
};

describe("linkExternalRun and resolveExternalRun", () => {
  it("let a provider's webhook find its client run and write to it", async () => {
    const { service } = await withClientRuns();
    const link = await ok(
      service.linkExternalRun({
        provider: "apify",
        externalId: APIFY_RUN,
        runId: BASE,
        clientId: "Guy-Wilson",
      }),
    );
    expect(link).toEqual({
      provider: "apify",
      externalId: APIFY_RUN,
      runId: BASE,
      clientId: "Guy-Wilson",
      clientRunId: `${BASE}-Guy-Wilson`,
      linkedAt: T0,
    });
    // The webhook knows only the provider's run ID; it never mints a run ID of its own.
    const found = await ok(service.resolveExternalRun("apify", APIFY_RUN));
    await ok(
      service.recordMetrics(
        found.clientRunId,
        found.clientId,
        { apify_cost: 0.375 },
        { idempotencyKey: `apify:${APIFY_RUN}` },
      ),
    );
    await ok(
      service.recordMetrics(
        found.clientRunId,
        found.clientId,
        { apify_cost: 0.375 },
        { idempotencyKey: `apify:${APIFY_RUN}` },
      ),
    );
    await ok(
      service.completeOperation(found.runId, found.clientId, "post_harvesting", {
        status: "completed",
      }),
    );
    const run = await ok(service.getClientRun(BASE, "Guy-Wilson"));
    expect(run).toMatchObject({ status: "completed", metrics: { apify_cost: 0.375 } });
    expect((await ok(service.getClientRun(BASE, "Dean-Hobin"))).metrics).toEqual({});
  });

  it("linking again to the same run is a no-op; to another run it is conflict", async () => {
    const { service, clock } = await withClientRuns();
    const input = { provider: "apify", externalId: APIFY_RUN, runId: BASE, clientId: "Guy-Wilson" };
    const first = await ok(service.linkExternalRun(input));
    clock.advance(10);
    expect(await ok(service.linkExternalRun({ ...input, runId: `${BASE}-Guy-Wilson` }))).toEqual(
      first,
    );
    const other = await fail(service.linkExternalRun({ ...input, clientId: "Dean-Hobin" }));
    expect(other).toMatchObject({ type: "conflict", existing: { clientId: "Guy-Wilson" } });
  });

  it("keeps providers apart", async () => {
    const { service } = await withClientRuns();
    await ok(
      service.linkExternalRun({
        provider: "apify",
        externalId: "X1",
        runId: BASE,
        clientId: "Guy-Wilson",
      }),
    );
    await ok(
      service.linkExternalRun({
        provider: "phantom",
        externalId: "X1",
        runId: BASE,
        clientId: "Dean-Hobin",
      }),
    );
    expect((await ok(service.resolveExternalRun("phantom", "X1"))).clientId).toBe("Dean-Hobin");
    expect((await ok(service.resolveExternalRun("apify", "X1"))).clientId).toBe("Guy-Wilson");
  });

  it("is not-found for an unknown provider run or client run", async () => {
    const { service } = await withClientRuns();
    expect((await fail(service.resolveExternalRun("apify", "nope"))).type).toBe("not-found");
    const missing = await fail(
      service.linkExternalRun({
        provider: "apify",
        externalId: APIFY_RUN,
        runId: BASE,
        clientId: "Wilson",
      }),
    );
    expect(missing.type).toBe("not-found");
  });

  it("refuses bad provider names and external IDs", async () => {
    const { service } = await withClientRuns();
    for (const [provider, externalId] of [
      ["", "x"],
      ["apify", ""],
      ["apify", " x "],
      [1, "x"],
      ["apify", null],
      ["a b", "x"],
    ]) {
      expect(
        (await fail(service.resolveExternalRun(provider as never, externalId as never))).type,
      ).toBe("invalid-argument");
    }
  });
});
