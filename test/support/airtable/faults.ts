import type { Fault, FaultMatch } from "./types.js";

/** What a request looks like to fault matching. */
export interface FaultTarget {
  readonly method: string;
  readonly table: string;
  readonly kind: string;
}

/** A queue of injected faults, each consumed by the first request it matches. */
export class FaultQueue {
  private readonly queue: { fault: Fault; match: FaultMatch }[] = [];

  /** Queues a fault for the next request matching every given property of `match`. */
  push(fault: Fault, match: FaultMatch = {}): void {
    this.queue.push({ fault, match });
  }

  /** Removes and returns the first queued fault that matches the request, if any. */
  take(target: FaultTarget): Fault | undefined {
    const index = this.queue.findIndex(
      ({ match }) =>
        (match.method === undefined || match.method.toUpperCase() === target.method) &&
        (match.table === undefined || match.table === target.table) &&
        (match.kind === undefined || match.kind === target.kind),
    );
    if (index < 0) return undefined;
    return this.queue.splice(index, 1)[0]?.fault;
  }

  /** How many faults are still waiting. */
  get size(): number {
    return this.queue.length;
  }
}
