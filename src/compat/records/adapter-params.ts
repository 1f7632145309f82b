import { invalidArgument, show } from "./record-error.js";

/** Old arguments: one object with the old property names (or the older positional arguments). */
export type AdapterParams = Readonly<Record<string, unknown>>;

/** The `{ skipped: true, reason: 'standalone_run' }` answer of calls made with `options.isStandalone`. */
export interface Skipped {
  readonly skipped: true;
  readonly reason: string;
  readonly success?: boolean;
  readonly message?: string;
}

/** The answer of a call made with `options.isStandalone: true`. */
export const STANDALONE: Skipped = Object.freeze({ skipped: true, reason: "standalone_run" });

/**
 * The object form of old arguments: positional ones (older call sites) named by `names`, as the
 * old adapter did, else the object itself; anything else is `invalid-argument`.
 */
export const positional = (
  params: unknown,
  rest: unknown[],
  names: readonly string[],
): AdapterParams => {
  if (typeof params === "string") {
    const values = [params, ...rest];
    return Object.fromEntries(
      names.map((name, i) => [name, values[i]]).filter(([, v]) => v !== undefined),
    );
  }
  if (typeof params !== "object" || params === null) {
    throw invalidArgument(`Invalid params: ${show(params)}`, params);
  }
  return params as AdapterParams;
};

/** The old `options` bag, `{}` when absent. */
export const optionsOf = (p: AdapterParams): AdapterParams =>
  (typeof p.options === "object" && p.options !== null ? p.options : {}) as AdapterParams;

/** The optional `idempotencyKey` property: a non-empty string, else `invalid-argument`. */
export const idempotencyKeyOf = (p: AdapterParams): string | undefined => {
  const key = p.idempotencyKey;
  if (key === undefined) return undefined;
  if (typeof key !== "string" || key.length === 0) {
    throw invalidArgument("idempotencyKey must be a non-empty string", key);
  }
  return key;
};
