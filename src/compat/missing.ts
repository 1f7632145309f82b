/**
 * True for the values the old functions treated as "not given": `null`, `undefined` and `''`
 * (the old `!value` check, minus `0`, `false` and `NaN`, which are reported as non-strings).
 * @param value - an argument as received
 */
export const isMissing = (value: unknown): value is null | undefined | "" =>
  value === null || value === undefined || value === "";
