import { okAsync } from "neverthrow";
import { describe, expect, it } from "vitest";
import type { BaseClient } from "../../src/airtable/base-client.js";
import { createCoalescer } from "../../src/airtable/coalescer.js";
import { EventReader } from "../../src/airtable/event-reader.js";
import { defaultAirtableMapping } from "../../src/airtable/mapping.js";
import { encodeKey, jobKey } from "../../src/airtable/record-key.js";
import { Replica } from "../../src/airtable/replica.js";
import { createStoreEngine } from "../../src/airtable/store-engine.js";
import { baseId, newJob } from "../../src/testing/fixtures.js";

const job = baseId("251007-070457");

// A base that answers every request with no rows: this test is about the flush chain, not I/O.
const client: BaseClient = {
  list: () => okAsync([]),
  scan: () => okAsync(undefined),
  create: () => okAsync([]),
  upsert: () => okAsync([]),
  update: () => okAsync([]),
  remove: () => okAsync(undefined),
};

describe("the flush chain", () => {
  it("a defect in one flush is an error answer; the next flush still runs", async () => {
    const replica = new Replica();
    const key = jobKey(job);
    // An ended job held in memory: the end of a flush forgets it and calls onEvict.
    replica.absorb(
      [
        {
          id: "rec1",
          createdTime: "2025-10-07T07:04:57.000Z",
          seq: 1,
          key,
          keyText: encodeKey(key),
          token: "ev1",
          ops: [{ t: "create", token: "j", record: { ...newJob(job, "j"), status: "completed" } }],
        },
      ],
      () => true,
    );
    let evictions = 0;
    const engine = createStoreEngine({
      client,
      mapping: defaultAirtableMapping,
      replica,
      now: () => 0,
      random: () => 0.5,
      onEvict: () => {
        evictions++;
        throw new Error("defect in onEvict");
      },
    });
    const reader = new EventReader(
      defaultAirtableMapping.eventFields,
      0,
      (formula) => client.list("Run Events", formula),
      engine.absorbRows,
    );
    const coalescer = createCoalescer({ flushIntervalMs: 1000, lingerMs: 0, onDue: () => {} });
    const failed = await engine.flushAll(coalescer, reader);
    expect(evictions).toBe(1);
    expect(failed.isErr() && failed.error).toMatchObject({
      type: "rejected",
      message: expect.stringContaining("defect in onEvict"),
    });
    expect((await engine.flushAll(coalescer, reader)).isOk()).toBe(true);
  });
});
