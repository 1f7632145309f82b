import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { decodeEvent, encodeOps } from "../../src/airtable/event-codec.js";
import { defaultAirtableMapping, resolveAirtableMapping } from "../../src/airtable/mapping.js";
import {
  checkMetrics,
  clientRunFields,
  formatProgressLine,
  formatProgressLog,
  jobFields,
} from "../../src/airtable/record-codec.js";
import { decodeKey, encodeKey } from "../../src/airtable/record-key.js";
import type { BaseRunId, ClientId } from "../../src/run-id/brand.js";
import { baseId, clientId, newClientRun, newJob, T0 } from "../../src/testing/fixtures.js";

const job = baseId("251007-070457");
const guy = clientId("Guy-Wilson");

describe("mapping", () => {
  test("the defaults match the existing base", () => {
    const m = resolveAirtableMapping();
    expect(m).toEqual(defaultAirtableMapping);
    expect(m.tables).toMatchObject({ jobs: "Job Tracking", clientRuns: "Client Run Results" });
    expect(m.statuses.no_work).toBe("No Leads To Score");
    expect(m.statuses.stale).toBe("Failed");
    expect(Object.keys(m.metrics)).toHaveLength(9);
  });

  test("overrides merge; metrics replace the defaults", () => {
    const m = resolveAirtableMapping({
      tables: { jobs: "Jobs" },
      fields: { status: "State" },
      statuses: { stale: "Stale" },
      metrics: { likes: "Likes" },
    });
    expect(m.tables).toEqual({ ...defaultAirtableMapping.tables, jobs: "Jobs" });
    expect(m.fields.status).toBe("State");
    expect(m.fields.runId).toBe("Run ID");
    expect(m.statuses).toEqual({ ...defaultAirtableMapping.statuses, stale: "Stale" });
    expect(m.metrics).toEqual({ likes: "Likes" });
  });

  test.prop([fc.anything()])(
    "any input (an untrusted JSON file) resolves without throwing, to strings only",
    (input) => {
      const m = resolveAirtableMapping(input as never);
      for (const group of [m.tables, m.fields, m.eventFields, m.statuses, m.metrics]) {
        for (const value of Object.values(group)) expect(typeof value).toBe("string");
      }
      expect(m.tables.jobs.length).toBeGreaterThan(0);
    },
  );
});

describe("record codec", () => {
  test("progress lines are timestamped, one per line, line breaks in a message flattened", () => {
    expect(formatProgressLine({ at: T0, message: "step 1" })).toBe(
      "2025-10-07T07:04:57.000Z step 1",
    );
    expect(
      formatProgressLog([
        { at: T0, message: "a\nb" },
        { at: T0 + 1, message: "c\r\nd" },
      ]).split("\n"),
    ).toEqual(["2025-10-07T07:04:57.000Z a b", "2025-10-07T07:04:57.001Z c d"]);
  });

  test("metrics go to their mapped fields; a stale record shows as Failed with a note", () => {
    const run = {
      ...newClientRun(job, guy, "t"),
      status: "stale" as const,
      metrics: { apify_cost: 1.5, posts_harvested: 3 },
    };
    const fields = clientRunFields(defaultAirtableMapping, run, "8MSTBAfqMzuXPvgB3");
    expect(fields).toMatchObject({
      "Run ID": "251007-070457-Guy-Wilson",
      "Client ID": "Guy-Wilson",
      Status: "Failed",
      "Apify API Costs": 1.5,
      "Total Posts Harvested": 3,
      "Apify Run ID": "8MSTBAfqMzuXPvgB3",
      "Start Time": "2025-10-07T07:04:57.000Z",
      "End Time": null,
    });
    expect(String(fields["System Notes"])).toMatch(/stale/);
    expect(jobFields(defaultAirtableMapping, newJob(job, "j", T0, 2))).toMatchObject({
      Stream: 2,
      Status: "Running",
    });
  });

  test("formula fields (Duration) are never written", () => {
    const fields = clientRunFields(defaultAirtableMapping, newClientRun(job, guy, "t"), undefined);
    expect(Object.keys(fields)).not.toContain("Duration");
  });

  test("an unmapped metric is refused by name; mapped ones pass", () => {
    expect(checkMetrics(defaultAirtableMapping, { increments: { apify_cost: 1 } }).isOk()).toBe(
      true,
    );
    const refused = checkMetrics(defaultAirtableMapping, {
      increments: { apify_cost: 1 },
      set: { likes: 2, toString: 1 },
    });
    expect(refused.isErr() && refused.error.message).toMatch(/"likes", "toString"/);
  });
});

describe("event codec", () => {
  test.prop([fc.dictionary(fc.string(), fc.anything())])(
    "a row of any shape decodes to an event or is skipped, never throws",
    (fields) => {
      expect(() =>
        decodeEvent(defaultAirtableMapping, {
          id: "rec1",
          createdTime: "2025-10-07T07:04:57.000Z",
          fields,
        }),
      ).not.toThrow();
    },
  );

  test.prop([fc.string(), fc.string()])(
    "keys round-trip, and (a-b, c) never equals (a, b-c)",
    (run, client) => {
      const key = {
        kind: "client" as const,
        runId: run as BaseRunId,
        clientId: client as ClientId,
      };
      expect(decodeKey(encodeKey(key))).toEqual(key);
      const other = {
        kind: "client" as const,
        runId: `${run}-x` as BaseRunId,
        clientId: client as ClientId,
      };
      expect(encodeKey(other)).not.toBe(encodeKey({ ...key, clientId: `x-${client}` as ClientId }));
    },
  );

  test("an event written by the store decodes back", () => {
    const ops = [
      { t: "change" as const, token: "t", change: { token: "t", at: T0, increments: { a: 1 } } },
    ];
    const m = defaultAirtableMapping.eventFields;
    const decoded = decodeEvent(defaultAirtableMapping, {
      id: "rec1",
      createdTime: "2025-10-07T07:04:57.000Z",
      fields: {
        [m.key]: encodeKey({ kind: "job", runId: job }),
        [m.token]: "ev1",
        [m.changes]: encodeOps(ops),
      },
    });
    expect(decoded._unsafeUnwrap().ops).toEqual(ops);
  });

  test.each([
    ["not JSON", "[{", /not JSON/],
    ["not a list", '{"t":"create"}', /not a list of ops/],
    ["a create without notes", '[{"t":"create","token":"c","record":{"runId":"x"}}]', /op 0/],
    [
      "a change with text increments",
      '[{"t":"change","token":"c","change":{"token":"c","at":1,"increments":{"a":"1"}}}]',
      /must be a finite number/,
    ],
    [
      "a change with notes not a list",
      '[{"t":"change","token":"c","change":{"token":"c","at":1,"notes":"n"}}]',
      /notes/,
    ],
    ["an unknown op", '[{"t":"drop","token":"c"}]', /unknown op type "drop"/],
  ])("a Changes cell that is %s is an unreadable-event error naming the row", (_, cell, why) => {
    const m = defaultAirtableMapping.eventFields;
    const decoded = decodeEvent(defaultAirtableMapping, {
      id: "recBad",
      createdTime: "2025-10-07T07:04:57.000Z",
      fields: {
        [m.key]: encodeKey({ kind: "job", runId: job }),
        [m.token]: "ev1",
        [m.changes]: cell,
      },
    });
    expect(decoded.isErr()).toBe(true);
    const error = decoded._unsafeUnwrapErr();
    expect(error).toMatchObject({ type: "unreadable-event", rowId: "recBad", value: cell });
    expect(error.message).toMatch(why);
    expect(error.message).toContain("recBad");
  });
});
