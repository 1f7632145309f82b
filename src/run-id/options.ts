/** A successfully read option value (possibly `undefined` when absent). */
export interface OptionRead {
  readonly value: unknown;
}

/**
 * Reads `options[key]` without ever throwing: options may come from untyped callers and be
 * anything, including a Proxy whose traps throw.
 * @returns the value read, or undefined when reading threw or `options` is not an object
 */
export function readOption(options: unknown, key: string): OptionRead | undefined {
  if (options === undefined || options === null) return { value: undefined };
  if (typeof options !== "object" && typeof options !== "function") return undefined;
  try {
    return { value: (options as Record<string, unknown>)[key] };
  } catch {
    return undefined;
  }
}
