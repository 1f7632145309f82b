/** Options of `createLruMap`. */
export interface LruMapOptions<K, V> {
  /** How many entries the map keeps; the least recently used one goes first. Must be ≥ 1. */
  readonly capacity: number;
  /** Called with each entry pushed out by `set` (not for `delete` or `clear`). */
  readonly onEvict?: (key: K, value: V) => void;
}

/** A Map bounded to `capacity` entries that evicts the least recently used one. */
export interface LruMap<K, V> {
  /** The value for `key`, marking it most recently used; `undefined` when absent. */
  get(key: K): V | undefined;
  /** The value for `key` without touching its recency. */
  peek(key: K): V | undefined;
  /** Stores `value` as the most recently used entry, evicting the oldest past `capacity`. */
  set(key: K, value: V): void;
  /** Removes `key`; true when it was present. */
  delete(key: K): boolean;
  /** Removes every entry; returns how many there were. */
  clear(): number;
  /** The number of entries held. */
  readonly size: number;
  /** The bound given at creation. */
  readonly capacity: number;
}

/**
 * Creates an LRU map on top of `Map`'s insertion order: a hit is re-inserted at the end, so the
 * first key is always the least recently used (O(1) for every operation).
 * @param options - the capacity (an integer ≥ 1, checked by the caller) and an eviction hook
 */
export function createLruMap<K, V>(options: LruMapOptions<K, V>): LruMap<K, V> {
  const { capacity, onEvict } = options;
  const entries = new Map<K, V>();
  return {
    get(key) {
      if (!entries.has(key)) return undefined;
      const value = entries.get(key) as V;
      entries.delete(key);
      entries.set(key, value);
      return value;
    },
    peek: (key) => entries.get(key),
    set(key, value) {
      entries.delete(key);
      entries.set(key, value);
      while (entries.size > capacity) {
        const oldest = entries.keys().next();
        if (oldest.done === true) break;
        const evicted = entries.get(oldest.value) as V;
        entries.delete(oldest.value);
        onEvict?.(oldest.value, evicted);
      }
    },
    delete: (key) => entries.delete(key),
    clear() {
      const count = entries.size;
      entries.clear();
      return count;
    },
    get size() {
      return entries.size;
    },
    capacity,
  };
}
