import { ResultAsync } from "neverthrow";
import type { StoreError } from "../store/store-error.js";
import { asStoreError, isRateLimited, toStoreError } from "./error-map.js";

/** How failed requests are retried. */
export interface RetryOptions {
  /** Attempts per request, the first included. @default 5 */
  readonly attempts?: number;
  /** First backoff; doubles each retry, with full jitter on the upper half. @default 500 */
  readonly baseDelayMs?: number;
  /** Upper bound of one backoff. @default 30_000 */
  readonly maxDelayMs?: number;
  /** Wait after a 429: Airtable blocks the base for 30 s. @default 30_000 */
  readonly rateLimitedDelayMs?: number;
  /**
   * Retry 5xx and transport failures (timeouts, sockets) too; `false` retries only 429s, which
   * Airtable never applied (a command that reports a timeout instead of waiting it out). @default true
   */
  readonly transient?: boolean;
}

/** Options of {@link createScheduler}. */
export interface SchedulerOptions {
  /**
   * Requests per second this scheduler may send; a fraction shares one base between processes
   * (`5 / 3` in each of three processes keeps the base under Airtable's 5/s). @default 5
   */
  readonly rateLimit?: number;
  readonly retry?: RetryOptions;
  /** @default Date.now */
  readonly now?: () => number;
  /** @default a setTimeout promise */
  readonly sleep?: (ms: number) => Promise<void>;
  /** @default Math.random */
  readonly random?: () => number;
}

/** How to treat one request. */
export interface RequestKind {
  /** Could change data (a transport failure then leaves the outcome unknown). */
  readonly write: boolean;
  /** Repeating it is harmless, so an unknown outcome may be retried blindly. */
  readonly idempotent: boolean;
}

/** Sends requests to one base, never faster than the rate limit, retrying transient failures. */
export interface Scheduler {
  /** Runs `request` under the limit; a write with an unknown outcome is retried only when idempotent. */
  run<T>(kind: RequestKind, request: () => Promise<T>): ResultAsync<T, StoreError>;
  /** Requests sent so far, retries included. */
  readonly sent: number;
}

// Airtable measures the second at its end of the wire; a small margin keeps our sixth request
// from arriving inside the window the first one opened.
const WINDOW_MARGIN_MS = 25;

/**
 * Creates a per-base scheduler: at most `rateLimit` requests in any one-second window, each
 * counted from its start until a second after its answer (so network delay cannot bunch arrivals); 429, 5xx and transport failures back off exponentially with jitter, bounded in count and delay.
 * A fractional `rateLimit` r allows max(1, floor(r)) requests per window of 1000 × max(1, floor(r)) / r ms
 * (`5 / 3`: one request per 600 ms; `0.5`: one per 2 s).
 * @returns the scheduler
 */
export const createScheduler = (options: SchedulerOptions = {}): Scheduler => {
  const requested = options.rateLimit ?? 5;
  const limit = Number.isFinite(requested) && requested > 0 ? requested : 5;
  const rate = Math.max(1, Math.floor(limit));
  // The window that keeps `rate` requests per window equal to `limit` per second.
  const windowMs = (1000 * rate) / limit;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  const random = options.random ?? Math.random;
  const attempts = Math.max(1, options.retry?.attempts ?? 5);
  const base = options.retry?.baseDelayMs ?? 500;
  const max = options.retry?.maxDelayMs ?? 30_000;
  const rateLimitedDelay = options.retry?.rateLimitedDelayMs ?? 30_000;
  const transient = options.retry?.transient !== false;
  // One slot per request in the last window: held from its start until one window after its
  // answer, since Airtable counts a request when it arrives, somewhere between the two.
  const slots: { release: number }[] = [];
  let completed: () => void = () => {};
  let completion = new Promise<void>((r) => {
    completed = r;
  });
  let gate: Promise<void> = Promise.resolve();
  let sent = 0;

  const release = (slot: { release: number }) => {
    slot.release = now() + windowMs + WINDOW_MARGIN_MS;
    completed();
    completion = new Promise<void>((r) => {
      completed = r;
    });
  };

  // Admission is serialised so two callers can never both take the last slot of a window.
  const admit = (): Promise<{ release: number }> => {
    const turn = gate.then(async () => {
      for (;;) {
        const t = now();
        for (let i = slots.length - 1; i >= 0; i--) {
          if ((slots[i] as { release: number }).release <= t) slots.splice(i, 1);
        }
        if (slots.length < rate) break;
        const next = Math.min(...slots.map((s) => s.release));
        if (Number.isFinite(next)) await sleep(next - t + 1);
        else await completion;
      }
      const slot = { release: Number.POSITIVE_INFINITY };
      slots.push(slot);
      sent++;
      return slot;
    });
    gate = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  };

  const backoff = (attempt: number, cause: unknown): number => {
    if (isRateLimited(cause)) return rateLimitedDelay;
    const ceiling = Math.min(max, base * 2 ** attempt);
    return ceiling / 2 + (ceiling / 2) * random();
  };

  const attempt = async <T>(kind: RequestKind, request: () => Promise<T>): Promise<T> => {
    for (let i = 0; ; i++) {
      const slot = await admit();
      try {
        const answer = await request();
        release(slot);
        return answer;
      } catch (cause) {
        release(slot);
        const error = toStoreError(cause, kind.write);
        const retryable =
          error.type === "unavailable" &&
          (error.outcome === "not-applied" || kind.idempotent) &&
          (transient || isRateLimited(cause));
        if (!retryable || i + 1 >= attempts) throw error;
        await sleep(backoff(i, cause));
      }
    }
  };

  return {
    run: (kind, request) =>
      ResultAsync.fromPromise(attempt(kind, request), (e) => asStoreError(e, kind.write)),
    get sent() {
      return sent;
    },
  };
};
