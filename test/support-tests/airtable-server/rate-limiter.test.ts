import fc from "fast-check";
import { expect, test } from "vitest";
import { createRateLimiter } from "../../support/airtable/rate-limiter.js";

/** Replays arrival gaps against the limiter and returns [time, admitted] per request. */
const replay = (gaps: readonly number[], rps: number, penaltyMs: number): [number, boolean][] => {
  let t = 0;
  const limiter = createRateLimiter({ requestsPerSecond: rps, penaltyMs }, () => t);
  return gaps.map((gap) => {
    t += gap;
    return [t, limiter.admit("app")];
  });
};

const arrivals = fc.array(fc.integer({ min: 0, max: 700 }), { maxLength: 200 });

test("no 1 s window ever admits more than the limit", () => {
  fc.assert(
    fc.property(arrivals, fc.integer({ min: 1, max: 6 }), (gaps, rps) => {
      const admitted = replay(gaps, rps, 2_000)
        .filter(([, ok]) => ok)
        .map(([t]) => t);
      for (const [i, t] of admitted.entries())
        expect(admitted.filter((u, j) => j >= i && u - t < 1000).length).toBeLessThanOrEqual(rps);
    }),
  );
});

test("after a refusal outside a penalty, everything is refused for the penalty and then admitted", () => {
  fc.assert(
    fc.property(
      arrivals,
      fc.integer({ min: 1, max: 6 }),
      fc.integer({ min: 1, max: 5_000 }),
      (gaps, rps, penalty) => {
        const events = replay(gaps, rps, penalty);
        let blockedUntil = Number.NEGATIVE_INFINITY;
        let firstAfterPenalty = false;
        for (const [t, ok] of events) {
          if (t < blockedUntil) expect(ok).toBe(false);
          else if (firstAfterPenalty) {
            expect(ok).toBe(true); // the window restarts empty after a penalty
            firstAfterPenalty = false;
          } else if (!ok) {
            blockedUntil = t + penalty;
            firstAfterPenalty = true;
          }
        }
      },
    ),
  );
});

test("a steady limit-per-second flow is never refused; one more in the window is", () => {
  const steady = replay(
    Array.from({ length: 50 }, (_, i) => (i === 0 ? 0 : 200)),
    5,
    30_000,
  );
  expect(steady.every(([, ok]) => ok)).toBe(true);
  const burst = replay([0, 0, 0, 0, 0, 999, 1], 5, 30_000);
  expect(burst.map(([, ok]) => ok)).toEqual([true, true, true, true, true, false, false]);
});

test("bases are limited independently, and false disables the limit", () => {
  let t = 0;
  const limiter = createRateLimiter({ requestsPerSecond: 1, penaltyMs: 100 }, () => t);
  expect([limiter.admit("a"), limiter.admit("b"), limiter.admit("a"), limiter.admit("b")]).toEqual([
    true,
    true,
    false,
    false,
  ]);
  t = 100;
  expect(limiter.admit("a")).toBe(true);
  const off = createRateLimiter(false, () => t);
  expect(Array.from({ length: 100 }, () => off.admit("a")).every(Boolean)).toBe(true);
});
