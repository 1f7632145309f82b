import type { RunIdTimestamp } from "./parsed.js";

// Building an Intl.DateTimeFormat costs tens of microseconds; keep one per zone, bounded so a
// caller cycling through many zone names cannot grow memory without limit.
const MAX_CACHED_ZONES = 64;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat | undefined {
  const cached = formatters.get(zone);
  if (cached !== undefined) return cached;
  let made: Intl.DateTimeFormat;
  try {
    made = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
  } catch {
    return undefined;
  }
  if (formatters.size >= MAX_CACHED_ZONES) {
    const oldest = formatters.keys().next();
    if (!oldest.done) formatters.delete(oldest.value);
  }
  formatters.set(zone, made);
  return made;
}

/** Whether `zone` is `UTC` (the fast path that needs no Intl). */
export const isUtc = (zone: string): boolean => zone === "UTC";

/** Whether `zone` is a time zone name this runtime's Intl knows. */
export function isTimeZone(zone: unknown): zone is string {
  return typeof zone === "string" && (isUtc(zone) || formatterFor(zone) !== undefined);
}

/**
 * The offset of `zone` from UTC at instant `epochMs`, in milliseconds (local minus UTC).
 * @returns the offset, or NaN for an unknown zone or an instant Intl cannot format
 */
export function zoneOffsetMs(epochMs: number, zone: string): number {
  if (isUtc(zone)) return 0;
  const formatter = formatterFor(zone);
  if (formatter === undefined || !Number.isFinite(epochMs)) return Number.NaN;
  const f: Record<string, number> = {};
  try {
    for (const part of formatter.formatToParts(epochMs)) f[part.type] = Number(part.value);
  } catch {
    return Number.NaN;
  }
  const local = utcMs(f.year!, f.month!, f.day!, f.hour!, f.minute!, f.second!);
  return local - Math.floor(epochMs / 1000) * 1000;
}

/**
 * The instant at which the wall clock in `zone` shows `ts`: the earlier one when it shows it
 * twice, shifted forward by the gap when it never does (Temporal's "compatible" choice).
 * @returns epoch milliseconds, or NaN for an unknown zone
 */
export function localToEpochMs(ts: RunIdTimestamp, zone: string): number {
  const local = utcMs(ts.year, ts.month, ts.day, ts.hour, ts.minute, ts.second);
  if (isUtc(zone)) return local;
  const day = 86_400_000;
  const before = zoneOffsetMs(local - day, zone);
  const after = zoneOffsetMs(local + day, zone);
  if (Number.isNaN(before) || Number.isNaN(after)) return Number.NaN;
  const early = local - before;
  const late = local - after;
  const earlyFits = zoneOffsetMs(early, zone) === before;
  const lateFits = zoneOffsetMs(late, zone) === after;
  if (earlyFits && lateFits) return Math.min(early, late);
  if (earlyFits) return early;
  if (lateFits) return late;
  return early; // in the gap: the pre-transition offset lands after the jump
}

/** `Date.UTC` for a full year (no two-digit-year remapping). */
export function utcMs(y: number, mo: number, d: number, h: number, mi: number, s: number): number {
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, 0);
  return date.getTime();
}
