// `Date#toISOString` throws a RangeError beyond ±8.64e15 ms, and an injected clock may return
// anything; a note must never be the reason a call fails.
const MAX_DATE_MS = 8.64e15;

/**
 * Formats epoch milliseconds for a note: ISO 8601 when representable, the raw number otherwise.
 * @param ms epoch milliseconds, as read from the injected clock
 * @returns an ISO timestamp, or `String(ms)` for values a Date cannot hold
 */
export const isoTime = (ms: number): string =>
  typeof ms === "number" && Math.abs(ms) <= MAX_DATE_MS
    ? new Date(ms).toISOString()
    : `${typeof ms === "number" ? ms : typeof ms} ms`;
