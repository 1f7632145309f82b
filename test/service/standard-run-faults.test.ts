import { describe, expect, it } from "vitest";
import { createRunRecordService } from "../../src/service/index.js";
import { createMemoryStore } from "../../src/store/memory-store.js";
import { createFaultyStore } from "../../src/testing/faulty-store.js";
import { createSeededRandom } from "../../src/testing/seeded-random.js";
import { runStandardRun } from "../../src/testing/standard-run.js";

describe("standard run with 30% injected faults", () => {
  it("ends with one record per key, exact totals and no key applied twice", async () => {
    let t = Date.UTC(2025, 9, 7, 7, 4, 57);
    const memory = createMemoryStore();
    const store = createFaultyStore(memory, { failRate: 0.3, failAfterWriteRate: 0.2, seed: 7 });
    const service = createRunRecordService({
      store,
      now: () => t++,
      retry: { attempts: 8, baseDelayMs: 1, maxDelayMs: 4 },
      sleep: async () => {},
      random: createSeededRandom(3),
    });
    const result = await runStandardRun(service, { seed: 11 });
    expect(result.mismatches).toEqual([]);
    expect(store.stats.injectedFailures).toBeGreaterThan(100);
    expect(store.stats.unknownOutcomes).toBeGreaterThan(50);
  });
});
