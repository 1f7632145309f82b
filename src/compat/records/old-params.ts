import type { CompatError } from "../compat-error.js";
import { invalidArgument } from "./record-error.js";
import {
  type ClientRunKey,
  isRefusal,
  resolveBaseRunId,
  resolveClientRunKey,
} from "./record-writes.js";

/** Old arguments of the JobTracking methods: plain objects with the old property names. */
export type OldParams = Readonly<Record<string, unknown>>;

/** The old parameters object, or the old `Missing parameters object` error. */
export const paramsOf = (params: unknown, fn: string): OldParams => {
  if (typeof params !== "object" || params === null) {
    throw invalidArgument(`${fn}: Missing parameters object`, params);
  }
  return params as OldParams;
};

/** Throws a CompatError that stands in for a value. */
export const orThrow = <T>(value: T | CompatError): T => {
  if (isRefusal(value)) throw value;
  return value;
};

/** The optional `idempotencyKey` property: a non-empty string, else `invalid-argument`. */
export const keyOf = (value: unknown): string | undefined => {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value.length === 0) {
    throw invalidArgument("idempotencyKey must be a non-empty string", value);
  }
  return value;
};

/** The base run ID of a base or client run ID, or the core's refusal thrown. */
export const baseOrThrow = (runId: string): string => {
  const base = resolveBaseRunId(runId);
  if (base.isErr()) throw base.error;
  return base.value;
};

/** The (job, client) pair of a run ID and a client ID, or the core's refusal thrown. */
export const clientKeyOrThrow = (runId: string, clientId: string): ClientRunKey => {
  const key = resolveClientRunKey(runId, clientId);
  if (key.isErr()) throw key.error;
  return key.value;
};
