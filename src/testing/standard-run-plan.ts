import type { OperationOutcome, RunStatus } from "../store/records.js";

/** The three operations of every client in the standard run, in DESIGN.md order. */
export const STANDARD_OPERATIONS = ["lead_scoring", "post_harvesting", "post_scoring"] as const;

/** One operation name of the standard run. */
export type StandardOperation = (typeof STANDARD_OPERATIONS)[number];

/** The provider whose webhook reports post harvesting in the standard run. */
export const STANDARD_PROVIDER = "apify";

/**
 * The metric deltas of one send: a pure function of (client, operation, send), so the expected
 * totals are known before anything runs. Costs are multiples of 1/8, exact in binary, so sums
 * do not depend on the order they happen in.
 */
export const standardDeltas = (
  client: number,
  operation: StandardOperation,
  send: number,
): Readonly<Record<string, number>> => {
  switch (operation) {
    case "lead_scoring":
      return {
        profiles_examined: 40,
        profiles_scored: 38 + ((client + send) % 3),
        profile_tokens: 1000 + 7 * client + send,
      };
    case "post_harvesting":
      return {
        profiles_submitted: 5,
        posts_harvested: 10 + ((client * send) % 7),
        apify_cost: 0.125 * (1 + ((client + send) % 4)),
      };
    default:
      return {
        posts_examined: 12,
        posts_scored: 11 + (send % 2),
        post_tokens: 500 + client + 3 * send,
      };
  }
};

/** The progress message of one line: unique per (client, operation, line), so a duplicate is visible. */
export const standardMessage = (clientId: string, operation: string, line: number): string =>
  `${operation} ${clientId}: step ${line + 1}`;

/** The client ID of the standard run's client number `index`. */
export const standardClientId = (index: number): string =>
  `Client-${String(index + 1).padStart(3, "0")}`;

/** A deterministic 17-character alphanumeric provider run ID (the Apify shape) for a client. */
export const standardExternalId = (runId: string, index: number): string => {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  let seed = index + 1;
  for (const ch of runId) seed = (seed * 31 + ch.charCodeAt(0)) >>> 0;
  let id = "";
  for (let i = 0; i < 17; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    id += alphabet[(seed >>> 8) % alphabet.length];
  }
  return id;
};

/** What a standard run is checked against: known in advance (expected) and read back (actual). */
export interface StandardRunTotals {
  readonly jobStatus: RunStatus | undefined;
  readonly clientRuns: number;
  /** Every metric summed over the job's client runs. */
  readonly metrics: Readonly<Record<string, number>>;
  /** Progress lines over all client runs. */
  readonly progressLines: number;
  /** Client runs per final status. */
  readonly statuses: Readonly<Partial<Record<RunStatus, number>>>;
}

/** Adds `deltas` into `into`. */
export const addInto = (
  into: Map<string, number>,
  deltas: Readonly<Record<string, number>>,
): void => {
  for (const [name, value] of Object.entries(deltas)) into.set(name, (into.get(name) ?? 0) + value);
};

/** The default outcome of every operation: completed. */
export const allCompleted = (): OperationOutcome => "completed";
