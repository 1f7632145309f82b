import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { appendLine, mergeProgressLogs } from "../../../src/cli/repair/text-lines.js";

const line = fc
  .tuple(
    fc.integer({ min: 1_700_000_000_000, max: 1_800_000_000_000 }),
    fc.constantFrom("a", "b", "c d"),
  )
  .map(([at, message]) => `${new Date(at).toISOString()} ${message}`);
const log = fc.array(line, { maxLength: 6 }).map((lines) => lines.join("\n"));

describe("mergeProgressLogs", () => {
  test.prop([fc.array(log, { minLength: 1, maxLength: 4 })])(
    "keeps every distinct line once, in time order",
    (logs) => {
      const merged = mergeProgressLogs(logs)?.split("\n") ?? [];
      const distinct = new Set(logs.flatMap((l) => l.split("\n")).filter((l) => l !== ""));
      expect(new Set(merged)).toEqual(distinct);
      expect(merged).toHaveLength(distinct.size);
      const times = merged.map((l) => Date.parse(l.slice(0, 24)));
      expect(times).toEqual([...times].sort((a, b) => a - b));
    },
  );

  test.prop([fc.array(log, { minLength: 1, maxLength: 4 })])("is idempotent", (logs) => {
    const once = mergeProgressLogs(logs);
    expect(mergeProgressLogs([once])).toEqual(once);
  });

  it("keeps untimed lines after the timed ones, in their order", () => {
    expect(
      mergeProgressLogs(["free\n2025-10-07T07:00:00.000Z x", "2025-10-07T06:00:00.000Z y\nalso"]),
    ).toBe("2025-10-07T06:00:00.000Z y\n2025-10-07T07:00:00.000Z x\nfree\nalso");
  });
});

describe("appendLine", () => {
  it("appends once", () => {
    expect(appendLine(undefined, "n")).toBe("n");
    expect(appendLine("a\nn", "n")).toBe("a\nn");
    expect(appendLine("a", "n")).toBe("a\nn");
  });
});
