import { err, ok, type Result } from "neverthrow";
import type { BaseRunId, ClientId } from "../run-id/brand.js";
import type { ExternalRunLink } from "../store/records.js";
import { type StoreError, storeUnavailable } from "../store/store-error.js";
import type { Coalescer } from "./coalescer.js";
import { detached, type EventOp } from "./event-codec.js";
import type { EventReader } from "./event-reader.js";
import { clientKey, encodeLinkKey } from "./record-key.js";
import type { Replica } from "./replica.js";
import type { StoreEngine } from "./store-engine.js";

/** What linking needs from the store. */
export interface LinkContext {
  readonly replica: Replica;
  readonly reader: EventReader;
  readonly engine: StoreEngine;
  readonly coalescer: Coalescer;
  /** Shared consistency: claims are always read from the table, and a new claim waits for its read-back. */
  readonly shared: boolean;
}

const readClaims = (ctx: LinkContext, provider: string, externalId: string) =>
  ctx.reader.read({ by: "link", linkKey: encodeLinkKey(provider, externalId) });

/**
 * Links a provider's run to a client run unless a link for (provider, external ID) exists; the
 * first claim committed to the events table wins.
 * @returns the winning link
 */
export const linkExternal = async (
  ctx: LinkContext,
  link: ExternalRunLink,
): Promise<Result<ExternalRunLink, StoreError>> => {
  const { replica, engine, coalescer } = ctx;
  const key = clientKey(link.runId as BaseRunId, link.clientId as ClientId);
  if (ctx.shared) {
    // Write the claim, read every claim back: the first one committed is the answer.
    const op: EventOp = { t: "link", token: engine.newToken(), link: detached(link) };
    const done = await engine.awaitOp(key, op, coalescer);
    if (done.isErr()) return err(done.error);
    const winner = replica.link(link.provider, link.externalId);
    return winner
      ? ok(winner)
      : err(storeUnavailable("the link was written but not read back", undefined, "unknown"));
  }
  const known = replica.link(link.provider, link.externalId);
  if (known) return ok(known);
  // Ask the table first, so a link another process committed earlier is answered, not overridden.
  const read = await readClaims(ctx, link.provider, link.externalId);
  if (read.isErr()) return err(read.error);
  const committed = replica.link(link.provider, link.externalId);
  if (committed) return ok(committed);
  const held = replica.entry(key);
  const op: EventOp = { t: "link", token: engine.newToken(), link: detached(link) };
  replica.accept(held, op);
  coalescer.add(held.keyText, key, op, false);
  return ok(replica.link(link.provider, link.externalId) ?? link);
};

/**
 * The winning link for (provider, external ID), or `undefined`; read from the table unless this
 * process knows it (process consistency) — with shared consistency always read.
 */
export const resolveExternal = async (
  ctx: LinkContext,
  provider: string,
  externalId: string,
): Promise<Result<ExternalRunLink | undefined, StoreError>> => {
  const known = ctx.shared ? undefined : ctx.replica.link(provider, externalId);
  if (known) return ok(known);
  const read = await readClaims(ctx, provider, externalId);
  if (read.isErr()) return err(read.error);
  return ok(ctx.replica.link(provider, externalId));
};
