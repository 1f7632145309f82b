import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRecordCache, DEFAULT_RECORD_CACHE_CAPACITY } from "../../src/compat/record-cache.js";
import { recordKeyOf } from "../../src/compat/record-key.js";
import type { BaseRunId, ClientId } from "../../src/run-id/index.js";

// Test-only brand casts: these literals are canonical (checked in the recordKeyOf tests).
const base = (s: string) => s as BaseRunId;
const client = (s: string) => s as ClientId;

describe("createRecordCache", () => {
  it("defaults to 10,000 entries", () => {
    const cache = createRecordCache()._unsafeUnwrap();
    expect(DEFAULT_RECORD_CACHE_CAPACITY).toBe(10_000);
    expect(cache.capacity).toBe(10_000);
  });

  it("refuses a capacity that is not a positive safe integer, as a value", () => {
    for (const capacity of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60]) {
      const created = createRecordCache({ capacity });
      expect(created.isErr()).toBe(true);
      expect(created._unsafeUnwrapErr()).toMatchObject({
        type: "invalid-capacity",
        input: capacity,
      });
    }
    const wrongType = createRecordCache({ capacity: "5" as unknown as number });
    expect(wrongType._unsafeUnwrapErr().type).toBe("invalid-capacity");
  });

  it("keys on the pair: the same text split differently is two entries", () => {
    const cache = createRecordCache({ capacity: 10 })._unsafeUnwrap();
    cache.set(base("251007-070457"), client("Guy-Wilson"), "recGW");
    cache.set(base("251007-070457"), client("Wilson"), "recW");
    expect(cache.get(base("251007-070457"), client("Guy-Wilson"))).toBe("recGW");
    expect(cache.get(base("251007-070457"), client("Wilson"))).toBe("recW");
    expect(cache.get(base("251007-070458"), client("Guy-Wilson"))).toBeUndefined();
    expect(cache.size).toBe(2);
  });

  it("deleteRun removes that run's entries only, and eviction keeps the run index right", () => {
    const cache = createRecordCache({ capacity: 3 })._unsafeUnwrap();
    cache.set(base("251007-070457"), client("A"), "1");
    cache.set(base("251007-070457"), client("B"), "2");
    cache.set(base("251007-070458"), client("A"), "3");
    cache.set(base("251007-070459"), client("A"), "4"); // evicts (…457, A)
    expect(cache.get(base("251007-070457"), client("A"))).toBeUndefined();
    expect(cache.deleteRun(base("251007-070457"))).toBe(1);
    expect(cache.deleteRun(base("251007-070457"))).toBe(0);
    expect(cache.size).toBe(2);
    expect(cache.clear()).toBe(2);
    expect(cache.deleteRun(base("251007-070458"))).toBe(0);
  });

  it("agrees with a Map-of-Maps model under any sequence of sets, gets and run deletions", () => {
    const runArb = fc.constantFrom("251007-070457", "251007-070458", "251007-070459").map(base);
    const clientArb = fc.constantFrom("A", "B", "A-B", "B-A").map(client);
    const opArb = fc.oneof(
      fc.tuple(fc.constant("set" as const), runArb, clientArb, fc.string({ minLength: 1 })),
      fc.tuple(fc.constant("get" as const), runArb, clientArb),
      fc.tuple(fc.constant("deleteRun" as const), runArb),
    );
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 80 }), (ops) => {
        // Capacity above the number of distinct pairs, so the model needs no eviction.
        const cache = createRecordCache({ capacity: 12 })._unsafeUnwrap();
        const model = new Map<string, Map<string, string>>();
        for (const op of ops) {
          if (op[0] === "set") {
            const [, run, who, record] = op;
            cache.set(run, who, record);
            model.set(run, new Map(model.get(run)).set(who, record));
          } else if (op[0] === "get") {
            expect(cache.get(op[1], op[2])).toBe(model.get(op[1])?.get(op[2]));
          } else {
            expect(cache.deleteRun(op[1])).toBe(model.get(op[1])?.size ?? 0);
            model.delete(op[1]);
          }
        }
        const total = [...model.values()].reduce((n, m) => n + m.size, 0);
        expect(cache.size).toBe(total);
      }),
    );
  });
});

describe("recordKeyOf", () => {
  it("resolves base IDs with a client and client run IDs of that client to one pair", () => {
    const expected = {
      baseRunId: "251007-070457",
      clientId: "Guy-Wilson",
      clientRunId: "251007-070457-Guy-Wilson",
    };
    for (const runId of [
      "251007-070457",
      "251007-070457-Guy-Wilson",
      "251007-070457:Guy-Wilson",
      " 251007-070457-Guy-Wilson-Guy-Wilson ",
      "251007-070457.0",
    ]) {
      expect(recordKeyOf(runId, "Guy-Wilson")).toEqual(expected);
    }
  });

  it("refuses another client's run ID, legacy shapes and anything invalid", () => {
    const refused: [unknown, unknown][] = [
      ["251007-070457-Guy", "Wilson"],
      ["251007-070457-Guy-Wilson", "Wilson"],
      ["251007-070457-Guy-Wilson", "guy-wilson"],
      ["8MSTBAfqMzuXPvgB3-CGuy-Wilson", "Guy-Wilson"],
      ["SR-250922-001", "Guy-Wilson"],
      ["UNKNOWN", "Guy-Wilson"],
      ["251399-256199", "Guy-Wilson"],
      ["251007-070457", "Guy Wilson"],
      ["251007-070457", ""],
      [42, "Guy-Wilson"],
      ["251007-070457", null],
    ];
    for (const [runId, clientId] of refused) expect(recordKeyOf(runId, clientId)).toBeUndefined();
  });
});
