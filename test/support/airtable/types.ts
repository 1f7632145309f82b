/** The field types the local server knows; anything else is out of scope for the run tables. */
export type FieldType =
  | "singleLineText"
  | "multilineText"
  | "number"
  | "dateTime"
  | "singleSelect"
  | "formula"
  | "autoNumber"
  | "checkbox";

/**
 * One field of a table: its type, select choices, and (for `formula`) the expression computed on read.
 * `autoNumber` is read-only: the table's next integer, assigned when a record is created.
 */
export interface FieldSchema {
  readonly type: FieldType;
  readonly options?: {
    /** Allowed values of a `singleSelect` field; typecast adds missing ones as Airtable does. */
    readonly choices?: readonly string[];
    /** Expression (in the supported formula subset) computed for a `formula` field; blank when absent. */
    readonly formula?: string;
  };
}

/** The schema of one table: field name to field schema. */
export interface TableSchema {
  readonly fields: Readonly<Record<string, FieldSchema>>;
}

/** What kind of request the server recognised. */
export type RequestKind = "list" | "create" | "update" | "upsert" | "delete" | "get" | "unknown";

/** One request the server received, with the status it answered (0 when the socket was dropped). */
export interface RequestLogEntry {
  readonly method: string;
  readonly baseId: string;
  readonly table: string;
  readonly kind: RequestKind;
  readonly status: number;
  /** Records returned (list/get) or sent (writes). */
  readonly recordCount: number;
  /** `now()` when the request arrived. */
  readonly at: number;
  /** The fault that was applied to this request, if any. */
  readonly fault?: Fault["kind"];
}

/** A failure to inject into the next matching request. */
export type Fault =
  /** Answer with that error status; nothing is applied. */
  | { readonly kind: "status"; readonly status: 429 | 500 | 502 | 503 | 504 | 422 | 403 | 404 }
  /** Apply the request, then answer with that 5xx anyway, as a gateway timing out behind a completed write. */
  | { readonly kind: "status-after-apply"; readonly status: 500 | 502 | 503 | 504 }
  /** Apply the request, then hold the answer `ms` milliseconds (past the client's requestTimeout). */
  | { readonly kind: "delay"; readonly ms: number }
  /** Apply the write, then destroy the socket without answering. */
  | { readonly kind: "drop-after-apply" }
  /** Destroy the socket without applying anything. */
  | { readonly kind: "drop-before-apply" }
  /**
   * Apply an upsert as if no existing record matched (creating a duplicate), as two concurrent
   * upserts of one key can on a real base, which promises no unique constraint.
   */
  | { readonly kind: "upsert-duplicate" };

/** Which requests a fault applies to; every given property must match. */
export interface FaultMatch {
  readonly method?: string;
  readonly table?: string;
  readonly kind?: RequestKind;
}

/** A stored record as the server returns it. */
export interface StoredRecord {
  readonly id: string;
  readonly createdTime: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** Options of `startAirtableServer`. */
export interface AirtableServerOptions {
  /** baseId -> table name -> schema. */
  readonly bases: Readonly<Record<string, Readonly<Record<string, TableSchema>>>>;
  /**
   * Per-base limit: more than `requestsPerSecond` in a 1 s window answers 429 and blocks the base for `penaltyMs`.
   * @default { requestsPerSecond: 5, penaltyMs: 30_000 }
   */
  readonly rateLimit?: { readonly requestsPerSecond: number; readonly penaltyMs: number } | false;
  /**
   * Clock (epoch ms) for rate-limit windows, iterator expiry and createdTime.
   * @default Date.now
   */
  readonly now?: () => number;
  /**
   * Record ID generator (`rec` + 14 alphanumerics); `seededRecordIds(seed)` gives random ones as
   * real Airtable does, so record IDs say nothing about creation order.
   * @default a deterministic counter (IDs increase in creation order)
   */
  readonly idGenerator?: () => string;
  /**
   * When set, only `Bearer <apiKey>` is accepted; otherwise any non-empty Bearer token is.
   * @default undefined
   */
  readonly apiKey?: string;
  /**
   * How long a list offset stays valid before LIST_RECORDS_ITERATOR_NOT_AVAILABLE.
   * @default 300_000
   */
  readonly iteratorTtlMs?: number;
  /**
   * Status for an unknown base or table: 403 INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND (personal access
   * tokens) or 404 NOT_FOUND / TABLE_NOT_FOUND (as some accounts answer).
   * @default 403
   */
  readonly unknownModelStatus?: 403 | 404;
}

/** A running local Airtable-compatible server. */
export interface AirtableServer {
  /** `http://127.0.0.1:<port>`, to pass as the client's `endpointUrl`. */
  readonly url: string;
  /** Stops listening, drops open sockets and pending delays. */
  close(): Promise<void>;
  /** Every request received, in arrival order. */
  readonly requests: readonly RequestLogEntry[];
  /** Empties the request log. */
  clearRequests(): void;
  /** A snapshot of a table's records in creation order (computed fields included). */
  records(baseId: string, table: string): readonly StoredRecord[];
  /**
   * Inserts rows directly, bypassing HTTP, the rate limit and the request log; values are validated as
   * a create without typecast would be, and a refused one throws (a test set-up mistake).
   * @returns the new records' IDs, in order
   */
  seed(
    baseId: string,
    table: string,
    rows: readonly Record<string, unknown>[],
    createdTimes?: readonly string[],
  ): readonly { id: string }[];
  /** Queues a fault consumed by the next request matching `match`. */
  injectFault(fault: Fault, match?: FaultMatch): void;
  /** How many injected faults have not been consumed yet. */
  pendingFaults(): number;
}
