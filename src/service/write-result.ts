import type { ClientRunRecord } from "../store/records.js";

/** What a client run write returns: the record after the call and whether this call's change was applied. */
export interface WriteResult {
  readonly run: ClientRunRecord;
  /** False when the idempotency key had already been applied (a retried webhook). */
  readonly applied: boolean;
}

/** Options of a client run write that a retried caller may repeat. */
export interface WriteOptions {
  /** Applied at most once per client run; a repeat returns `applied: false` and changes nothing. */
  readonly idempotencyKey?: string;
}
