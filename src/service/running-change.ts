import type { ServiceContext } from "./context.js";
import type { EndStatus } from "./roll-up.js";
import { changeToken } from "./tokens.js";

/**
 * The head every change to a running record carries: its token, its time and the `running`
 * precondition (so a record that ended meanwhile is left alone).
 * @param idempotencyKey the caller's key, when a retry of the same write must be a no-op
 */
export const whileRunning = (ctx: ServiceContext, idempotencyKey?: string) => {
  const at = ctx.now();
  return { token: changeToken(ctx.mintToken, idempotencyKey), at, ifStatus: ["running"] as const };
};

/**
 * A change that ends a running record now with `status`.
 * @param notes appended to the record's notes; none are sent when empty
 */
export const endChange = (
  ctx: ServiceContext,
  status: EndStatus,
  notes: readonly string[] = [],
) => {
  const head = whileRunning(ctx);
  return { ...head, status, endedAt: head.at, ...(notes.length === 0 ? {} : { notes }) };
};
