import type { BaseRunId, ClientId, ClientRunId } from "../run-id/brand.js";
import { parseClientId, parseRunId, withClient } from "../run-id/index.js";
import type { ClientRunRecord, JobRecord } from "../store/records.js";
import { expectOk } from "./must.js";

/** A fixed moment (2025-10-07 07:04:57 UTC): the suite never reads the wall clock. */
export const T0 = Date.UTC(2025, 9, 7, 7, 4, 57);

/** Parses a canonical base run ID for a fixture. */
export function baseId(text: string): BaseRunId {
  const parsed = expectOk(parseRunId(text, { mode: "strict" }));
  if (parsed.kind !== "base") throw new Error(`fixture ${text} is not a base run ID`);
  return parsed.runId;
}

/** The canonical base run ID (`YYMMDD-HHMMSS`, UTC) of the second `ms` falls in. */
export function baseIdAt(ms: number): BaseRunId {
  const iso = new Date(ms).toISOString();
  return baseId(
    `${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`,
  );
}

/** Parses a client ID for a fixture. */
export function clientId(text: string): ClientId {
  return expectOk(parseClientId(text));
}

/** The client run ID of `client` in job `base`. */
export function clientRunId(base: BaseRunId, client: ClientId): ClientRunId {
  return expectOk(withClient(base, client));
}

/** A fresh running job record. */
export function newJob(runId: BaseRunId, token: string, at = T0, stream?: number): JobRecord {
  return {
    runId,
    status: "running",
    ...(stream === undefined ? {} : { stream }),
    notes: [],
    sealed: false,
    startedAt: at,
    lastActivityAt: at,
    tags: {},
    creationToken: token,
  };
}

/** A fresh running client run record for (`base`, `client`). */
export function newClientRun(
  base: BaseRunId,
  client: ClientId,
  token: string,
  at = T0,
): ClientRunRecord {
  return {
    runId: clientRunId(base, client),
    baseRunId: base,
    clientId: client,
    status: "running",
    operations: {},
    metrics: {},
    progress: [],
    notes: [],
    startedAt: at,
    lastActivityAt: at,
    tags: {},
    creationToken: token,
  };
}

/**
 * A barrier for forcing interleavings: each caller's `arrive()` resolves only once `parties` callers have arrived.
 * @param parties - How many callers to hold.
 */
export function createBarrier(parties: number): { arrive(): Promise<void> } {
  let arrived = 0;
  let release: () => void = () => {};
  const open = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    arrive() {
      arrived++;
      if (arrived >= parties) release();
      return open;
    },
  };
}
