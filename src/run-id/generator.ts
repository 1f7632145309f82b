import { err, ok, type Result } from "neverthrow";
import type { BaseRunId } from "./brand.js";
import type { RunIdError } from "./errors.js";
import { readOption } from "./options.js";
import { describeType, runIdError } from "./run-id-error.js";
import { PAD2 } from "./timestamp.js";
import { isTimeZone, isUtc, zoneOffsetMs } from "./zoned-time.js";

/** Options of {@link createRunIdGenerator}. */
export interface RunIdGeneratorOptions {
  /**
   * The clock, in epoch milliseconds.
   * @default Date.now
   */
  readonly now?: () => number;
  /**
   * The IANA zone whose wall clock the IDs show.
   * @default "UTC"
   */
  readonly timeZone?: string;
  /**
   * How many seconds the generator may run ahead of the clock (its rate limit); `Infinity` allowed.
   * @default 300
   */
  readonly maxAheadSeconds?: number;
}

/** Mints base run IDs that strictly increase, one per second at most on average. */
export interface RunIdGenerator {
  /** The next base run ID, or `generator-ahead`, `invalid-clock` or an option error. */
  next(): Result<BaseRunId, RunIdError>;
}

/** Default of {@link RunIdGeneratorOptions.maxAheadSeconds}. */
export const DEFAULT_MAX_AHEAD_SECONDS = 300;

// Local wall-clock seconds ("local time read as UTC") of 2000-01-01 and 2100-01-01.
const FIRST_KEY = 946_684_800;
const END_KEY = 4_102_444_800;

/**
 * Creates a run ID generator. Two calls in the same second get consecutive seconds, and a clock
 * that steps back never yields an older or repeated ID: the generator runs ahead of the clock
 * instead, up to `maxAheadSeconds`, then answers `generator-ahead` until the clock catches up.
 * A backward change of the zone's offset (a DST fall-back) is not counted as running ahead: IDs
 * carry on, one second after the last, through the repeated hour. Bad options never throw:
 * `next()` reports them.
 */
export function createRunIdGenerator(options?: RunIdGeneratorOptions): RunIdGenerator {
  const problem = optionProblem(options);
  if (typeof problem === "object" && "type" in problem) return { next: () => err(problem) };
  const { now, timeZone, maxAheadSeconds } = problem;
  const utc = isUtc(timeZone);
  let last = Number.NEGATIVE_INFINITY;
  let offsetMinute = Number.NaN;
  let offsetSeconds = 0;
  // The zone's offset at the last call, and how many seconds of lead a backward offset change
  // (a DST fall-back) has forgiven: after one, the repeated wall-clock hour already has IDs, so
  // the generator carries on from the last one and that lead is the zone's doing, not a runaway.
  let lastOffset = Number.NaN;
  let forgiven = 0;
  let prefixDay = Number.NaN;
  let prefix = "";

  function next(): Result<BaseRunId, RunIdError> {
    let ms: unknown;
    try {
      ms = now();
    } catch (cause) {
      return err(runIdError("invalid-clock", undefined, "the clock threw", cause));
    }
    if (typeof ms !== "number" || !Number.isFinite(ms)) {
      return err(runIdError("invalid-clock", ms, `the clock returned ${describeClock(ms)}`));
    }
    if (!utc) {
      const minute = Math.floor(ms / 60_000);
      // Zone offsets change only on whole minutes, so one Intl call per minute suffices.
      if (minute !== offsetMinute) {
        offsetSeconds = zoneOffsetMs(ms, timeZone) / 1000;
        offsetMinute = Number.isNaN(offsetSeconds) ? Number.NaN : minute;
      }
    }
    const key = Math.floor(ms / 1000) + offsetSeconds;
    if (!(key >= FIRST_KEY && key < END_KEY)) {
      return err(
        runIdError(
          "invalid-clock",
          ms,
          `the clock reads ${ms} ms, outside 2000–2099 in ${timeZone}`,
        ),
      );
    }
    if (offsetSeconds < lastOffset) forgiven += lastOffset - offsetSeconds;
    lastOffset = offsetSeconds;
    const candidate = key > last ? key : last + 1;
    const lead = candidate - key;
    if (lead - forgiven > maxAheadSeconds) {
      return err(
        runIdError(
          "generator-ahead",
          ms,
          `the generator would run ${lead} s ahead of the clock (limit ${maxAheadSeconds} s${forgiven > 0 ? ` beyond the ${forgiven} s a zone offset change set back` : ""})`,
        ),
      );
    }
    if (candidate >= END_KEY) {
      return err(runIdError("invalid-clock", ms, "the generator has run past 2099"));
    }
    last = candidate;
    // The forgiveness shrinks as the clock catches up (when callers pause) and never returns.
    if (lead < forgiven) forgiven = lead;
    const day = Math.floor(candidate / 86_400);
    if (day !== prefixDay) {
      const d = new Date(day * 86_400_000);
      prefix = `${PAD2[d.getUTCFullYear() - 2000]}${PAD2[d.getUTCMonth() + 1]}${PAD2[d.getUTCDate()]}-`;
      prefixDay = day;
    }
    const sod = candidate - day * 86_400;
    const minuteOfDay = (sod / 60) | 0;
    return ok(
      `${prefix}${PAD2[(minuteOfDay / 60) | 0]}${PAD2[minuteOfDay % 60]}${PAD2[sod % 60]}` as BaseRunId,
    );
  }
  return { next };
}

interface ResolvedOptions {
  readonly now: () => number;
  readonly timeZone: string;
  readonly maxAheadSeconds: number;
}

function optionProblem(options: unknown): ResolvedOptions | RunIdError {
  const now = readOption(options, "now");
  const timeZone = readOption(options, "timeZone");
  const maxAhead = readOption(options, "maxAheadSeconds");
  if (now === undefined || timeZone === undefined || maxAhead === undefined) {
    return runIdError("invalid-option", options, "run ID generator options could not be read");
  }
  if (now.value !== undefined && typeof now.value !== "function") {
    return runIdError(
      "invalid-option",
      now.value,
      "option now must be a function returning epoch ms",
    );
  }
  const zone = timeZone.value ?? "UTC";
  if (!isTimeZone(zone)) {
    return runIdError("invalid-time-zone", zone, `unknown time zone ${describeZone(zone)}`);
  }
  const ahead = maxAhead.value ?? DEFAULT_MAX_AHEAD_SECONDS;
  if (typeof ahead !== "number" || !(ahead >= 0)) {
    return runIdError("invalid-option", ahead, "option maxAheadSeconds must be a number ≥ 0");
  }
  return {
    now: (now.value as (() => number) | undefined) ?? Date.now,
    timeZone: zone,
    maxAheadSeconds: ahead,
  };
}

const describeClock = (v: unknown): string =>
  typeof v === "number" ? String(v) : `a ${describeType(v)}, not a number`;
const describeZone = (v: unknown): string =>
  typeof v === "string" ? JSON.stringify(v) : `<${describeType(v)}>`;

let shared: RunIdGenerator | undefined;

/** The next base run ID from one shared default generator (UTC, `Date.now`, 300 s ahead). */
export function generateRunId(): Result<BaseRunId, RunIdError> {
  shared ??= createRunIdGenerator();
  return shared.next();
}
