import type { BaseRunId, ClientId, ClientRunId } from "./brand.js";

/** A fix lenient parsing applied to reach the canonical form. */
export type Repair =
  | "trimmed"
  | "decimal-suffix"
  | "colon-separator"
  | "double-suffix"
  | "unicode-normalized";

/** The calendar fields of a run ID timestamp, as written (no time zone implied). */
export interface RunIdTimestamp {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

/** A canonical base run ID, parsed. */
export interface ParsedBaseRunId {
  readonly kind: "base";
  readonly runId: BaseRunId;
  readonly timestamp: RunIdTimestamp;
  readonly repairs: readonly Repair[];
}

/** A canonical client run ID, parsed. */
export interface ParsedClientRunId {
  readonly kind: "client";
  readonly runId: ClientRunId;
  readonly baseRunId: BaseRunId;
  readonly clientId: ClientId;
  readonly timestamp: RunIdTimestamp;
  readonly repairs: readonly Repair[];
}

/** The older run ID shapes found in existing records. */
export type LegacyFormat = "sr" | "apify" | "job" | "post-batch";

/** An older run ID shape: recognised and described, never converted or re-timestamped. */
export interface LegacyRunId {
  readonly kind: "legacy";
  readonly format: LegacyFormat;
  /** The input after lenient repairs (trimmed, double suffix collapsed), otherwise as given. */
  readonly raw: string;
  /**
   * The client the shape carries, when it carries one: the likelier reading of {@link clientIds}
   * (a `C` followed by a capital or digit is read as the old `-C<client>` marker).
   */
  readonly clientId?: ClientId;
  /**
   * Every client the suffix can be read as, `clientId` first; present whenever `clientId` is.
   * A suffix starting with `C` is ambiguous: `…-CJ-Smith` is `J-Smith` with the marker or
   * `CJ-Smith` without it, so a caller who knows the client should choose from this list.
   */
  readonly clientIds?: readonly ClientId[];
  readonly repairs: readonly Repair[];
  /** The part without the client suffix (e.g. `SR-250924-001-T3304-S1`, `8MSTBAfqMzuXPvgB3`). */
  readonly stem: string;
  /** When the shape encodes a moment (epoch ms or a UTC timestamp), that moment in epoch ms. */
  readonly epochMs?: number;
  /** The operation named by `job_` shapes (e.g. `post_scoring`). */
  readonly operation?: string;
  /** The stream number of `SR-…-S<n>` and `job_…_stream<n>_…` shapes. */
  readonly stream?: number;
  /** The day sequence number `NNN` of `SR-YYMMDD-NNN` shapes. */
  readonly sequence?: number;
  /** The `_bypass` (job) or `_standalone` (post-batch) marker, when present. */
  readonly variant?: "bypass" | "standalone";
}

/** The result of parsing any recognised run ID. */
export type ParsedRunId = ParsedBaseRunId | ParsedClientRunId | LegacyRunId;
