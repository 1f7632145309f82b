import type { LegacyRunId } from "./parsed.js";

/** Every way a run ID or client ID can be refused, as a readonly union on `type`. */
export type RunIdError =
  | RunIdErrorOf<"not-a-string">
  | RunIdErrorOf<"empty">
  | RunIdErrorOf<"placeholder">
  | RunIdErrorOf<"malformed">
  | RunIdErrorOf<"invalid-date">
  | RunIdErrorOf<"invalid-time">
  | RunIdErrorOf<"invalid-client-id">
  | (RunIdErrorOf<"client-mismatch"> & { readonly expected: string; readonly actual: string })
  | (RunIdErrorOf<"legacy-format"> & { readonly legacy: LegacyRunId })
  | RunIdErrorOf<"generator-ahead">
  | RunIdErrorOf<"invalid-time-zone">
  | (RunIdErrorOf<"invalid-clock"> & { readonly cause?: unknown })
  | RunIdErrorOf<"invalid-option">;

/** The fields every run ID error carries: its `type`, the offending `input` and a one-line `message`. */
export interface RunIdErrorOf<T extends string> {
  readonly type: T;
  readonly input: unknown;
  readonly message: string;
}

/** The `type` of a run ID error. */
export type RunIdErrorType = RunIdError["type"];
