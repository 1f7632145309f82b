import type { Result } from "neverthrow";
import { describe, expect, it } from "vitest";
import {
  createMemoryStore,
  type MemorySnapshot,
  parseMemorySnapshot,
} from "../../src/memory/index.js";
import { createRunRecordService } from "../../src/service/index.js";

const T0 = Date.UTC(2025, 9, 7, 7, 4, 57);
const BASE = "251007-070457";

// A snapshot the service really wrote: one ended job, one ended and one running client run, a link.
async function serviceSnapshot(): Promise<MemorySnapshot> {
  const store = createMemoryStore();
  let t = T0;
  const service = createRunRecordService({ store, now: () => (t += 1000) });
  const ok = async <T, E>(r: PromiseLike<Result<T, E>>): Promise<T> => (await r)._unsafeUnwrap();
  await ok(service.startJob({ runId: BASE }));
  await ok(
    service.startClientRun({ runId: BASE, clientId: "Guy-Wilson", operations: ["lead_scoring"] }),
  );
  await ok(service.startClientRun({ runId: BASE, clientId: "Dean-Hobin" }));
  await ok(service.recordMetrics(BASE, "Guy-Wilson", { profiles_scored: 40, cost: 0.5 }));
  await ok(
    service.linkExternalRun({
      provider: "apify",
      externalId: "8MSTBAfqMzuXPvgB3",
      runId: BASE,
      clientId: "Guy-Wilson",
    }),
  );
  await ok(service.completeOperation(BASE, "Guy-Wilson", "lead_scoring", { status: "completed" }));
  await ok(service.completeJob(BASE, { status: "completed" }));
  return JSON.parse(JSON.stringify(store.snapshot())) as MemorySnapshot;
}

// Snapshot JSON is edited freely by the cases below, as untrusted input would be.
// biome-ignore lint/suspicious/noExplicitAny: untyped JSON on purpose
type Json = any;
const edit = (snapshot: MemorySnapshot, change: (s: Record<string, Json>) => void): unknown => {
  const copy: Json = JSON.parse(JSON.stringify(snapshot));
  change(copy);
  return copy;
};

describe("parseMemorySnapshot refuses state the service could never produce", () => {
  it("loads what the service wrote", async () => {
    const snapshot = await serviceSnapshot();
    expect(parseMemorySnapshot(JSON.stringify(snapshot)).isOk()).toBe(true);
    expect(snapshot.clientRuns.find((e) => e.record.clientId === "Guy-Wilson")?.record.status).toBe(
      "completed",
    );
  });

  const ended = (s: Record<string, Json>) =>
    s.clientRuns.find((e: Json) => e.record.clientId === "Guy-Wilson").record;
  const endedIndex = (s: MemorySnapshot) =>
    s.clientRuns.findIndex((e) => e.record.clientId === "Guy-Wilson");

  it.each([
    ["an ended client run without endedAt", (s: Json) => delete ended(s).endedAt, "endedAt"],
    ["an ended job without endedAt", (s: Json) => delete s.jobs[0].record.endedAt, "endedAt"],
    [
      "a stale job without endedAt",
      (s: Json) => {
        s.jobs[0].record.status = "stale";
        delete s.jobs[0].record.endedAt;
      },
      "endedAt",
    ],
    [
      "endedAt before startedAt",
      (s: Json) => {
        ended(s).endedAt = ended(s).startedAt - 1;
      },
      "before startedAt",
    ],
    [
      "a job time outside Date's range",
      (s: Json) => {
        s.jobs[0].record.lastActivityAt = 8.64e15 + 1;
      },
      "Date's range",
    ],
    [
      "a progress time outside Date's range",
      (s: Json) => {
        ended(s).progress = [{ at: -1e16, message: "x" }];
      },
      "Date's range",
    ],
    [
      "a link time outside Date's range",
      (s: Json) => {
        s.links[0].linkedAt = 1e300;
      },
      "Date's range",
    ],
    [
      "a metric named __proto__",
      (s: Json) => {
        ended(s).metrics = JSON.parse('{"__proto__": 1}');
      },
      "__proto__",
    ],
    [
      "a metric named constructor",
      (s: Json) => {
        ended(s).metrics.constructor = 1;
      },
      "constructor",
    ],
    [
      "a metric name with a space",
      (s: Json) => {
        ended(s).metrics["leads scored"] = 1;
      },
      "leads scored",
    ],
    [
      "an operation named __proto__",
      (s: Json) => {
        ended(s).operations = JSON.parse('{"__proto__": {"status": "completed"}}');
      },
      "__proto__",
    ],
    [
      "an operation named constructor",
      (s: Json) => {
        ended(s).operations.constructor = { status: "running" };
      },
      "constructor",
    ],
  ])("%s, naming the record", async (_why, change, what) => {
    const snapshot = await serviceSnapshot();
    const error = parseMemorySnapshot(edit(snapshot, change))._unsafeUnwrapErr();
    expect(error.type).toBe("rejected");
    expect(error.message).toContain(what);
    expect(error.message).toMatch(
      /\((job "251007-070457"|client run "251007-070457-Guy-Wilson"|link apify\/8MSTBAfqMzuXPvgB3)\)/,
    );
  });

  it("names the client run by its run ID", async () => {
    const snapshot = await serviceSnapshot();
    const error = parseMemorySnapshot(
      edit(snapshot, (s) => {
        delete s.clientRuns[endedIndex(snapshot)].record.endedAt;
      }),
    )._unsafeUnwrapErr();
    expect(error.message).toContain(`$.clientRuns[${endedIndex(snapshot)}].record.endedAt`);
    expect(error.message).toContain('client run "251007-070457-Guy-Wilson"');
    expect((error as { cause?: unknown }).cause).toMatchObject({
      record: 'client run "251007-070457-Guy-Wilson"',
    });
  });

  it("refuses non-finite numbers given as values (JSON cannot carry them)", async () => {
    const snapshot = await serviceSnapshot();
    for (const bad of [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN]) {
      const value = edit(snapshot, (s) => {
        ended(s).metrics.profiles_scored = 0;
      }) as Json;
      ended(value).metrics.profiles_scored = bad;
      expect(parseMemorySnapshot(value)._unsafeUnwrapErr().message).toContain("finite number");
    }
  });
});
