// The standard run of DESIGN.md section 6 cut into shares, so several processes can each run the
// clients c with c % shares === share against one database. Same plan as src/testing's
// runStandardRun (deltas, messages, provider IDs, repeats), checked with its checkStandardRun.
import type { ResultAsync } from "neverthrow";
import type { RunRecordService, ServiceError } from "../../../src/index.js";
import { createSeededRandom } from "../../../src/testing/seeded-random.js";
import {
  addInto,
  STANDARD_OPERATIONS,
  STANDARD_PROVIDER,
  type StandardOperation,
  type StandardRunTotals,
  standardClientId,
  standardDeltas,
  standardExternalId,
  standardMessage,
} from "../../../src/testing/standard-run-plan.js";

/** The standard run's shape: 50 clients, 10 increments and 5 progress lines per operation. */
export const STANDARD = { clients: 50, increments: 10, progressLines: 5 } as const;

/** The totals a complete standard run must read back (every operation completed). */
export const expectedStandardTotals = (): StandardRunTotals => {
  const metrics = new Map<string, number>();
  for (let c = 0; c < STANDARD.clients; c++) {
    for (const op of STANDARD_OPERATIONS) {
      for (let i = 0; i < STANDARD.increments; i++) addInto(metrics, standardDeltas(c, op, i));
    }
  }
  return {
    jobStatus: "completed",
    clientRuns: STANDARD.clients,
    metrics: Object.fromEntries(metrics),
    progressLines: STANDARD.clients * STANDARD_OPERATIONS.length * STANDARD.progressLines,
    statuses: { completed: STANDARD.clients },
  };
};

/** The client IDs of the standard run, in order. */
export const standardClientIds = (): string[] =>
  Array.from({ length: STANDARD.clients }, (_, c) => standardClientId(c));

/** One process's part of a standard run. */
export interface Share {
  readonly runId: string;
  readonly share: number;
  readonly shares: number;
  /** Seed of the repeats (a retried webhook sends twice at once). */
  readonly seed: number;
}

/** A sender that re-sends after `store-unavailable` (the same idempotency key) and records failures. */
export const createSender = (failures: string[], retries = 25) => {
  let sends = 0;
  const send = async <T>(what: string, call: () => ResultAsync<T, ServiceError>) => {
    for (let attempt = 0; ; attempt++) {
      sends++;
      const result = await call();
      if (result.isOk()) return result.value;
      if (result.error.type !== "store-unavailable" || attempt >= retries) {
        failures.push(`${what}: ${result.error.type}: ${result.error.message}`);
        return undefined;
      }
    }
  };
  return { send, sends: () => sends };
};

const mine = (share: Share) =>
  Array.from({ length: STANDARD.clients }, (_, c) => c).filter(
    (c) => c % share.shares === share.share,
  );

/** Starts this share's client runs (some twice at once). @returns the failures */
export const startShareClientRuns = async (
  service: RunRecordService,
  share: Share,
): Promise<string[]> => {
  const failures: string[] = [];
  const { send } = createSender(failures);
  const random = createSeededRandom(share.seed);
  await Promise.all(
    mine(share).map(async (c) => {
      const clientId = standardClientId(c);
      const call = () =>
        service.startClientRun({
          runId: share.runId,
          clientId,
          clientName: `Client ${clientId}`,
          operations: [...STANDARD_OPERATIONS],
        });
      const times = random() < 0.2 ? 2 : 1;
      await Promise.all(Array.from({ length: times }, () => send(`start ${clientId}`, call)));
    }),
  );
  return failures;
};

/** Runs every operation of this share's clients, as runStandardRun does. @returns the failures */
export const runShareOperations = async (
  service: RunRecordService,
  share: Share,
  onMetricsAcknowledged: (client: number, op: StandardOperation, send: number) => void = () => {},
): Promise<string[]> => {
  const failures: string[] = [];
  const { send } = createSender(failures);
  const random = createSeededRandom(share.seed + 1);
  const maybeTwice = async <T>(what: string, call: () => ResultAsync<T, ServiceError>) => {
    if (random() >= 0.2) return send(what, call);
    const [first] = await Promise.all([send(what, call), send(what, call)]);
    return first;
  };
  const runOperation = async (c: number, op: StandardOperation) => {
    const clientId = standardClientId(c);
    const key = (what: string) => `${op}:${what}`;
    await send(`startOperation ${clientId} ${op}`, () =>
      service.startOperation(share.runId, clientId, op),
    );
    let target = { runId: share.runId, clientId };
    if (op === "post_harvesting") {
      const externalId = standardExternalId(share.runId, c);
      await maybeTwice(`link ${clientId}`, () =>
        service.linkExternalRun({
          provider: STANDARD_PROVIDER,
          externalId,
          runId: share.runId,
          clientId,
        }),
      );
      const resolved = await send(`resolve ${externalId}`, () =>
        service.resolveExternalRun(STANDARD_PROVIDER, externalId),
      );
      if (resolved !== undefined)
        target = { runId: resolved.clientRunId, clientId: resolved.clientId };
    }
    for (let i = 0; i < STANDARD.increments; i++) {
      const written = await maybeTwice(`metrics ${clientId} ${op} ${i}`, () =>
        service.recordMetrics(target.runId, target.clientId, standardDeltas(c, op, i), {
          idempotencyKey: key(`metrics:${i}`),
        }),
      );
      if (written !== undefined) onMetricsAcknowledged(c, op, i);
      if (i < STANDARD.progressLines) {
        await maybeTwice(`progress ${clientId} ${op} ${i}`, () =>
          service.appendProgress(target.runId, target.clientId, standardMessage(clientId, op, i), {
            idempotencyKey: key(`progress:${i}`),
          }),
        );
      }
    }
    await maybeTwice(`complete ${clientId} ${op}`, () =>
      service.completeOperation(target.runId, target.clientId, op, {
        status: "completed",
        idempotencyKey: key("complete"),
      }),
    );
  };
  await Promise.all(
    mine(share).map((c) => Promise.all(STANDARD_OPERATIONS.map((op) => runOperation(c, op)))),
  );
  return failures;
};
