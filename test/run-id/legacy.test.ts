import { describe, expect, it } from "vitest";
import { parseRunId } from "../../src/index.js";

const legacy = (s: string) => {
  const parsed = parseRunId(s)._unsafeUnwrap();
  if (parsed.kind !== "legacy") throw new Error(`${s} parsed as ${parsed.kind}`);
  return parsed;
};

describe("legacy shapes: client suffixes", () => {
  it.each([
    ["8MSTBAfqMzuXPvgB3-CGuy-Wilson", "Guy-Wilson"],
    ["8MSTBAfqMzuXPvgB3-C42", "42"],
    ["8MSTBAfqMzuXPvgB3-Chris-Lee", "Chris-Lee"],
    ["8MSTBAfqMzuXPvgB3-Cguy-wilson", "Cguy-wilson"],
    ["8MSTBAfqMzuXPvgB3-CGuy-Wilson-Guy-Wilson", "Guy-Wilson"],
    ["SR-250924-001-T3304-S1-CÉmile", "Émile"],
    ["SR-250924-001-T3304-S1-C", "C"],
  ])("reads %s as client %s (a C marker only before a capital or digit)", (input, client) => {
    expect(legacy(input).clientId).toBe(client);
  });

  it("records the collapsed double suffix once", () => {
    expect(legacy("8MSTBAfqMzuXPvgB3-CGuy-Wilson-Guy-Wilson").repairs).toEqual(["double-suffix"]);
    expect(legacy(" OYkC0ZbuWPOvwkLid-Dean-Hobin-Dean-Hobin").repairs).toEqual([
      "trimmed",
      "double-suffix",
    ]);
  });

  it.each([
    ["8MSTBAfqMzuXPvgB3-", "malformed"],
    ["8MSTBAfqMzuXPvgB3-CGuy Wilson", "invalid-client-id"],
    ["SR-250924-001-undefined", "invalid-client-id"],
    ["job_post_scoring_stream1_20250931094802", "malformed"],
    ["job_post_scoring_stream1_19690101000000", "malformed"],
    ["job_Post_Scoring_1717146242405", "malformed"],
    ["post_batch_171714624240", "malformed"],
    ["sr-250924-001", "malformed"],
  ])("refuses %s as %s", (input, type) => {
    expect(parseRunId(input)._unsafeUnwrapErr().type).toBe(type);
  });
});
