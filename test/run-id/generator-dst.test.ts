import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRunIdGenerator } from "../../src/index.js";

// The wall clock of `zone` at `ms` as YYMMDD-HHMMSS, read through Intl independently of the
// generator's own offset arithmetic.
function wallClockId(ms: number, zone: string): string {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: zone,
    hourCycle: "h23",
    year: "2-digit",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(ms);
  const p = (t: string): string => parts.find((x) => x.type === t)!.value;
  return `${p("year")}${p("month")}${p("day")}-${p("hour")}${p("minute")}${p("second")}`;
}

// Each zone's two 2026 transitions, as UTC instants.
const TRANSITIONS = [
  { zone: "Europe/London", way: "forward", at: Date.UTC(2026, 2, 29, 1) }, // 01:00 GMT → 02:00 BST
  { zone: "Europe/London", way: "back", at: Date.UTC(2026, 9, 25, 1) }, // 02:00 BST → 01:00 GMT
  { zone: "America/New_York", way: "forward", at: Date.UTC(2026, 2, 8, 7) }, // 02:00 EST → 03:00 EDT
  { zone: "America/New_York", way: "back", at: Date.UTC(2026, 10, 1, 6) }, // 02:00 EDT → 01:00 EST
  { zone: "Australia/Sydney", way: "back", at: Date.UTC(2026, 3, 4, 16) }, // 03:00 AEDT → 02:00 AEST
  { zone: "Australia/Sydney", way: "forward", at: Date.UTC(2026, 9, 3, 16) }, // 02:00 AEST → 03:00 AEDT
] as const;

const HOUR = 3_600_000;

describe("createRunIdGenerator across daylight-saving changes", () => {
  it.each(TRANSITIONS)("$zone clocks $way: the transition itself", ({ zone, way, at }) => {
    // Sanity check of the table: the wall clock really jumps by an hour at `at`.
    const before = wallClockId(at - 1000, zone);
    const after = wallClockId(at, zone);
    expect(after > before).toBe(way === "forward");
  });

  it("Europe/London clocks back: the repeated hour continues from the last ID, never generator-ahead", () => {
    const at = Date.UTC(2026, 9, 25, 1);
    let clock = at - 2000;
    const gen = createRunIdGenerator({ now: () => clock, timeZone: "Europe/London" });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++, clock += 1000) ids.push(gen.next()._unsafeUnwrap());
    // 01:59:58 and 01:59:59 BST, then 01:00:00 and 01:00:01 GMT: already used, so 02:00:00 on.
    expect(ids).toEqual(["261025-015958", "261025-015959", "261025-020000", "261025-020001"]);
    // A caller who pauses until the wall clock passes the last ID is back on the wall clock.
    clock = at + HOUR + 2000;
    expect(gen.next()._unsafeUnwrap()).toBe("261025-020002");
    // Once caught up, the forgiven hour is gone: a clock stepping back is limited as usual.
    clock -= 400_000;
    expect(gen.next()._unsafeUnwrapErr().type).toBe("generator-ahead");
  });

  it("Europe/London clocks forward: no ID in the skipped hour", () => {
    const at = Date.UTC(2026, 2, 29, 1);
    let clock = at - 2000;
    const gen = createRunIdGenerator({ now: () => clock, timeZone: "Europe/London" });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++, clock += 1000) ids.push(gen.next()._unsafeUnwrap());
    expect(ids).toEqual(["260329-005958", "260329-005959", "260329-020000", "260329-020001"]);
  });

  it.each(TRANSITIONS)(
    "$zone clocks $way: asked every second for three hours, every ID is new and later",
    ({ zone, at }) => {
      let clock = at - HOUR + 250;
      const gen = createRunIdGenerator({ now: () => clock, timeZone: zone });
      let previous = "";
      for (; clock < at + 2 * HOUR; clock += 1000) {
        const id = gen.next()._unsafeUnwrap();
        expect(id > previous).toBe(true);
        previous = id;
      }
      // Never more than the hour the zone set back (plus nothing) ahead of its wall clock.
      expect(previous >= wallClockId(clock - 1000, zone)).toBe(true);
    },
  );

  it.each(TRANSITIONS)(
    "$zone clocks $way: property — callers at most once a second get strictly increasing IDs",
    ({ zone, at }) => {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 2 * HOUR }),
          fc.array(fc.integer({ min: 1000, max: 120_000 }), { minLength: 1, maxLength: 300 }),
          fc.integer({ min: 0, max: 300 }),
          (before, steps, maxAheadSeconds) => {
            let clock = at - before;
            const gen = createRunIdGenerator({ now: () => clock, timeZone: zone, maxAheadSeconds });
            let previous = "";
            for (const step of [0, ...steps]) {
              clock += step;
              const result = gen.next();
              if (result.isErr()) return false;
              if (!(result.value > previous)) return false;
              previous = result.value;
            }
            return true;
          },
        ),
        { numRuns: 60 },
      );
    },
  );
});
