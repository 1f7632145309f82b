import type { RunIdTimestamp } from "./parsed.js";
import { daysInMonth } from "./scanner.js";

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
