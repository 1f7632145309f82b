import { describe, expect, it } from "vitest";
import { createRunRecordService } from "../../src/service/index.js";
import { BASE, fail, ok, serviceFixture, T0 } from "./support/service-fixture.js";

describe("bad options and hostile injected code are values, not throws", () => {
  it("no options, no store or a throwing getter: creating does not throw, every call says why", async () => {
    const hostile = Object.defineProperty({}, "store", {
      get() {
        throw new Error("boom");
      },
    });
    for (const options of [undefined, null, 42, {}, { store: {} }, hostile]) {
      const service = createRunRecordService(options as never);
      const error = await fail(service.getJob(BASE));
      expect(error.type).toBe("invalid-argument");
      expect(error.input).toBe(
        options === hostile || typeof options !== "object" || options === null
          ? options
          : (options as { store: unknown }).store,
      );
    }
  });

  it("a token source that throws a value with a throwing toString gives an error, not a rejection", async () => {
    const thrown = {
      toString() {
        throw new Error("toString boom");
      },
    };
    const { service } = serviceFixture(undefined, {
      tokens: () => {
        throw thrown;
      },
    });
    const error = await fail(service.startJob({ runId: BASE }));
    expect(error.type).toBe("store-rejected");
    expect(error.message).toContain("cannot be described");
  });

  it("a clock beyond what a Date can hold still sweeps and reopens (the notes show the raw number)", async () => {
    const { service, clock } = serviceFixture();
    await ok(service.startJob({ runId: BASE }));
    const far = 9e15;
    clock.set(far);
    const swept = await ok(service.sweepStaleRuns({ olderThanMs: far - T0 - 1 }));
    expect(swept.jobs.map((j) => j.runId)).toEqual([BASE]);
    expect(swept.jobs[0]?.notes.at(-1)).toContain(`${far} ms`);
    const reopened = await ok(service.reopenJob(BASE));
    expect(reopened.status).toBe("running");
    expect(reopened.notes.at(-1)).toBe(`reopened at ${far} ms`);
  });
});

describe("option values a JavaScript caller could get wrong are invalid-argument naming the option", () => {
  it.each([
    ["now", { now: 5 }],
    ["sleep", { sleep: "soon" }],
    ["tokens", { tokens: {} }],
    ["generator", { generator: {} }],
    ["staleAfterMs", { staleAfterMs: Number.NaN }],
    ["retry.attempts", { retry: { attempts: Number.POSITIVE_INFINITY } }],
    ["retry.maxDelayMs", { retry: { maxDelayMs: -1 } }],
  ])("%s", async (field, bad) => {
    const { service } = serviceFixture(undefined, bad as never);
    const error = await fail(service.startJob({ runId: BASE }));
    expect(error.type === "invalid-argument" && error.field).toBe(field);
  });
});
