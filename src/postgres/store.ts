import { err, ok, type Result, ResultAsync } from "neverthrow";
import type { BaseRunId, ClientId } from "../run-id/brand.js";
import { invalidChange, metricRangeError } from "../store/change-rules.js";
import type { Applied, ClientRunChange, JobChange } from "../store/changes.js";
import { type JobPage, jobCursor, parseJobQuery } from "../store/job-query.js";
import type { RunningRecords, RunRecordStore, StoreCapabilities } from "../store/port.js";
import { type StoreError, storeRejected } from "../store/store-error.js";
import type { SqlDriver } from "./driver.js";
import { isLostRace, toStoreError } from "./error-map.js";
import {
  decodeClientRun,
  decodeJob,
  decodeLink,
  encodeChange,
  encodeClientRun,
  encodeJob,
  encodeLink,
} from "./record-codec.js";
import { type Statement, statementsFor } from "./statements.js";

/** The PostgreSQL (or PGlite) store: a {@link RunRecordStore} whose `close()` leaves the caller's client open. */
export interface PostgresStore extends RunRecordStore {
  /** The schema holding the store's tables. */
  readonly schema: string;
  /** `pg` for a node-postgres pool, `pglite` for a PGlite instance. */
  readonly driver: "pg" | "pglite";
  /** Stops the store (later calls are `rejected`) and releases its PGlite directory lock; never ends `db`. */
  close(): ResultAsync<void, StoreError>;
}

/** What {@link buildPostgresStore} needs besides the driver. */
export interface BuildStoreOptions {
  readonly schema: string;
  readonly name: string;
  readonly multiProcess: boolean;
  /** Called once by the first `close()`. */
  readonly onClose?: () => void;
}

// A lost race is re-run at most this many times before its error is the answer.
const MAX_RERUNS = 2;

interface UpdateAnswer {
  readonly outcome: "applied" | "repeat" | "not-found" | "precondition-failed" | "out-of-range";
  readonly record?: unknown;
  readonly status?: string;
}

/**
 * Builds the store over a driver whose schema is known to be current: every method is one statement (one round
 * trip), re-run at most twice when the database reports a lost race.
 */
export function buildPostgresStore(driver: SqlDriver, options: BuildStoreOptions): PostgresStore {
  const sql = statementsFor(options.schema);
  let closed = false;
  const capabilities: StoreCapabilities = Object.freeze({
    atomicCreate: true,
    atomicUpdate: true,
    conditionalUpdate: true,
    idempotentChanges: true,
    multiProcess: options.multiProcess,
  });

  // Runs `body`; whatever it throws (a driver error, or input that bypassed the types) becomes a StoreError.
  const call = <T>(
    action: string,
    write: boolean,
    body: () => Promise<Result<T, StoreError>>,
  ): ResultAsync<T, StoreError> =>
    new ResultAsync(
      (async (): Promise<Result<T, StoreError>> => {
        if (closed) return err(storeRejected(`${action}: the store is closed`));
        try {
          return await body();
        } catch (cause) {
          return err(toStoreError(cause, action, write));
        }
      })(),
    );

  // Re-runs a statement that lost a race: a unique violation, serialization failure or deadlock, or (for
  // create-if-absent) no row because the competing insert had not committed when the statement began.
  const rows = async (
    statement: Statement,
    params: readonly unknown[],
    needsRow = false,
  ): Promise<readonly unknown[]> => {
    for (let attempt = 0; ; attempt++) {
      try {
        const found = await driver.run(statement, params);
        if (!needsRow || found.length > 0 || attempt >= MAX_RERUNS) return found;
      } catch (cause) {
        if (!isLostRace(cause) || attempt >= MAX_RERUNS) throw cause;
      }
    }
  };

  const created = async (statement: Statement, params: readonly unknown[], what: string) => {
    const found = await rows(statement, params, true);
    if (found.length === 0) {
      return err(
        toStoreError(
          Object.assign(new Error(`${what} lost the race ${MAX_RERUNS + 1} times`), {
            code: "40001",
          }),
          what,
          true,
        ),
      );
    }
    return ok((found[0] as { record: unknown }).record);
  };

  const answer = <T>(
    key: string,
    change: JobChange | ClientRunChange,
    value: unknown,
    decode: (record: unknown) => T,
  ): Result<Applied<T>, StoreError> => {
    const reply = value as UpdateAnswer;
    switch (reply.outcome) {
      case "applied":
      case "repeat":
        return ok({ record: decode(reply.record), applied: reply.outcome === "applied" });
      case "not-found":
        return err({ type: "not-found", message: `no record for ${key}`, key });
      case "precondition-failed":
        return err({
          type: "precondition-failed",
          message: `record ${key} is ${reply.status}, not in the change's ifStatus list`,
          key,
          status: reply.status ?? "",
        });
      case "out-of-range": {
        // The function found a metric out of range and sent the record as it was: the shared rule names it.
        const refused = metricRangeError(decodeClientRun(reply.record), change as ClientRunChange);
        return err(
          refused ??
            storeRejected(
              "a metric would leave the finite, exact range; nothing was written",
              reply,
            ),
        );
      }
      default:
        return err(
          storeRejected(`the update function gave an answer this code does not know`, reply),
        );
    }
  };

  const update = <T>(
    action: string,
    key: string,
    statement: Statement,
    keys: readonly string[],
    change: JobChange | ClientRunChange,
    decode: (record: unknown) => T,
  ): ResultAsync<Applied<T>, StoreError> =>
    call(action, true, async () => {
      const invalid = invalidChange(change);
      if (invalid) return err(invalid);
      const found = await rows(statement, [...keys, encodeChange(change)]);
      return answer(key, change, (found[0] as { result: unknown }).result, decode);
    });

  const clientKey = (runId: BaseRunId, clientId: ClientId) => JSON.stringify([runId, clientId]);

  const store: PostgresStore = {
    name: options.name,
    schema: options.schema,
    driver: driver.kind,
    capabilities,
    createJob: (job) =>
      call("createJob", true, async () => {
        const text = encodeJob(job);
        if (typeof text !== "string") return err(storeRejected(`createJob: ${text.problem}`, job));
        const record = await created(sql.createJob, [job.runId, text], "createJob");
        return record.map(decodeJob);
      }),
    getJob: (runId) =>
      call("getJob", false, async () => {
        const found = await rows(sql.getJob, [runId]);
        return ok(
          found.length === 0 ? undefined : decodeJob((found[0] as { record: unknown }).record),
        );
      }),
    updateJob: (runId, change) =>
      update("updateJob", runId, sql.updateJob, [runId], change, decodeJob),
    createClientRun: (run) =>
      call("createClientRun", true, async () => {
        const text = encodeClientRun(run);
        if (typeof text !== "string") {
          return err(storeRejected(`createClientRun: ${text.problem}`, run));
        }
        const params = [run.baseRunId, run.clientId, text];
        const record = await created(sql.createClientRun, params, "createClientRun");
        return record.map(decodeClientRun);
      }),
    getClientRun: (runId, clientId) =>
      call("getClientRun", false, async () => {
        const found = await rows(sql.getClientRun, [runId, clientId]);
        const first = found[0] as { record: unknown } | undefined;
        return ok(first === undefined ? undefined : decodeClientRun(first.record));
      }),
    listClientRuns: (runId) =>
      call("listClientRuns", false, async () => {
        const found = await rows(sql.listClientRuns, [runId]);
        return ok(
          Object.freeze(found.map((row) => decodeClientRun((row as { record: unknown }).record))),
        );
      }),
    updateClientRun: (runId, clientId, change) =>
      update(
        "updateClientRun",
        clientKey(runId, clientId),
        sql.updateClientRun,
        [runId, clientId],
        change,
        decodeClientRun,
      ),
    listJobs: (input) =>
      call("listJobs", false, async (): Promise<Result<JobPage, StoreError>> => {
        const parsed = parseJobQuery(input);
        if (parsed.isErr()) {
          const { field, reason, input: bad } = parsed.error;
          return err(storeRejected(`invalid ${field}: ${reason}`, bad));
        }
        const query = parsed.value;
        const found = await rows(sql.listJobs, [
          query.statuses ? JSON.stringify(query.statuses) : null,
          query.tags ? JSON.stringify(query.tags) : null,
          query.startedAfter ?? null,
          query.startedBefore ?? null,
          query.after?.startedAt ?? null,
          query.after?.runId ?? null,
          query.limit + 1,
        ]);
        const jobs = found
          .slice(0, query.limit)
          .map((row) => decodeJob((row as { record: unknown }).record));
        const last = jobs[jobs.length - 1];
        if (found.length <= query.limit || last === undefined) return ok({ jobs });
        return ok({ jobs, nextCursor: jobCursor(query, last) });
      }),
    listRunning: () =>
      call("listRunning", false, async () => {
        const found = await rows(sql.listRunning, []);
        const result = (found[0] as { result: { jobs: unknown[]; clientRuns: unknown[] } }).result;
        const running: RunningRecords = {
          jobs: result.jobs.map(decodeJob),
          clientRuns: result.clientRuns.map(decodeClientRun),
        };
        return ok(running);
      }),
    linkExternalRun: (link) =>
      call("linkExternalRun", true, async () => {
        const text = encodeLink(link);
        if (typeof text !== "string") {
          return err(storeRejected(`linkExternalRun: ${text.problem}`, link));
        }
        const params = [link.provider, link.externalId, text];
        const record = await created(sql.linkExternalRun, params, "linkExternalRun");
        return record.map(decodeLink);
      }),
    resolveExternalRun: (provider, externalId) =>
      call("resolveExternalRun", false, async () => {
        const found = await rows(sql.resolveExternalRun, [provider, externalId]);
        const first = found[0] as { record: unknown } | undefined;
        return ok(first === undefined ? undefined : decodeLink(first.record));
      }),
    close: () => {
      if (!closed) {
        closed = true;
        options.onClose?.();
      }
      return new ResultAsync(Promise.resolve(ok(undefined)));
    },
  };
  return store;
}
