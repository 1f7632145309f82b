import type Airtable from "airtable";
import { err, ok, type Result } from "neverthrow";
import { type StoreError, storeRejected } from "../store/store-error.js";
import type { BaseLike } from "./base-client.js";
import type { EventDecodeError } from "./event-codec.js";
import {
  type AirtableMapping,
  type AirtableMappingOptions,
  resolveAirtableMapping,
} from "./mapping.js";
import type { RetryOptions } from "./scheduler.js";

/** Options of `createAirtableStore`; every table, field, status and metric name can be mapped. */
export interface AirtableStoreOptions extends AirtableMappingOptions {
  /**
   * The base, built by the caller: `new Airtable({ apiKey, endpointUrl, noRetryIfRateLimited: true,
   * requestTimeout: 30_000 }).base(baseId)`. The store never reads the environment or airtable's
   * global configuration; a base that retries 429s itself is refused (its retries have no bound).
   */
  readonly base: Airtable.Base;
  /**
   * Requests per second this process sends to the base (the budget is per process, Airtable's 5/s
   * per base): with N processes on one base give each `5 / N`; fractions are allowed. @default 5
   */
  readonly rateLimit?: number;
  /** Backoff of 429, 5xx and transport failures. @default { attempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 } */
  readonly retry?: RetryOptions;
  /** Longest time an accepted increment, progress line or note waits before it is written. @default 1000 */
  readonly flushIntervalMs?: number;
  /** Time to gather concurrent creates and reads into one request. @default 5 */
  readonly lingerMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
  /** Used for backoff and rate-limit waits. @default a setTimeout promise */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Jitter and event tokens. @default Math.random */
  readonly random?: () => number;
  /** @default "airtable" */
  readonly name?: string;
  /**
   * Keep ended jobs (and their client runs and links) in memory after they are written; by default
   * they are forgotten and read back when asked for again, so memory stays flat in a server.
   * @default false
   */
  readonly keepEndedJobs?: boolean;
  /**
   * `process`: answers come from this process's view (cheap; exact within one process).
   * `shared`: every read goes to the table and every change waits for its event to be read
   * back, so answers (`applied`, `precondition-failed`, the winning link) are exact across
   * processes sharing the base; costs more requests.
   * @default "process"
   */
  readonly consistency?: "process" | "shared";
  /**
   * Told of every events-table row skipped because it is not a well-formed event (a Changes cell
   * edited by hand or truncated), once per row; such a row is never folded into a record.
   * @default a one-line `console.warn`
   */
  readonly onSkippedEvent?: (error: EventDecodeError) => void;
}

/** The options after validation, with defaults filled in. */
export interface ResolvedStoreOptions {
  readonly base: BaseLike;
  readonly mapping: AirtableMapping;
  readonly rateLimit: number;
  readonly retry: RetryOptions | undefined;
  readonly flushIntervalMs: number;
  readonly lingerMs: number;
  readonly now: () => number;
  readonly sleep: ((ms: number) => Promise<void>) | undefined;
  readonly random: () => number;
  readonly name: string;
  readonly keepEndedJobs: boolean;
  readonly shared: boolean;
  readonly onSkippedEvent: (error: EventDecodeError) => void;
}

const positive = (value: unknown, fallback: number): number | undefined =>
  value === undefined
    ? fallback
    : typeof value === "number" && value > 0 && Number.isFinite(value)
      ? value
      : undefined;

const names = (mapping: AirtableMapping): string[] => [
  ...Object.values(mapping.tables),
  ...Object.values(mapping.fields),
  ...Object.values(mapping.eventFields),
  ...Object.values(mapping.statuses),
  ...Object.values(mapping.metrics),
];

/**
 * Checks the options (any input: nothing throws) and fills in defaults.
 * @returns the resolved options, or `rejected` naming what is wrong
 */
export const resolveStoreOptions = (options: unknown): Result<ResolvedStoreOptions, StoreError> => {
  if (typeof options !== "object" || options === null) {
    return err(storeRejected("createAirtableStore needs an options object", options));
  }
  const o = options as Partial<AirtableStoreOptions>;
  const base = o.base as unknown as BaseLike | undefined;
  if (
    (typeof base !== "function" && typeof base !== "object") ||
    base === null ||
    typeof base?.makeRequest !== "function"
  ) {
    return err(
      storeRejected("`base` must be an Airtable.Base (new Airtable({...}).base(id))", o.base),
    );
  }
  const internal = (base as { _base?: { _airtable?: { _noRetryIfRateLimited?: unknown } } })._base
    ?._airtable;
  if (internal && internal._noRetryIfRateLimited === false) {
    return err(
      storeRejected(
        "build the base with `noRetryIfRateLimited: true`: airtable.js retries 429s without bound, the store retries them itself",
      ),
    );
  }
  const mapping = resolveAirtableMapping(o);
  const bad = names(mapping).find((n) => typeof n !== "string" || n.length === 0);
  if (bad !== undefined)
    return err(
      storeRejected("every mapped table, field and status name must be a non-empty string", bad),
    );
  const rateLimit = positive(o.rateLimit, 5);
  const flushIntervalMs = positive(o.flushIntervalMs, 1000);
  const lingerMs = o.lingerMs === 0 ? 0 : positive(o.lingerMs, 5);
  if (rateLimit === undefined || flushIntervalMs === undefined || lingerMs === undefined) {
    return err(
      storeRejected("rateLimit, flushIntervalMs and lingerMs must be positive numbers", options),
    );
  }
  return ok({
    base,
    mapping,
    rateLimit,
    retry: o.retry,
    flushIntervalMs,
    lingerMs,
    now: o.now ?? Date.now,
    sleep: o.sleep,
    random: o.random ?? Math.random,
    name: typeof o.name === "string" ? o.name : "airtable",
    keepEndedJobs: o.keepEndedJobs === true,
    shared: o.consistency === "shared",
    onSkippedEvent:
      typeof o.onSkippedEvent === "function"
        ? o.onSkippedEvent
        : (e) => console.warn(`run-records: skipped ${e.message}`),
  });
};
