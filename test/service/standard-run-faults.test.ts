import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../../src/memory/memory-store.js";
import { createRunRecordService } from "../../src/service/index.js";
import { createFaultyStore } from "../../src/testing/faulty-store.js";
import { createSeededRandom } from "../../src/testing/seeded-random.js";
import { runStandardRun } from "../../src/testing/standard-run.js";
import { T0 } from "./support/service-fixture.js";

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("the standard run with 30% injected faults", () => {
  it.each([1, 2, 3])(
    "seed %i: one record per key, exact totals, no idempotency key applied twice",
    async (seed) => {
      let t = T0;
      const memory = createMemoryStore();
      const store = createFaultyStore(memory, {
        failRate: 0.3,
        failAfterWriteRate: 0.2,
        seed,
        // Small random delays reorder the calls; the sleep is injected, so no wall clock is involved.
        delayMs: (call) => call.index % 3,
        sleep: async (ms) => {
          for (let i = 0; i < ms; i++) await tick();
        },
      });
      const service = createRunRecordService({
        store,
        now: () => t++,
        retry: { attempts: 6, baseDelayMs: 1, maxDelayMs: 8 },
        sleep: tick,
        random: createSeededRandom(seed + 100),
      });
      const result = await runStandardRun(service, { seed, retryRate: 0.3 });

      expect(result.mismatches).toEqual([]);
      expect(result.matches).toBe(true);
      expect(result.repeats).toBeGreaterThan(100);
      // The faults really happened, including writes applied but answered as failures.
      expect(store.stats.injectedFailures).toBeGreaterThan(500);
      expect(store.stats.unknownOutcomes).toBeGreaterThan(100);

      const snapshot = memory.snapshot();
      expect(snapshot.jobs.map((e) => e.record.runId)).toEqual([result.runId]);
      expect(snapshot.clientRuns).toHaveLength(50);
      expect(new Set(snapshot.clientRuns.map((e) => e.record.clientId)).size).toBe(50);
      expect(snapshot.links).toHaveLength(50);
      // Every progress line sent (some of them twice) is in the log exactly once.
      for (const { record } of snapshot.clientRuns) {
        const messages = record.progress.map((line) => line.message);
        expect(new Set(messages).size).toBe(messages.length);
        expect(messages).toHaveLength(15);
      }
      expect(result.actual).toEqual(result.expected);
    },
  );
});
