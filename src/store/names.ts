// Names become object keys in records and field names in adapters: keep them to a safe alphabet.
const NAME = /^[\p{L}\p{N}_][\p{L}\p{N}_.:-]{0,99}$/u;
const FORBIDDEN = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Whether `value` is a name the service accepts for an operation, a metric or a provider: 1–100
 * letters, digits, `_ . : -`, starting with a letter, digit or `_`, and never an `Object.prototype`
 * key (`__proto__`, `constructor`, `prototype`). Shared so a store loading saved state refuses
 * exactly the names the service would.
 */
export function isRecordName(value: unknown): value is string {
  return typeof value === "string" && NAME.test(value) && !FORBIDDEN.has(value);
}

/** The rule {@link isRecordName} checks, in words, for error messages. */
export const RECORD_NAME_RULE = "use 1–100 letters, digits, '_', '.', ':' or '-'";
