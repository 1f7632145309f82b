import { errAsync } from "neverthrow";
import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../../src/memory/memory-store.js";
import { createRunRecordService } from "../../src/service/index.js";
import type { RunRecordStore } from "../../src/store/port.js";
import { runStandardRun } from "../../src/testing/standard-run.js";

const T0 = Date.UTC(2025, 9, 7, 7, 4, 57);

const serviceOver = (store: RunRecordStore = createMemoryStore()) => {
  let t = T0;
  return createRunRecordService({ store, now: () => t++, sleep: () => Promise.resolve() });
};

describe("runStandardRun", () => {
  it("runs DESIGN.md §6 and every total matches what was sent", async () => {
    const result = await runStandardRun(serviceOver());
    expect(result.mismatches).toEqual([]);
    expect(result.matches).toBe(true);
    expect(result.checked).toBe(true);
    expect(result.runId).toBe("251007-070457");
    expect(result.expected).toMatchObject({
      jobStatus: "completed",
      clientRuns: 50,
      progressLines: 50 * 3 * 5,
      statuses: { completed: 50 },
    });
    // 50 clients × 10 sends × 40 profiles; 50 × 10 × 5 submitted for harvesting.
    expect(result.expected.metrics.profiles_examined).toBe(20_000);
    expect(result.expected.metrics.profiles_submitted).toBe(2_500);
    expect(result.actual).toEqual(result.expected);
    expect(result.repeats).toBeGreaterThan(0);
  });

  it("honours its size options", async () => {
    const result = await runStandardRun(serviceOver(), {
      clients: 3,
      increments: 2,
      progressLines: 1,
      retryRate: 0,
    });
    expect(result.matches).toBe(true);
    expect(result.actual).toMatchObject({ clientRuns: 3, progressLines: 9 });
    expect(result.repeats).toBe(0);
  });

  it("rolls mixed outcomes up as the issue's rules say", async () => {
    const result = await runStandardRun(serviceOver(), {
      clients: 6,
      outcome: (c, op) =>
        c % 3 === 0 ? "failed" : c % 3 === 1 && op === "post_scoring" ? "failed" : "completed",
    });
    expect(result.mismatches).toEqual([]);
    expect(result.actual).toMatchObject({
      jobStatus: "completed_with_errors",
      statuses: { failed: 2, completed_with_errors: 2, completed: 2 },
    });
  });

  it("reports a store that loses increments as mismatches (the check can fail)", async () => {
    const memory = createMemoryStore();
    let n = 0;
    const lossy: RunRecordStore = {
      ...memory,
      // Every 50th increment vanishes, the way read-modify-write lost them in the old code.
      updateClientRun: (runId, clientId, change) =>
        change.increments && ++n % 50 === 0
          ? memory.updateClientRun(runId, clientId, { ...change, increments: {} })
          : memory.updateClientRun(runId, clientId, change),
    };
    const result = await runStandardRun(serviceOver(lossy), { clients: 10, retryRate: 0 });
    expect(result.matches).toBe(false);
    expect(result.mismatches.some((m) => m.startsWith("job total"))).toBe(true);
  });

  it("reports failing calls instead of throwing", async () => {
    const memory = createMemoryStore();
    const broken: RunRecordStore = {
      ...memory,
      linkExternalRun: () => errAsync({ type: "rejected", message: "no links here" }),
    };
    const result = await runStandardRun(serviceOver(broken), { clients: 2 });
    expect(result.matches).toBe(false);
    expect(result.mismatches.some((m) => m.includes("no links here"))).toBe(true);
  });

  it("runs without a failed call on a store that forgets ended runs", async () => {
    const store = createMemoryStore({ retainEnded: false });
    const result = await runStandardRun(serviceOver(store), { retryRate: 0, skipCheck: true });
    expect(result.checked).toBe(false);
    expect(result.mismatches).toEqual([]);
    expect(store.snapshot()).toMatchObject({ jobs: [], clientRuns: [], links: [] });
  });
});
