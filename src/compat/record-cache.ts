import { err, ok, type Result } from "neverthrow";
import type { BaseRunId, ClientId } from "../run-id/index.js";
import { createLruMap } from "./lru.js";

/** The capacity of a record cache when none is given, and of the shared compat cache. */
export const DEFAULT_RECORD_CACHE_CAPACITY = 10_000;

/** Options of `createRecordCache`. */
export interface RecordCacheOptions {
  /**
   * How many (run, client) entries to keep before the least recently used is evicted.
   * @default 10_000
   */
  readonly capacity?: number;
}

/** Why `createRecordCache` refused its options. */
export interface RecordCacheError {
  readonly type: "invalid-capacity";
  readonly input: unknown;
  readonly message: string;
}

/**
 * A bounded map from a parsed (base run ID, client ID) pair to a client run record ID. The pair
 * is the key, never a concatenation, so (`…-Guy`, `Wilson`) and (`…`, `Guy-Wilson`) differ.
 */
export interface RecordCache {
  /** Stores the record ID of one client's part of one run (most recently used). */
  set(baseRunId: BaseRunId, clientId: ClientId, recordId: string): void;
  /** The record ID stored for the pair, marking it recently used; `undefined` when absent. */
  get(baseRunId: BaseRunId, clientId: ClientId): string | undefined;
  /** Removes every client's entry of one run; returns how many were removed. */
  deleteRun(baseRunId: BaseRunId): number;
  /** Removes every entry; returns how many were removed. */
  clear(): number;
  /** The number of entries held. */
  readonly size: number;
  /** The bound given at creation. */
  readonly capacity: number;
}

interface Entry {
  readonly baseRunId: BaseRunId;
  readonly recordId: string;
}

/**
 * Creates an empty LRU-bounded record cache.
 * @param options - the capacity (an integer ≥ 1)
 * @returns the cache, or `invalid-capacity` for a capacity that is not a positive safe integer
 */
export function createRecordCache(
  options: RecordCacheOptions = {},
): Result<RecordCache, RecordCacheError> {
  const capacity = options.capacity ?? DEFAULT_RECORD_CACHE_CAPACITY;
  if (!Number.isSafeInteger(capacity) || capacity < 1) {
    return err({
      type: "invalid-capacity",
      input: capacity,
      message: `record cache capacity must be an integer of at least 1, got ${String(capacity)}`,
    });
  }
  return ok(recordCacheOf(capacity));
}

/**
 * Builds a record cache of an already checked capacity (the shared compat cache uses the default).
 * @param capacity - a positive safe integer
 */
export function recordCacheOf(capacity: number): RecordCache {
  // Keys are JSON arrays of the pair: injective for any two strings, unlike `${a}-${b}`.
  const keyOf = (baseRunId: BaseRunId, clientId: ClientId): string =>
    JSON.stringify([baseRunId, clientId]);
  const keysByRun = new Map<BaseRunId, Set<string>>();
  const forget = (key: string, baseRunId: BaseRunId): void => {
    const keys = keysByRun.get(baseRunId);
    keys?.delete(key);
    if (keys?.size === 0) keysByRun.delete(baseRunId);
  };
  const entries = createLruMap<string, Entry>({
    capacity,
    onEvict: (key, entry) => forget(key, entry.baseRunId),
  });

  return {
    set(baseRunId, clientId, recordId) {
      const key = keyOf(baseRunId, clientId);
      const keys = keysByRun.get(baseRunId) ?? new Set<string>();
      keys.add(key);
      keysByRun.set(baseRunId, keys);
      entries.set(key, { baseRunId, recordId });
    },
    get: (baseRunId, clientId) => entries.get(keyOf(baseRunId, clientId))?.recordId,
    deleteRun(baseRunId) {
      const keys = keysByRun.get(baseRunId);
      if (keys === undefined) return 0;
      keysByRun.delete(baseRunId);
      let removed = 0;
      for (const key of keys) if (entries.delete(key)) removed += 1;
      return removed;
    },
    clear() {
      keysByRun.clear();
      return entries.clear();
    },
    get size() {
      return entries.size;
    },
    capacity,
  };
}
