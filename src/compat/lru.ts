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

interface Node<K, V> {
  readonly key: K;
  value: V;
  newer: Node<K, V> | undefined;
  older: Node<K, V> | undefined;
}

/**
 * Creates an LRU map: a `Map` from key to node plus a doubly linked recency list, so every
 * operation is O(1). (Re-inserting into a plain `Map` and evicting its first key degrades: V8
 * leaves deleted slots at the front that every `keys().next()` has to skip until a rehash.)
 * @param options - the capacity (an integer ≥ 1, checked by the caller) and an eviction hook
 */
export function createLruMap<K, V>(options: LruMapOptions<K, V>): LruMap<K, V> {
  const { capacity, onEvict } = options;
  const nodes = new Map<K, Node<K, V>>();
  let newest: Node<K, V> | undefined;
  let oldest: Node<K, V> | undefined;

  const unlink = (node: Node<K, V>): void => {
    if (node.newer === undefined) newest = node.older;
    else node.newer.older = node.older;
    if (node.older === undefined) oldest = node.newer;
    else node.older.newer = node.newer;
    node.newer = undefined;
    node.older = undefined;
  };
  const pushNewest = (node: Node<K, V>): void => {
    node.older = newest;
    if (newest === undefined) oldest = node;
    else newest.newer = node;
    newest = node;
  };

  return {
    get(key) {
      const node = nodes.get(key);
      if (node === undefined) return undefined;
      if (node !== newest) {
        unlink(node);
        pushNewest(node);
      }
      return node.value;
    },
    peek: (key) => nodes.get(key)?.value,
    set(key, value) {
      const existing = nodes.get(key);
      if (existing !== undefined) {
        existing.value = value;
        if (existing !== newest) {
          unlink(existing);
          pushNewest(existing);
        }
        return;
      }
      const node: Node<K, V> = { key, value, newer: undefined, older: undefined };
      nodes.set(key, node);
      pushNewest(node);
      while (nodes.size > capacity && oldest !== undefined) {
        const evicted = oldest;
        unlink(evicted);
        nodes.delete(evicted.key);
        onEvict?.(evicted.key, evicted.value);
      }
    },
    delete(key) {
      const node = nodes.get(key);
      if (node === undefined) return false;
      unlink(node);
      nodes.delete(key);
      return true;
    },
    clear() {
      const count = nodes.size;
      nodes.clear();
      newest = undefined;
      oldest = undefined;
      return count;
    },
    get size() {
      return nodes.size;
    },
    capacity,
  };
}
