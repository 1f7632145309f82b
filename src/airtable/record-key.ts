import type { BaseRunId, ClientId } from "../run-id/brand.js";

/** Which record an event belongs to. */
export type RecordKey =
  | { readonly kind: "job"; readonly runId: BaseRunId }
  | { readonly kind: "client"; readonly runId: BaseRunId; readonly clientId: ClientId };

/** The job key. */
export const jobKey = (runId: BaseRunId): RecordKey => ({ kind: "job", runId });

/** The client run key. */
export const clientKey = (runId: BaseRunId, clientId: ClientId): RecordKey => ({
  kind: "client",
  runId,
  clientId,
});

/**
 * The key as stored in the events table: JSON, so (`a-b`, `c`) and (`a`, `b-c`) never collide
 * the way concatenated strings do.
 */
export const encodeKey = (key: RecordKey): string =>
  JSON.stringify(key.kind === "job" ? ["job", key.runId] : ["client", key.runId, key.clientId]);

/** Reads a stored key back; `undefined` when it is not one of ours. */
export const decodeKey = (text: unknown): RecordKey | undefined => {
  if (typeof text !== "string") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) return undefined;
  if (value[0] === "job" && value.length === 2) return jobKey(value[1] as BaseRunId);
  if (value[0] === "client" && value.length === 3) {
    return clientKey(value[1] as BaseRunId, value[2] as ClientId);
  }
  return undefined;
};

/** The stored form of a link's identity (provider, external ID). */
export const encodeLinkKey = (provider: string, externalId: string): string =>
  JSON.stringify([provider, externalId]);
