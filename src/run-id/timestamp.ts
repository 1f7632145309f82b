import type { RunIdTimestamp } from "./parsed.js";

/** Length of the `YYMMDD-HHMMSS` timestamp that starts every canonical run ID. */
export const TIMESTAMP_LENGTH = 13;

/** Outcome codes of {@link checkTimestamp}; numbers so the hot path allocates nothing. */
export const TS_OK = 0;
/** The first 13 characters are not `DDDDDD-DDDDDD`. */
export const TS_SHAPE = 1;
/** The digits do not name a real calendar date in 2000–2099. */
export const TS_DATE = 2;
/** The digits do not name a time from 00:00:00 to 23:59:59. */
export const TS_TIME = 3;

/** A timestamp check outcome. */
export type TimestampCheck = typeof TS_OK | typeof TS_SHAPE | typeof TS_DATE | typeof TS_TIME;

const digit = (s: string, i: number): number => s.charCodeAt(i) - 48;
const two = (s: string, i: number): number => digit(s, i) * 10 + digit(s, i + 1);

/**
 * Checks whether `s` starts with a valid `YYMMDD-HHMMSS` timestamp, scanning character codes.
 * @returns `TS_OK`, or the first problem found (shape, then date, then time)
 */
export function checkTimestamp(s: string): TimestampCheck {
  if (!hasTimestampShape(s)) return TS_SHAPE;
  const month = two(s, 2);
  const day = two(s, 4);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(2000 + two(s, 0), month)) {
    return TS_DATE;
  }
  if (two(s, 7) > 23 || two(s, 9) > 59 || two(s, 11) > 59) return TS_TIME;
  return TS_OK;
}

/** Whether `s` starts with six digits, a hyphen and six digits (validity aside). */
export function hasTimestampShape(s: string, start = 0): boolean {
  if (s.length - start < TIMESTAMP_LENGTH || s.charCodeAt(start + 6) !== 45) return false;
  for (let i = start; i < start + TIMESTAMP_LENGTH; i++) {
    if (i === start + 6) continue;
    if ((s.charCodeAt(i) - 48) >>> 0 > 9) return false;
  }
  return true;
}

/** Reads the fields of a timestamp already checked by {@link checkTimestamp}. */
export function readTimestamp(s: string): RunIdTimestamp {
  return {
    year: 2000 + two(s, 0),
    month: two(s, 2),
    day: two(s, 4),
    hour: two(s, 7),
    minute: two(s, 9),
    second: two(s, 11),
  };
}

/** Number of days in `month` (1–12) of `year` in the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Whether `year` is a Gregorian leap year. */
export function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** Whether every field of `ts` is an integer in range and the date is real (2000–2099). */
export function isValidTimestamp(ts: RunIdTimestamp): boolean {
  const { year, month, day, hour, minute, second } = ts;
  return (
    isIntIn(year, 2000, 2099) &&
    isIntIn(month, 1, 12) &&
    isIntIn(day, 1, daysInMonth(year, month)) &&
    isIntIn(hour, 0, 23) &&
    isIntIn(minute, 0, 59) &&
    isIntIn(second, 0, 59)
  );
}

const isIntIn = (n: unknown, lo: number, hi: number): boolean =>
  typeof n === "number" && Number.isInteger(n) && n >= lo && n <= hi;

/** Two-digit zero-padded strings for 0–99, so formatting never calls `padStart`. */
export const PAD2: readonly string[] = Array.from({ length: 100 }, (_, i) =>
  i < 10 ? `0${i}` : `${i}`,
);

/** Formats valid timestamp fields as `YYMMDD-HHMMSS`. */
export function formatTimestamp(ts: RunIdTimestamp): string {
  return `${PAD2[ts.year - 2000]}${PAD2[ts.month]}${PAD2[ts.day]}-${PAD2[ts.hour]}${PAD2[ts.minute]}${PAD2[ts.second]}`;
}
