import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  type BaseRunId,
  createRunIdGenerator,
  generateRunId,
  isRunId,
  type RunIdError,
} from "../../src/index.js";

const T0 = Date.UTC(2025, 9, 7, 7, 4, 57, 250); // 2025-10-07 07:04:57.250 UTC

// Independent of the generator's arithmetic: Date's own UTC fields.
const localNewYork = (ms: number): string => {
  const f = new Intl.DateTimeFormat("en-GB", {
    timeZone: "America/New_York",
    hourCycle: "h23",
    year: "2-digit",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(ms);
  const p = (t: string): string => f.find((x) => x.type === t)!.value;
  return `${p("year")}${p("month")}${p("day")}-${p("hour")}${p("minute")}${p("second")}`;
};

const utcId = (ms: number): string =>
  new Date(ms)
    .toISOString()
    .replace(/^20(\d\d)-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d).*$/, "$1$2$3-$4$5$6");

describe("createRunIdGenerator: examples", () => {
  it("shows the clock's UTC second", () => {
    const next = createRunIdGenerator({ now: () => T0 }).next;
    expect(next()._unsafeUnwrap()).toBe("251007-070457");
  });

  it("gives two calls in the same second consecutive seconds, across midnight and year end", () => {
    const gen = createRunIdGenerator({ now: () => Date.UTC(2025, 11, 31, 23, 59, 59) });
    expect([1, 2, 3].map(() => gen.next()._unsafeUnwrap())).toEqual([
      "251231-235959",
      "260101-000000",
      "260101-000001",
    ]);
  });

  it("stops at maxAheadSeconds with generator-ahead, then resumes from where it was", () => {
    let clock = T0;
    const gen = createRunIdGenerator({ now: () => clock, maxAheadSeconds: 2 });
    const ids = [1, 2, 3].map(() => gen.next()._unsafeUnwrap());
    expect(ids).toEqual(["251007-070457", "251007-070458", "251007-070459"]);
    expect(gen.next()._unsafeUnwrapErr()).toMatchObject({ type: "generator-ahead", input: T0 });
    clock += 1000;
    expect(gen.next()._unsafeUnwrap()).toBe("251007-070500");
  });

  it("allows 300 seconds ahead by default", () => {
    const gen = createRunIdGenerator({ now: () => T0 });
    const results = Array.from({ length: 302 }, () => gen.next());
    expect(results.slice(0, 301).every((r) => r.isOk())).toBe(true);
    expect(results[301]!._unsafeUnwrapErr().type).toBe("generator-ahead");
  });

  it("never repeats or goes back when the clock steps back", () => {
    const clocks = [T0, T0 - 3_600_000, T0 + 1000, T0 - 1];
    const gen = createRunIdGenerator({ now: () => clocks.shift()!, maxAheadSeconds: 7200 });
    expect([1, 2, 3, 4].map(() => gen.next()._unsafeUnwrap())).toEqual([
      "251007-070457",
      "251007-070458",
      "251007-070459",
      "251007-070500",
    ]);
  });

  it("shows the wall clock of a requested IANA zone", () => {
    const ny = createRunIdGenerator({ now: () => T0, timeZone: "America/New_York" });
    expect(ny.next()._unsafeUnwrap()).toBe("251007-030457");
    const kathmandu = createRunIdGenerator({ now: () => T0, timeZone: "Asia/Kathmandu" });
    expect(kathmandu.next()._unsafeUnwrap()).toBe("251007-124957");
  });

  it("keeps increasing through a DST fall-back without counting the repeated hour as running ahead", () => {
    // 2025-11-02 01:59:58 EDT, then the clock passes 02:00 EDT = 01:00 EST.
    let clock = Date.UTC(2025, 10, 2, 5, 59, 58);
    const gen = createRunIdGenerator({ now: () => clock, timeZone: "America/New_York" });
    const ids: string[] = [];
    for (let i = 0; i < 800; i++, clock += i < 2 ? 1000 : 10_000)
      ids.push(gen.next()._unsafeUnwrap());
    expect(ids.slice(0, 3)).toEqual(["251102-015958", "251102-015959", "251102-020000"]);
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
    // Asked every 10 s, the generator falls back in step with the wall clock after an hour.
    expect(ids.at(-1)).toBe(localNewYork(clock - 10_000));
  });

  it.each([
    [{ timeZone: "Nowhere/Land" }, "invalid-time-zone"],
    [{ timeZone: 42 }, "invalid-time-zone"],
    [{ timeZone: "" }, "invalid-time-zone"],
    [{ maxAheadSeconds: -1 }, "invalid-option"],
    [{ maxAheadSeconds: Number.NaN }, "invalid-option"],
    [{ maxAheadSeconds: "300" }, "invalid-option"],
    [{ now: 123 }, "invalid-option"],
  ])("reports bad options %j from next() as %s instead of throwing", (options, type) => {
    const gen = createRunIdGenerator(options as never);
    expect(gen.next()._unsafeUnwrapErr().type).toBe(type);
    expect(gen.next()._unsafeUnwrapErr().type).toBe(type);
  });

  it("reports unreadable options", () => {
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error("trap");
        },
      },
    );
    expect(
      createRunIdGenerator(hostile as never)
        .next()
        ._unsafeUnwrapErr().type,
    ).toBe("invalid-option");
  });

  it.each([
    [
      "a throwing clock",
      () => {
        throw new Error("clock down");
      },
    ],
    ["NaN", () => Number.NaN],
    ["a string", () => "1759820697000"],
    ["1970", () => 0],
    ["1999-12-31T23:59:59Z", () => Date.UTC(1999, 11, 31, 23, 59, 59)],
    ["2100", () => Date.UTC(2100, 0, 1)],
  ])("reports %s as invalid-clock", (_name, now) => {
    const error = createRunIdGenerator({ now: now as () => number })
      .next()
      ._unsafeUnwrapErr();
    expect(error.type).toBe("invalid-clock");
  });

  it("keeps the cause of a throwing clock", () => {
    const boom = new Error("clock down");
    const error = createRunIdGenerator({
      now: () => {
        throw boom;
      },
    })
      .next()
      ._unsafeUnwrapErr();
    expect(error).toMatchObject({ type: "invalid-clock", cause: boom });
  });

  it("refuses to run past 2099 even when ahead of the clock", () => {
    const gen = createRunIdGenerator({ now: () => Date.UTC(2099, 11, 31, 23, 59, 59) });
    expect(gen.next()._unsafeUnwrap()).toBe("991231-235959");
    expect(gen.next()._unsafeUnwrapErr().type).toBe("invalid-clock");
  });
});

describe("generateRunId", () => {
  afterEach(() => vi.restoreAllMocks());

  it("uses one shared generator on Date.now", () => {
    vi.spyOn(Date, "now").mockReturnValue(Date.UTC(2030, 0, 2, 3, 4, 5));
    const a = generateRunId()._unsafeUnwrap();
    const b = generateRunId()._unsafeUnwrap();
    expect(a).toBe("300102-030405");
    expect(b).toBe("300102-030406");
  });
});

// A clock script: each step moves the clock by some milliseconds (zero, forwards or backwards).
const clockSteps = (kind: "frozen" | "stepping" | "backwards") =>
  kind === "frozen"
    ? fc.constant([0])
    : kind === "stepping"
      ? fc.array(fc.integer({ min: 0, max: 2500 }), { minLength: 1, maxLength: 50 })
      : fc
          .array(fc.integer({ min: -86_400_000, max: 5000 }), { minLength: 2, maxLength: 50 })
          // Each cycle of the script nets zero or forwards, so 100k calls stay within 2000–2099.
          .map((steps) => {
            const net = steps.reduce((a, b) => a + b, 0);
            return net < 0 ? [...steps, -net] : steps;
          });

function runScript(
  start: number,
  steps: readonly number[],
  calls: number,
  maxAheadSeconds: number,
) {
  let clock = start;
  let i = 0;
  const gen = createRunIdGenerator({
    now: () => {
      clock += steps[i++ % steps.length]!;
      return clock;
    },
    maxAheadSeconds,
  });
  const ids: BaseRunId[] = [];
  const clocks: number[] = [];
  const errors: RunIdError[] = [];
  for (let n = 0; n < calls; n++) {
    const r = gen.next();
    if (r.isOk()) {
      ids.push(r.value);
      clocks.push(clock);
    } else errors.push(r.error);
  }
  return { ids, clocks, errors };
}

describe("createRunIdGenerator: properties over 100k calls", () => {
  const start = fc.integer({ min: Date.UTC(2001, 0, 1), max: Date.UTC(2090, 0, 1) });

  it.each(["frozen", "stepping", "backwards"] as const)(
    "yields strictly increasing, unique, canonical IDs under a %s clock",
    (kind) => {
      fc.assert(
        fc.property(start, clockSteps(kind), (t, steps) => {
          const { ids, errors } = runScript(t, steps, 100_000, Number.POSITIVE_INFINITY);
          expect(errors).toEqual([]);
          expect(ids.length).toBe(100_000);
          for (let i = 1; i < ids.length; i++) {
            if (!(ids[i]! > ids[i - 1]!))
              throw new Error(`not increasing at ${i}: ${ids[i - 1]} ${ids[i]}`);
          }
          expect(isRunId(ids[0])).toBe(true);
          expect(isRunId(ids[ids.length - 1])).toBe(true);
        }),
        { numRuns: 4 },
      );
    },
  );

  it("never runs more than maxAheadSeconds ahead, and shows the clock whenever it can", () => {
    fc.assert(
      fc.property(
        start,
        clockSteps("backwards"),
        fc.integer({ min: 0, max: 600 }),
        (t, steps, ahead) => {
          const { ids, clocks, errors } = runScript(t, steps, 5000, ahead);
          expect(errors.every((e) => e.type === "generator-ahead")).toBe(true);
          let latestClockId = "";
          for (let i = 0; i < ids.length; i++) {
            const id = ids[i]!;
            const clockId = utcId(clocks[i]!);
            const limit = utcId(Math.floor(clocks[i]! / 1000) * 1000 + ahead * 1000);
            if (id > limit) throw new Error(`${id} is beyond ${limit}`);
            // Not behind the clock, and exactly the clock when the clock moved past all earlier IDs.
            if (id < clockId) throw new Error(`${id} is behind the clock ${clockId}`);
            if (clockId > latestClockId && (i === 0 || clockId > ids[i - 1]!))
              expect(id).toBe(clockId);
            latestClockId = clockId > latestClockId ? clockId : latestClockId;
            if (i > 0 && !(id > ids[i - 1]!)) throw new Error("not increasing");
          }
        },
      ),
      { numRuns: 30 },
    );
  });
});
