import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { compareEvents, type StoredEvent } from "../../src/airtable/event-codec.js";
import { encodeKey } from "../../src/airtable/record-key.js";
import { Replica } from "../../src/airtable/replica.js";
import { baseId, newJob } from "../../src/testing/fixtures.js";

const job = baseId("251007-070457");
const key = { kind: "job" as const, runId: job };

const event = (
  id: string,
  seq: number | undefined,
  createdTime = "2025-10-07T07:04:57.000Z",
  token = id,
): StoredEvent => ({
  id,
  createdTime,
  seq,
  key,
  keyText: encodeKey(key),
  token,
  ops: [{ t: "create", token, record: newJob(job, token) }],
});

const anyEvent = fc
  .record({
    id: fc.stringMatching(/^rec[A-Za-z0-9]{3}$/),
    seq: fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }),
    second: fc.integer({ min: 0, max: 3 }),
  })
  .map(({ id, seq, second }) =>
    event(id, seq, new Date(Date.UTC(2025, 9, 7, 7, 4, 57 + second)).toISOString()),
  );

describe("compareEvents", () => {
  test("orders by Seq, not by createdTime or record ID", () => {
    const early = event("recZZZ", 1, "2025-10-07T07:04:58.000Z");
    const late = event("recAAA", 2, "2025-10-07T07:04:57.000Z");
    expect([late, early].sort(compareEvents)).toEqual([early, late]);
  });

  test("without Seq falls back to createdTime, then record ID; those come before numbered ones", () => {
    const sorted = [
      event("recB", 1),
      event("recZ", undefined, "2025-10-07T07:04:56.000Z"),
      event("recC", undefined),
      event("recA", undefined),
    ].sort(compareEvents);
    expect(sorted.map((e) => e.id)).toEqual(["recZ", "recA", "recC", "recB"]);
  });

  test.prop([anyEvent, anyEvent, anyEvent])(
    "is a total order: antisymmetric and transitive, with or without Seq",
    (a, b, c) => {
      expect(Math.sign(compareEvents(a, b))).toBe(-Math.sign(compareEvents(b, a)) || 0);
      if (compareEvents(a, b) <= 0 && compareEvents(b, c) <= 0) {
        expect(compareEvents(a, c)).toBeLessThanOrEqual(0);
      }
    },
  );
});

describe("Replica.absorb", () => {
  test("a copy read before the base had Seq is replaced by a numbered one, and the fold follows it", () => {
    const replica = new Replica();
    const all = () => true;
    // Without Seq the fold can only guess: recA sorts first, so token "second" wins.
    replica.absorb(
      [event("recZ", undefined, undefined, "first"), event("recA", undefined, undefined, "second")],
      all,
    );
    expect(replica.held.get(encodeKey(key))?.confirmed.record?.creationToken).toBe("second");
    replica.absorb(
      [event("recZ", 1, undefined, "first"), event("recA", 2, undefined, "second")],
      all,
    );
    const held = replica.held.get(encodeKey(key));
    expect(held?.events.map((e) => e.seq)).toEqual([1, 2]);
    expect(held?.confirmed.record?.creationToken).toBe("first");
  });
});
