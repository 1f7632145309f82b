import type { OperationState, ProgressLine, RunStatus } from "./records.js";
import type { TagChanges } from "./tags.js";

/** Fields every change carries: an idempotency token, its time, and an optional status precondition. */
export interface ChangeBase {
  /** Unique per logical write; a store applies a token at most once per record (a repeat is `applied: false`). */
  readonly token: string;
  /** Epoch ms of the change; becomes the record's `lastActivityAt`. */
  readonly at: number;
  /**
   * Apply only while the record's status is one of these; otherwise `precondition-failed`, nothing written. An empty
   * list never holds: it refuses every write (the service never sends one).
   */
  readonly ifStatus?: readonly RunStatus[];
  readonly status?: RunStatus;
  /** A number sets `endedAt`; `null` clears it (reopen). */
  readonly endedAt?: number | null;
  /** Lines appended to the record's notes. */
  readonly notes?: readonly string[];
  /** Merged into the record's tags: a string sets the key, `null` removes it. */
  readonly tags?: TagChanges;
}

/** A change to a job record, applied atomically by the store. */
export interface JobChange extends ChangeBase {
  readonly sealed?: boolean;
}

/** A change to a client run record, applied atomically by the store. */
export interface ClientRunChange extends ChangeBase {
  /** Added to the current metric values (absent metrics count as 0). */
  readonly increments?: Readonly<Record<string, number>>;
  /** Replace metric values outright (for values that are absolute by nature). */
  readonly set?: Readonly<Record<string, number>>;
  /** Appended to the progress log in this order. */
  readonly progress?: readonly ProgressLine[];
  /** Merged into `operations` by name. */
  readonly operations?: Readonly<Record<string, OperationState>>;
}

/** What an update returns: the record after the call, and whether this call's change was applied. */
export interface Applied<T> {
  readonly record: T;
  /** False when the token had already been applied (a retry); the record is returned unchanged. */
  readonly applied: boolean;
}
