import { describe, expect, it } from "vitest";
import { createRunRecordService } from "../../src/service/index.js";
import { createMemoryStore } from "../../src/store/memory-store.js";
import { runStandardRun } from "../../src/testing/standard-run.js";

describe("standard run", () => {
  it("matches on the memory store", async () => {
    let t = Date.UTC(2025, 9, 7, 7, 4, 57);
    const service = createRunRecordService({ store: createMemoryStore(), now: () => t++ });
    const result = await runStandardRun(service);
    expect(result.mismatches).toEqual([]);
    expect(result.matches).toBe(true);
  });
});
