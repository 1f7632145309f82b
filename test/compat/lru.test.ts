import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createLruMap } from "../../src/compat/lru.js";

type Op =
  | { readonly op: "get"; readonly key: number }
  | { readonly op: "peek"; readonly key: number }
  | { readonly op: "set"; readonly key: number; readonly value: number }
  | { readonly op: "delete"; readonly key: number }
  | { readonly op: "clear" };

const keyArb = fc.integer({ min: 0, max: 7 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant("get" as const), key: keyArb }),
  fc.record({ op: fc.constant("peek" as const), key: keyArb }),
  fc.record({ op: fc.constant("set" as const), key: keyArb, value: fc.integer() }),
  fc.record({ op: fc.constant("delete" as const), key: keyArb }),
  fc.record({ op: fc.constant("clear" as const) }),
);

describe("createLruMap", () => {
  it("evicts the least recently used entry and reports it", () => {
    const evicted: [string, number][] = [];
    const lru = createLruMap<string, number>({
      capacity: 2,
      onEvict: (k, v) => evicted.push([k, v]),
    });
    lru.set("a", 1);
    lru.set("b", 2);
    expect(lru.get("a")).toBe(1); // a is now the most recent
    lru.set("c", 3);
    expect(evicted).toEqual([["b", 2]]);
    expect(lru.peek("b")).toBeUndefined();
    expect(lru.peek("a")).toBe(1);
    expect(lru.size).toBe(2);
    expect(lru.capacity).toBe(2);
  });

  it("peek does not refresh recency; set of an existing key does", () => {
    const lru = createLruMap<string, number>({ capacity: 2 });
    lru.set("a", 1);
    lru.set("b", 2);
    expect(lru.peek("a")).toBe(1);
    lru.set("c", 3); // a was not refreshed by peek
    expect(lru.peek("a")).toBeUndefined();
    lru.set("b", 20); // refresh b
    lru.set("d", 4);
    expect(lru.peek("c")).toBeUndefined();
    expect(lru.peek("b")).toBe(20);
  });

  it("delete and clear never call onEvict; clear returns the count", () => {
    let evictions = 0;
    const lru = createLruMap<string, number>({ capacity: 3, onEvict: () => evictions++ });
    lru.set("a", 1);
    lru.set("b", 2);
    expect(lru.delete("a")).toBe(true);
    expect(lru.delete("a")).toBe(false);
    expect(lru.clear()).toBe(1);
    expect(lru.size).toBe(0);
    expect(evictions).toBe(0);
  });

  it("behaves like a naive recency-list model for any sequence of operations", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(opArb, { maxLength: 60 }),
        (capacity, ops) => {
          const evicted: number[] = [];
          const lru = createLruMap<number, number>({ capacity, onEvict: (k) => evicted.push(k) });
          let model: [number, number][] = []; // oldest first
          const modelEvicted: number[] = [];
          for (const step of ops) {
            const at = (k: number) => model.findIndex(([key]) => key === k);
            switch (step.op) {
              case "get": {
                const i = at(step.key);
                const entry = model[i];
                expect(lru.get(step.key)).toBe(entry?.[1]);
                if (entry !== undefined) model = [...model.filter((_, j) => j !== i), entry];
                break;
              }
              case "peek":
                expect(lru.peek(step.key)).toBe(model[at(step.key)]?.[1]);
                break;
              case "set":
                lru.set(step.key, step.value);
                model = [...model.filter(([k]) => k !== step.key), [step.key, step.value]];
                while (model.length > capacity) modelEvicted.push(model.shift()![0]);
                break;
              case "delete":
                expect(lru.delete(step.key)).toBe(at(step.key) >= 0);
                model = model.filter(([k]) => k !== step.key);
                break;
              case "clear":
                expect(lru.clear()).toBe(model.length);
                model = [];
                break;
            }
            expect(lru.size).toBe(model.length);
            expect(lru.size).toBeLessThanOrEqual(capacity);
          }
          expect(evicted).toEqual(modelEvicted);
          for (const [k, v] of model) expect(lru.peek(k)).toBe(v);
        },
      ),
    );
  });
});
