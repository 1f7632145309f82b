import { err, ok as okResult } from "neverthrow";
import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../../src/memory/memory-store.js";
import type { BaseRunId } from "../../src/run-id/brand.js";
import { createRunIdGenerator } from "../../src/run-id/index.js";
import { BASE, fail, ok, serviceFixture, T0 } from "./support/service-fixture.js";

describe("startJob", () => {
  it("generates a run ID from the injected clock when none is given", async () => {
    const { service } = serviceFixture();
    const { job, created } = await ok(service.startJob({ stream: 2, notes: "nightly" }));
    expect(created).toBe(true);
    expect(job).toMatchObject({ runId: BASE, status: "running", stream: 2, sealed: false });
    expect(job.notes).toEqual(["nightly"]);
    expect(job.startedAt).toBe(T0);
    expect(job.lastActivityAt).toBe(T0);
  });

  it("starts with no input at all", async () => {
    const { service } = serviceFixture();
    expect((await ok(service.startJob())).created).toBe(true);
  });

  it("returns the existing job for the same run ID and payload, and says so", async () => {
    const { service } = serviceFixture();
    const first = await ok(service.startJob({ runId: BASE, stream: 1, notes: ["a"] }));
    const again = await ok(service.startJob({ runId: BASE, stream: 1, notes: ["a"] }));
    expect([first.created, again.created]).toEqual([true, false]);
    expect(again.job).toEqual(first.job);
  });

  it("accepts the client run ID and lenient forms of the same job", async () => {
    const { service } = serviceFixture();
    await ok(service.startJob({ runId: BASE }));
    for (const form of [` ${BASE}\n`, `${BASE}.0`, `${BASE}-Guy-Wilson`, `${BASE}:Guy-Wilson`]) {
      const again = await ok(service.startJob({ runId: form }));
      expect(again).toMatchObject({ created: false, job: { runId: BASE } });
    }
  });

  it("refuses a different payload under an existing run ID with conflict", async () => {
    const { service } = serviceFixture();
    await ok(service.startJob({ runId: BASE, stream: 1 }));
    const error = await fail(service.startJob({ runId: BASE, stream: 2 }));
    expect(error).toMatchObject({ type: "conflict", existing: { runId: BASE, stream: 1 } });
    const notes = await fail(service.startJob({ runId: BASE, stream: 1, notes: "other" }));
    expect(notes.type).toBe("conflict");
  });

  it("takes the generator's next ID when the generated one is already taken", async () => {
    const { service } = serviceFixture();
    await ok(service.startJob({ runId: BASE }));
    await ok(service.startJob({ runId: "251007-070458" }));
    const { job, created } = await ok(service.startJob());
    expect(created).toBe(true);
    expect(job.runId).toBe("251007-070459");
  });

  it("gives up with conflict when every generated ID is taken", async () => {
    const taken = okResult(BASE as BaseRunId);
    const { service } = serviceFixture(createMemoryStore(), {
      generator: { next: () => taken },
      maxGeneratedIdCollisions: 3,
    });
    await ok(service.startJob());
    expect((await fail(service.startJob())).type).toBe("conflict");
  });

  it("wraps a generator error as invalid-run-id", async () => {
    const { service } = serviceFixture(createMemoryStore(), {
      generator: {
        next: () => err({ type: "generator-ahead", input: 0, message: "too far ahead" } as const),
      },
    });
    const error = await fail(service.startJob());
    expect(error).toMatchObject({ type: "invalid-run-id", error: { type: "generator-ahead" } });
  });

  it("mints distinct IDs for concurrent starts without a run ID", async () => {
    const generator = createRunIdGenerator({ now: () => T0 });
    const { service } = serviceFixture(createMemoryStore(), { generator });
    const jobs = await Promise.all(Array.from({ length: 100 }, () => ok(service.startJob())));
    expect(new Set(jobs.map((j) => j.job.runId)).size).toBe(100);
    expect(jobs.every((j) => j.created)).toBe(true);
  });

  it("refuses legacy shapes and placeholders with the run ID core's error", async () => {
    const { service } = serviceFixture();
    const legacy = await fail(service.startJob({ runId: "SR-250924-001-T3304-S1" }));
    expect(legacy).toMatchObject({ type: "invalid-run-id", error: { type: "legacy-format" } });
    expect(legacy.type === "invalid-run-id" && legacy.cause).toBe(
      legacy.type === "invalid-run-id" && legacy.error,
    );
    const placeholder = await fail(service.startJob({ runId: "UNKNOWN" }));
    expect(placeholder).toMatchObject({ type: "invalid-run-id", error: { type: "placeholder" } });
    const month13 = await fail(service.startJob({ runId: "251399-256199" }));
    expect(month13.type).toBe("invalid-run-id");
  });
});
