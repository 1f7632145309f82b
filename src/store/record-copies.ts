import type {
  ClientRunRecord,
  ExternalRunLink,
  JobRecord,
  OperationState,
  ProgressLine,
} from "./records.js";

/**
 * Deep-copies and freezes a job record, so neither the caller's object nor a returned one can reach stored state.
 * @param job - The record to copy (only the known fields are kept).
 * @returns A frozen copy.
 */
export function freezeJob(job: JobRecord): JobRecord {
  const copy: JobRecord = {
    runId: job.runId,
    status: job.status,
    ...(job.stream === undefined ? {} : { stream: job.stream }),
    notes: Object.freeze([...job.notes]),
    sealed: job.sealed,
    startedAt: job.startedAt,
    ...(job.endedAt === undefined ? {} : { endedAt: job.endedAt }),
    lastActivityAt: job.lastActivityAt,
    tags: copyTags(job.tags),
    creationToken: job.creationToken,
  };
  return Object.freeze(copy);
}

/**
 * Deep-copies and freezes a client run record.
 * @param run - The record to copy (only the known fields are kept).
 * @returns A frozen copy.
 */
export function freezeClientRun(run: ClientRunRecord): ClientRunRecord {
  const copy: ClientRunRecord = {
    runId: run.runId,
    baseRunId: run.baseRunId,
    clientId: run.clientId,
    ...(run.clientName === undefined ? {} : { clientName: run.clientName }),
    status: run.status,
    operations: freezeOperations(Object.entries(run.operations)),
    metrics: freezeMetrics(Object.entries(run.metrics)),
    progress: Object.freeze(run.progress.map(freezeLine)),
    notes: Object.freeze([...run.notes]),
    startedAt: run.startedAt,
    ...(run.endedAt === undefined ? {} : { endedAt: run.endedAt }),
    lastActivityAt: run.lastActivityAt,
    tags: copyTags(run.tags),
    creationToken: run.creationToken,
  };
  return Object.freeze(copy);
}

/** Deep-copies and freezes an external run link. */
export function freezeLink(link: ExternalRunLink): ExternalRunLink {
  return Object.freeze({
    provider: link.provider,
    externalId: link.externalId,
    runId: link.runId,
    clientId: link.clientId,
    linkedAt: link.linkedAt,
  });
}

// Records written before tags existed have none: they read as `{}`.
function copyTags(
  tags: Readonly<Record<string, string>> | undefined,
): Readonly<Record<string, string>> {
  return Object.freeze(Object.fromEntries(Object.entries(tags ?? {})));
}

// Object.fromEntries defines own properties, so a metric named `__proto__` stays a metric.
function freezeMetrics(entries: [string, number][]): Readonly<Record<string, number>> {
  return Object.freeze(Object.fromEntries(entries));
}

function freezeOperations(
  entries: [string, OperationState][],
): Readonly<Record<string, OperationState>> {
  return Object.freeze(
    Object.fromEntries(entries.map(([name, state]) => [name, freezeOperation(state)])),
  );
}

function freezeOperation(state: OperationState): OperationState {
  return Object.freeze({
    status: state.status,
    ...(state.startedAt === undefined ? {} : { startedAt: state.startedAt }),
    ...(state.endedAt === undefined ? {} : { endedAt: state.endedAt }),
  });
}

function freezeLine(line: ProgressLine): ProgressLine {
  return Object.freeze({ at: line.at, message: line.message });
}
