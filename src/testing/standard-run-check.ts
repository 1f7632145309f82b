import type { RunRecordService } from "../service/run-record-service.js";
import type { ClientRunRecord, RunStatus } from "../store/records.js";
import {
  addInto,
  STANDARD_OPERATIONS,
  STANDARD_PROVIDER,
  type StandardRunTotals,
  standardDeltas,
  standardExternalId,
  standardMessage,
} from "./standard-run-plan.js";

/** What the check needs to know about the run it reads back. */
export interface StandardRunCheckInput {
  readonly runId: string;
  readonly clientIds: readonly string[];
  readonly expected: StandardRunTotals;
  readonly clientStatuses: readonly RunStatus[];
  readonly increments: number;
  readonly progressLines: number;
}

/**
 * Reads a standard run back through the service and lists every difference from what was sent:
 * job totals and status, and per client its metrics, status, progress lines (each exactly once,
 * in order per operation) and its provider link.
 * @returns the actual totals and the mismatches
 */
export const checkStandardRun = async (
  service: RunRecordService,
  input: StandardRunCheckInput,
): Promise<{ actual: StandardRunTotals; mismatches: string[] }> => {
  const mismatches: string[] = [];
  const summary = await service.summarizeJob(input.runId);
  const runs = await service.listClientRuns(input.runId);
  if (summary.isErr() || runs.isErr()) {
    const error = summary.isErr() ? summary.error : runs.isErr() ? runs.error : undefined;
    mismatches.push(`reading the job back failed: ${error?.message}`);
    const actual = {
      jobStatus: undefined,
      clientRuns: 0,
      metrics: {},
      progressLines: 0,
      statuses: {},
    };
    return { actual, mismatches };
  }
  const actual: StandardRunTotals = {
    jobStatus: summary.value.job.status,
    clientRuns: summary.value.clientRuns,
    metrics: summary.value.job.metrics,
    progressLines: runs.value.reduce((n, run) => n + run.progress.length, 0),
    statuses: summary.value.clientRunsByStatus,
  };
  compareTotals(input.expected, actual, mismatches);
  const byClient = new Map<string, ClientRunRecord>(runs.value.map((run) => [run.clientId, run]));
  await Promise.all(
    input.clientIds.map(async (clientId, c) => {
      const run = byClient.get(clientId);
      if (run === undefined) return void mismatches.push(`${clientId}: no client run`);
      checkClientRun(input, run, c, mismatches);
      const externalId = standardExternalId(input.runId, c);
      const link = await service.resolveExternalRun(STANDARD_PROVIDER, externalId);
      if (link.isErr() || link.value.clientId !== clientId || link.value.runId !== run.baseRunId) {
        mismatches.push(
          `${clientId}: ${STANDARD_PROVIDER} run ${externalId} does not resolve to it`,
        );
      }
    }),
  );
  return { actual, mismatches };
};

const compareTotals = (expected: StandardRunTotals, actual: StandardRunTotals, out: string[]) => {
  if (expected.jobStatus !== actual.jobStatus)
    out.push(`job status ${actual.jobStatus}, expected ${expected.jobStatus}`);
  if (expected.clientRuns !== actual.clientRuns)
    out.push(`${actual.clientRuns} client runs, expected ${expected.clientRuns}`);
  if (expected.progressLines !== actual.progressLines) {
    out.push(`${actual.progressLines} progress lines, expected ${expected.progressLines}`);
  }
  compareNumbers("job total", expected.metrics, actual.metrics, out);
  compareNumbers("client runs with status", expected.statuses, actual.statuses, out);
};

const compareNumbers = (
  what: string,
  expected: Readonly<Record<string, number | undefined>>,
  actual: Readonly<Record<string, number | undefined>>,
  out: string[],
) => {
  for (const name of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
    if (expected[name] !== actual[name])
      out.push(`${what} ${name}: ${actual[name]}, expected ${expected[name]}`);
  }
};

const checkClientRun = (
  input: StandardRunCheckInput,
  run: ClientRunRecord,
  c: number,
  out: string[],
) => {
  const expectedMetrics = new Map<string, number>();
  for (const op of STANDARD_OPERATIONS) {
    for (let i = 0; i < input.increments; i++) addInto(expectedMetrics, standardDeltas(c, op, i));
  }
  compareNumbers(`${run.clientId} metric`, Object.fromEntries(expectedMetrics), run.metrics, out);
  if (run.status !== input.clientStatuses[c]) {
    out.push(`${run.clientId}: status ${run.status}, expected ${input.clientStatuses[c]}`);
  }
  const messages = run.progress.map((line) => line.message);
  for (const op of STANDARD_OPERATIONS) {
    let previous = -1;
    for (let i = 0; i < input.progressLines; i++) {
      const message = standardMessage(run.clientId, op, i);
      const at = messages.indexOf(message);
      if (at < 0) out.push(`${run.clientId}: progress line missing: ${message}`);
      else if (messages.lastIndexOf(message) !== at)
        out.push(`${run.clientId}: progress line twice: ${message}`);
      else if (at < previous) out.push(`${run.clientId}: progress line out of order: ${message}`);
      previous = Math.max(previous, at);
    }
  }
  if (messages.length !== STANDARD_OPERATIONS.length * input.progressLines) {
    out.push(`${run.clientId}: ${messages.length} progress lines`);
  }
};
