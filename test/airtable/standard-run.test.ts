import { describe, expect, it } from "vitest";
import { createRunRecordService } from "../../src/service/index.js";
import { createSeededRandom } from "../../src/testing/seeded-random.js";
import { runStandardRun } from "../../src/testing/standard-run.js";
import { BASE, makeStore, startServer } from "./harness.js";

describe("standard run through the Airtable store", () => {
  it("ends exact, with one row per record and every row's final state written", async () => {
    const server = await startServer();
    let t = Date.UTC(2025, 9, 7, 7, 4, 57);
    const store = makeStore(server, { now: () => t });
    const service = createRunRecordService({
      store,
      now: () => t++,
      sleep: async () => {},
      random: createSeededRandom(3),
    });
    const result = await runStandardRun(service, { seed: 11 });
    expect(result.mismatches).toEqual([]);
    expect((await store.close()).isOk()).toBe(true);
    const runs = server.records(BASE, "Client Run Results");
    const jobs = server.records(BASE, "Job Tracking");
    expect(jobs).toHaveLength(1);
    expect(runs).toHaveLength(50);
    expect(jobs[0]?.fields.Status).toBe("Completed");
    const harvested = runs.reduce((n, r) => n + Number(r.fields["Total Posts Harvested"] ?? 0), 0);
    expect(harvested).toBe(result.expected.metrics.posts_harvested);
    const lines = runs.reduce((n, r) => n + String(r.fields["Progress Log"]).split("\n").length, 0);
    expect(lines).toBe(result.expected.progressLines);
    const byKind: Record<string, number> = {};
    for (const r of server.requests)
      byKind[`${r.table}:${r.kind}`] = (byKind[`${r.table}:${r.kind}`] ?? 0) + 1;
    console.log(server.requests.length, store.requestsSent, byKind);
    await server.close();
  });
});
