import type { EventOp } from "./event-codec.js";
import type { RecordKey } from "./record-key.js";

/** The ops waiting for one record's next event. */
export interface PendingOps {
  readonly key: RecordKey;
  readonly ops: EventOp[];
}

/** Options of {@link createCoalescer}. */
export interface CoalescerOptions {
  /** Longest wait before accepted ops are written. @default 1000 */
  readonly flushIntervalMs: number;
  /** Wait before writing ops someone is waiting on (creates), to gather concurrent callers. @default 5 */
  readonly lingerMs: number;
  /** Called when a timer fires; `urgent` when it was the linger timer. */
  readonly onDue: (urgent: boolean) => void;
}

/**
 * Buffers ops per record so every increment, progress line and note of one record between two
 * flushes travels in one event (one record of a batched request); timers bound the wait.
 */
export interface Coalescer {
  /** Buffers `op` for `keyText`; `urgent` shortens the wait to the linger delay. */
  add(keyText: string, key: RecordKey, op: EventOp, urgent: boolean): void;
  /** Takes everything buffered (the next flush's work). */
  take(): Map<string, PendingOps>;
  /** Puts back a batch that failed, ahead of anything buffered since. */
  restore(batch: Map<string, PendingOps>): void;
  /** Shortens the wait to the linger delay (someone is waiting on the buffer). */
  hurry(): void;
  /** Makes sure a regular flush comes within the interval even with nothing buffered (rows to write). */
  remind(): void;
  /** Ops buffered. */
  readonly size: number;
  /** Stops the timers. */
  stop(): void;
}

/** Creates a coalescer whose timers call `onDue`. */
export const createCoalescer = (options: CoalescerOptions): Coalescer => {
  let pending = new Map<string, PendingOps>();
  let size = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let dueAt = Number.POSITIVE_INFINITY;
  let clock = 0;

  // A monotonic counter stands in for the clock: only the order of deadlines matters here.
  const arm = (delay: number) => {
    clock = performance.now();
    if (clock + delay >= dueAt) return;
    if (timer) clearTimeout(timer);
    dueAt = clock + delay;
    const urgent = delay < options.flushIntervalMs;
    timer = setTimeout(() => {
      timer = undefined;
      dueAt = Number.POSITIVE_INFINITY;
      options.onDue(urgent);
    }, delay);
    timer.unref?.();
  };

  return {
    add(keyText, key, op, urgent) {
      const entry = pending.get(keyText) ?? { key, ops: [] };
      entry.ops.push(op);
      pending.set(keyText, entry);
      size++;
      arm(urgent ? options.lingerMs : options.flushIntervalMs);
    },
    take() {
      const batch = pending;
      pending = new Map();
      size = 0;
      return batch;
    },
    restore(batch) {
      const merged = new Map(batch);
      for (const [keyText, later] of pending) {
        const earlier = merged.get(keyText);
        merged.set(
          keyText,
          earlier ? { key: earlier.key, ops: [...earlier.ops, ...later.ops] } : later,
        );
      }
      pending = merged;
      size = [...merged.values()].reduce((n, p) => n + p.ops.length, 0);
      if (size > 0) arm(options.flushIntervalMs);
    },
    hurry() {
      if (size > 0) arm(options.lingerMs);
    },
    remind() {
      arm(options.flushIntervalMs);
    },
    get size() {
      return size;
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      dueAt = Number.POSITIVE_INFINITY;
    },
  };
};
