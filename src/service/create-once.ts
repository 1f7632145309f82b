import { err, ok, type Result } from "neverthrow";
import type { StoreError } from "../store/store-error.js";
import { callStore, maybeLocked, type Out, type ServiceContext } from "./context.js";
import { changeToken } from "./tokens.js";

/** What `createOnce` returns: the one stored record and whether this call created it. */
export interface Created<R> {
  readonly record: R;
  readonly created: boolean;
}

/**
 * Creates a record unless one exists, under the key's in-process lock when the store cannot create
 * atomically; the stored creation token tells this call's record from one that was there first.
 * @param build the new record, given its creation time and token
 * @param create the store call that creates it (or returns the existing record)
 */
export const createOnce = async <R extends { readonly creationToken: string }>(
  ctx: ServiceContext,
  lockKey: string,
  input: unknown,
  build: (at: number, token: string) => R,
  create: (record: R) => PromiseLike<Result<R, StoreError>>,
): Out<Created<R>> => {
  const at = ctx.now();
  const token = changeToken(ctx.mintToken, undefined);
  const record = build(at, token);
  const stored = await maybeLocked(ctx, lockKey, !ctx.caps.atomicCreate, () =>
    callStore(ctx, input, false, () => create(record)),
  );
  if (stored.isErr()) return err(stored.error);
  return ok({ record: stored.value, created: stored.value.creationToken === token });
};
