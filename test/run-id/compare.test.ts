import { describe, expect, it } from "vitest";
import { compareRunIds, type RunId, runIdDate } from "../../src/index.js";

const id = (s: string): RunId => s as RunId;

describe("compareRunIds", () => {
  it("sorts chronologically, a base before its client IDs, clients by ID", () => {
    const sorted = [
      "251007-070457-Guy-Wilson",
      "251231-000000",
      "251007-070457",
      "250101-235959-Zed",
      "251007-070457-Dean-Hobin",
      "251007-070458",
      "000101-000000",
    ]
      .map(id)
      .sort(compareRunIds);
    expect(sorted).toEqual([
      "000101-000000",
      "250101-235959-Zed",
      "251007-070457",
      "251007-070457-Dean-Hobin",
      "251007-070457-Guy-Wilson",
      "251007-070458",
      "251231-000000",
    ]);
  });

  it("returns 0 for equal IDs and is antisymmetric", () => {
    expect(compareRunIds(id("251007-070457"), id("251007-070457"))).toBe(0);
    expect(compareRunIds(id("251007-070457"), id("251007-070458"))).toBeLessThan(0);
    expect(compareRunIds(id("251007-070458"), id("251007-070457"))).toBeGreaterThan(0);
  });

  it("sorts non-strings from untyped code last without throwing", () => {
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error("trap");
        },
      },
    );
    const list = [hostile, id("251007-070457"), null].sort(compareRunIds as never);
    expect(list[0]).toBe("251007-070457");
  });
});

describe("runIdDate", () => {
  it("reads the timestamp as UTC by default", () => {
    expect(runIdDate(id("251007-070457-Guy-Wilson"))._unsafeUnwrap().toISOString()).toBe(
      "2025-10-07T07:04:57.000Z",
    );
    expect(runIdDate(id("000101-000000"))._unsafeUnwrap().toISOString()).toBe(
      "2000-01-01T00:00:00.000Z",
    );
  });

  it.each([
    ["America/New_York", "251007-030457", "2025-10-07T07:04:57.000Z"],
    ["Europe/London", "250115-120000", "2025-01-15T12:00:00.000Z"],
    ["Europe/London", "250715-120000", "2025-07-15T11:00:00.000Z"],
    ["Asia/Kathmandu", "251007-124957", "2025-10-07T07:04:57.000Z"],
    ["Pacific/Chatham", "250101-000000", "2024-12-31T10:15:00.000Z"],
  ])("reads the timestamp in %s", (zone, runId, iso) => {
    expect(runIdDate(id(runId), zone)._unsafeUnwrap().toISOString()).toBe(iso);
  });

  it("resolves a fall-back hour to the earlier instant", () => {
    // 01:30 happens twice in New York on 2025-11-02: 05:30Z (EDT) and 06:30Z (EST).
    expect(runIdDate(id("251102-013000"), "America/New_York")._unsafeUnwrap().toISOString()).toBe(
      "2025-11-02T05:30:00.000Z",
    );
  });

  it("moves a spring-forward gap time forward by the gap", () => {
    // 02:30 never happens in New York on 2025-03-09; it reads as 03:30 EDT.
    expect(runIdDate(id("250309-023000"), "America/New_York")._unsafeUnwrap().toISOString()).toBe(
      "2025-03-09T07:30:00.000Z",
    );
  });

  it.each([
    ["an unknown zone", "251007-070457", "Mars/Olympus", "invalid-time-zone"],
    ["a bogus zone", "251007-070457", "Bogus/Zone", "invalid-time-zone"],
    ["an empty zone", "251007-070457", "", "invalid-time-zone"],
    ["a non-canonical ID", " 251007-070457", "UTC", "malformed"],
    ["an invalid date", "251399-000000", "UTC", "invalid-date"],
    ["a legacy ID", "SR-250922-001", "UTC", "legacy-format"],
  ])("refuses %s, never a silent UTC fallback", (_why, runId, zone, type) => {
    expect(runIdDate(id(runId), zone)._unsafeUnwrapErr().type).toBe(type);
  });

  it("refuses values untyped code might pass", () => {
    expect(runIdDate(42 as never)._unsafeUnwrapErr().type).toBe("not-a-string");
    expect(runIdDate(id("251007-070457"), 42 as never)._unsafeUnwrapErr()).toMatchObject({
      type: "invalid-time-zone",
      input: 42,
    });
  });

  it("gives the same answers after its per-zone formatter cache has evicted entries", () => {
    const zones = Intl.supportedValuesOf("timeZone").slice(0, 150);
    const first = zones.map((z) => runIdDate(id("250715-120000"), z)._unsafeUnwrap().getTime());
    const second = zones.map((z) => runIdDate(id("250715-120000"), z)._unsafeUnwrap().getTime());
    expect(second).toEqual(first);
    expect(first.every((t) => Number.isFinite(t))).toBe(true);
  });
});
