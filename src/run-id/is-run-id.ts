import type { RunId } from "./brand.js";
import { canonicalKind, NOT_CANONICAL } from "./scanner.js";

/**
 * Whether `value` is a canonical run ID (base or client) exactly as given — no repairs, no
 * legacy shapes. Works on values from any realm; never throws.
 */
export function isRunId(value: unknown): value is RunId {
  return typeof value === "string" && canonicalKind(value) !== NOT_CANONICAL;
}
