/** The per-base limit: requests allowed in any 1 s window and the block after exceeding it. */
export interface RateLimit {
  readonly requestsPerSecond: number;
  readonly penaltyMs: number;
}

/** Decides per base whether a request is admitted, as Airtable's 5 req/s limit with a 30 s block. */
export interface RateLimiter {
  /** Counts a request for `baseId` and returns false when it must be answered 429. */
  admit(baseId: string): boolean;
}

/**
 * Creates a sliding-window limiter on an injected clock.
 * @param limit requests per second and penalty, or false for no limit
 * @param now the clock (epoch ms)
 */
export const createRateLimiter = (limit: RateLimit | false, now: () => number): RateLimiter => {
  const recent = new Map<string, number[]>();
  const blockedUntil = new Map<string, number>();
  return {
    admit(baseId) {
      if (limit === false) return true;
      const t = now();
      if (t < (blockedUntil.get(baseId) ?? Number.NEGATIVE_INFINITY)) return false;
      const window = (recent.get(baseId) ?? []).filter((at) => t - at < 1000);
      if (window.length >= limit.requestsPerSecond) {
        // Exceeding the limit starts the penalty; requests inside it are refused and not counted.
        blockedUntil.set(baseId, t + limit.penaltyMs);
        recent.set(baseId, []);
        return false;
      }
      window.push(t);
      recent.set(baseId, window);
      return true;
    },
  };
};
